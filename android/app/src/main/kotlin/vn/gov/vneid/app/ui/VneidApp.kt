// The app's frame: sign-in without a session; otherwise the tabs the role gets (Trang chủ,
// Ví giấy tờ, Cá nhân; and for an officer Quét mã QR and Lịch sử quét), from :presentation.
package vn.gov.vneid.app.ui

import androidx.compose.foundation.layout.Box
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.padding
import androidx.compose.material.icons.Icons
import androidx.compose.material.icons.filled.AccountBalanceWallet
import androidx.compose.material.icons.filled.History
import androidx.compose.material.icons.filled.Home
import androidx.compose.material.icons.filled.Person
import androidx.compose.material.icons.filled.QrCodeScanner
import androidx.compose.material3.CircularProgressIndicator
import androidx.compose.material3.Icon
import androidx.compose.material3.NavigationBar
import androidx.compose.material3.NavigationBarItem
import androidx.compose.material3.Scaffold
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.getValue
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.graphics.vector.ImageVector
import androidx.compose.ui.platform.testTag
import androidx.navigation.NavGraph.Companion.findStartDestination
import androidx.navigation.compose.NavHost
import androidx.navigation.compose.composable
import androidx.navigation.compose.currentBackStackEntryAsState
import androidx.navigation.compose.rememberNavController
import vn.gov.vneid.presentation.navigation.Destination
import vn.gov.vneid.presentation.navigation.Navigation
import vn.gov.vneid.presentation.session.Role

private fun icon(d: Destination): ImageVector = when (d) {
    Destination.HOME -> Icons.Filled.Home
    Destination.WALLET, Destination.PAPER, Destination.PRESENT -> Icons.Filled.AccountBalanceWallet
    Destination.SCAN, Destination.VERDICT -> Icons.Filled.QrCodeScanner
    Destination.HISTORY -> Icons.Filled.History
    Destination.PERSONAL, Destination.LOGIN -> Icons.Filled.Person
}

@Composable
fun VneidApp(vm: AppViewModel) {
    if (vm.loading) {
        Box(Modifier.fillMaxSize(), contentAlignment = Alignment.Center) { CircularProgressIndicator() }
        return
    }
    val session = vm.session
    if (session == null) {
        LoginScreen(busy = vm.busy, error = vm.signInError, onSignIn = vm::signIn)
        return
    }
    val container = vm.container
    val nav = rememberNavController()
    val tabs = Navigation.tabs(session.role)
    val entry by nav.currentBackStackEntryAsState()
    val route = entry?.destination?.route
    Scaffold(
        bottomBar = {
            NavigationBar {
                for (d in tabs) {
                    NavigationBarItem(
                        selected = route == d.route,
                        onClick = {
                            nav.navigate(d.route) {
                                popUpTo(nav.graph.findStartDestination().id) { saveState = true }
                                launchSingleTop = true
                                restoreState = true
                            }
                        },
                        icon = { Icon(icon(d), contentDescription = null) },
                        label = { Text(key(d.titleKey), maxLines = 1) },
                        modifier = Modifier.testTag(Tags.tab(d)),
                    )
                }
            }
        },
    ) { padding ->
        NavHost(nav, startDestination = Navigation.start(session.role).route, modifier = Modifier.padding(padding)) {
            composable(Destination.HOME.route) {
                HomeScreen(session, onGoTo = { nav.navigate(it.route) })
            }
            composable(Destination.WALLET.route) {
                WalletScreen(session.wallet, container.zone, onOpen = { nav.navigate("${Destination.PAPER.route}/$it") })
            }
            composable("${Destination.PAPER.route}/{serial}") { back ->
                val serial = back.arguments?.getString("serial").orEmpty()
                PaperScreen(session.wallet, serial, container.zone, onPresent = { nav.navigate("${Destination.PRESENT.route}/$serial") })
            }
            composable("${Destination.PRESENT.route}/{serial}") { back ->
                PresentScreen(session, back.arguments?.getString("serial").orEmpty())
            }
            composable(Destination.PERSONAL.route) {
                PersonalScreen(session.citizen, session.role, onChanged = vm::saveCitizen, onSignOut = vm::signOut)
            }
            val officer = session.officer
            if (session.role == Role.OFFICER && officer != null) {
                // The verdict (Destination.VERDICT) is shown by the scan route when it arrives.
                composable(Destination.SCAN.route) { ScanScreen(session, officer, container) }
                composable(Destination.HISTORY.route) { HistoryScreen(officer, session.auditIntegrity, container.zone) }
            }
        }
    }
}
