// Trang chủ: the identity QR inside its 60-second ring, remade when it expires or on a tap;
// FLAG_SECURE and full brightness while it shows. Every decision is in HomeController.
package vn.gov.vneid.app.ui

import androidx.compose.foundation.clickable
import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Box
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.layout.size
import androidx.compose.foundation.rememberScrollState
import androidx.compose.foundation.verticalScroll
import androidx.compose.material3.Button
import androidx.compose.material3.Card
import androidx.compose.material3.CircularProgressIndicator
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.DisposableEffect
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.rememberCoroutineScope
import androidx.compose.runtime.setValue
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.platform.testTag
import androidx.compose.ui.semantics.contentDescription
import androidx.compose.ui.semantics.semantics
import androidx.compose.ui.semantics.stateDescription
import androidx.compose.ui.text.style.TextAlign
import androidx.compose.ui.unit.dp
import androidx.lifecycle.Lifecycle
import androidx.lifecycle.compose.LocalLifecycleOwner
import androidx.lifecycle.repeatOnLifecycle
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.delay
import kotlinx.coroutines.isActive
import kotlinx.coroutines.launch
import kotlinx.coroutines.withContext
import vn.gov.vneid.app.platform.QrScreenEffects
import vn.gov.vneid.presentation.Keys
import vn.gov.vneid.presentation.citizen.HomeController
import vn.gov.vneid.presentation.citizen.HomeState
import vn.gov.vneid.presentation.navigation.Destination
import vn.gov.vneid.presentation.session.Session

@Composable
fun HomeScreen(session: Session, onGoTo: (Destination) -> Unit) {
    val controller = remember(session) { HomeController(session.citizen) }
    var state by remember { mutableStateOf<HomeState?>(null) }
    val scope = rememberCoroutineScope()
    val lifecycle = LocalLifecycleOwner.current.lifecycle
    LaunchedEffect(controller, lifecycle) {
        // Only while the app is on screen: no signing in the background, nor while the phone
        // is locked (the device key then refuses: setUnlockedDeviceRequired).
        lifecycle.repeatOnLifecycle(Lifecycle.State.STARTED) {
            while (isActive) {
                // Making a QR signs with the Keystore: never on the main thread. Through the
                // session, so that sign-out closes the core only after a tick in flight, and none
                // starts after.
                state = withContext(Dispatchers.Default) { session.ifOpen { controller.tick() } } ?: break
                delay(250)
            }
        }
    }
    DisposableEffect(controller) { onDispose { controller.forget() } }
    QrScreenEffects(secure = state?.secureScreen == true, fullBrightness = state?.fullBrightness == true)

    Column(
        Modifier.fillMaxSize().verticalScroll(rememberScrollState()).padding(16.dp),
        horizontalAlignment = Alignment.CenterHorizontally,
        verticalArrangement = Arrangement.spacedBy(12.dp),
    ) {
        Text(key(Keys.TAB_HOME), style = MaterialTheme.typography.headlineSmall, modifier = Modifier.fillMaxWidth())
        when (val s = state) {
            null -> CircularProgressIndicator()
            is HomeState.ShowingQr -> {
                Text(key("home.identity_qr"), style = MaterialTheme.typography.titleMedium)
                // TalkBack: "Mã QR định danh điện tử, còn 42 giây"; double tap makes a new one.
                val description = key("home.identity_qr")
                val left = s.countdown.label.str()
                Box(
                    Modifier.size(320.dp)
                        .clickable(onClickLabel = key("home.create_qr")) {
                            scope.launch { withContext(Dispatchers.Default) { session.ifOpen { controller.renew() } }?.let { state = it } }
                        }
                        .semantics {
                            contentDescription = description
                            stateDescription = left
                        }
                        .testTag(Tags.IDENTITY_QR),
                    contentAlignment = Alignment.Center,
                ) {
                    CountdownRing(s.countdown, Modifier.size(320.dp))
                    QrCode(s.matrix, Modifier.size(240.dp))
                }
                Text(s.countdown.label.str(), style = MaterialTheme.typography.titleLarge, color = ink(s.countdown.ringColor),
                    modifier = Modifier.testTag(Tags.COUNTDOWN))
                Text(key("home.valid_for"), textAlign = TextAlign.Center)
                Text(key("home.tap_to_renew"), style = MaterialTheme.typography.bodySmall)
            }
            is HomeState.SettingOff -> {
                Text(s.message.str(), textAlign = TextAlign.Center, modifier = Modifier.testTag(Tags.HOME_SETTING_OFF))
                Button(onClick = { onGoTo(s.goTo) }) { Text(key(s.goTo.titleKey)) }
            }
            is HomeState.Failed -> Text(s.message.str(), color = MaterialTheme.colorScheme.error)
        }
        // The other tiles of VNeID's home screen (outside this app's job).
        val tiles = listOf("home.tile.procedures", "home.tile.social", "home.tile.health", "home.tile.other")
        for (pair in tiles.chunked(2)) {
            Row(horizontalArrangement = Arrangement.spacedBy(12.dp), modifier = Modifier.fillMaxWidth()) {
                for (t in pair) {
                    Card(Modifier.weight(1f)) { Text(key(t), Modifier.padding(16.dp), style = MaterialTheme.typography.bodyMedium) }
                }
            }
        }
    }
}
