// The app's frame: sign-in without a session; otherwise the tabs of the session's role (Trang
// chủ, Ví giấy tờ, Cá nhân; and for an officer account Quét mã QR and Lịch sử quét). The role is
// the certificate's (Session.role()), never chosen on the sign-in screen.
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
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.NavigationBar
import androidx.compose.material3.NavigationBarItem
import androidx.compose.material3.Scaffold
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.runtime.getValue
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.graphics.vector.ImageVector
import androidx.compose.ui.platform.testTag
import androidx.compose.ui.unit.dp
import androidx.lifecycle.Lifecycle
import androidx.lifecycle.compose.LocalLifecycleOwner
import androidx.lifecycle.repeatOnLifecycle
import androidx.navigation.NavGraph.Companion.findStartDestination
import androidx.navigation.compose.NavHost
import androidx.navigation.compose.composable
import androidx.navigation.compose.currentBackStackEntryAsState
import androidx.navigation.compose.rememberNavController
import kotlinx.coroutines.delay
import vn.gov.vneid.core.Role
import vn.gov.vneid.presentation.navigation.Destination
import vn.gov.vneid.presentation.navigation.Navigation
import vn.gov.vneid.presentation.session.AppState
import vn.gov.vneid.presentation.session.OpenSession

private fun icon(d: Destination): ImageVector = when (d) {
    Destination.HOME -> Icons.Filled.Home
    Destination.WALLET -> Icons.Filled.AccountBalanceWallet
    Destination.SCAN -> Icons.Filled.QrCodeScanner
    Destination.HISTORY -> Icons.Filled.History
    Destination.PERSONAL -> Icons.Filled.Person
}

private const val PAPER = "wallet/paper"
private const val PRESENT = "wallet/present"

@Composable
fun VneidApp(vm: AppViewModel) {
    vm.configurationError?.let {
        Text(it, color = MaterialTheme.colorScheme.error, modifier = Modifier.padding(24.dp).testTag(Tags.CONFIGURATION_ERROR))
        return
    }
    when (val s = vm.state) {
        AppState.Loading -> Box(Modifier.fillMaxSize(), contentAlignment = Alignment.Center) { CircularProgressIndicator() }
        is AppState.SignedOut -> LoginScreen(busy = s.busy, error = s.message, onSignIn = vm::signIn)
        is AppState.SignedIn -> SignedIn(vm, s.session)
    }
}

@Composable
private fun SignedIn(vm: AppViewModel, session: OpenSession) {
    // The lists: on coming to the foreground, then every minute (the core says when they are due).
    val lifecycle = LocalLifecycleOwner.current.lifecycle
    LaunchedEffect(session) {
        lifecycle.repeatOnLifecycle(Lifecycle.State.STARTED) {
            while (true) {
                vm.refreshIfDue()
                delay(60_000)
            }
        }
    }
    val nav = rememberNavController()
    val tabs = Navigation.tabs(session.role)
    val entry by nav.currentBackStackEntryAsState()
    val route = entry?.destination?.route
    val revision = vm.revision
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
                        label = { Text(words(d.titleKey), maxLines = 1) },
                        modifier = Modifier.testTag(Tags.tab(d)),
                    )
                }
            }
        },
    ) { padding ->
        NavHost(nav, startDestination = Navigation.start(session.role).route, modifier = Modifier.padding(padding)) {
            composable(Destination.HOME.route) {
                HomeScreen(session, onOpenPersonal = { nav.navigate(Destination.PERSONAL.route) })
            }
            composable(Destination.WALLET.route) {
                WalletScreen(session, revision, onOpen = { serial, type -> nav.navigate("$PAPER/$serial/$type") })
            }
            composable("$PAPER/{serial}/{type}") { back ->
                val serial = back.arguments?.getString("serial").orEmpty()
                val type = back.arguments?.getString("type").orEmpty()
                PaperScreen(session, serial, revision, onPresent = { nav.navigate("$PRESENT/$serial/$type") })
            }
            composable("$PRESENT/{serial}/{type}") { back ->
                PresentScreen(session, back.arguments?.getString("serial").orEmpty(), back.arguments?.getString("type").orEmpty())
            }
            composable(Destination.PERSONAL.route) {
                PersonalScreen(session, revision, onSetQrVerification = vm::setQrVerification, onSignOut = vm::signOut)
            }
            val officer = session.officer
            if (session.role == Role.OFFICER && officer != null) {
                composable(Destination.SCAN.route) { ScanScreen(session, officer, vm.container) }
                composable(Destination.HISTORY.route) { HistoryScreen(session, officer) }
            }
        }
    }
}
