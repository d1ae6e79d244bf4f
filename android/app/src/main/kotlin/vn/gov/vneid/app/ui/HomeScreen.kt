// Trang chủ: the identity QR inside its 60-second ring, kept, remade and dropped by the core's
// QrScreenModel; a tap makes a new one; FLAG_SECURE and full brightness while it shows.
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
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.platform.testTag
import androidx.compose.ui.semantics.contentDescription
import androidx.compose.ui.semantics.semantics
import androidx.compose.ui.semantics.stateDescription
import androidx.compose.ui.text.style.TextAlign
import androidx.compose.ui.unit.dp
import vn.gov.vneid.app.platform.QrScreenEffects
import vn.gov.vneid.core.QrScreenModel
import vn.gov.vneid.core.QrScreenState
import vn.gov.vneid.presentation.session.OpenSession

@Composable
fun HomeScreen(session: OpenSession, onOpenPersonal: () -> Unit) {
    val qr = rememberQrScreen(session) { QrScreenModel.identity(session.citizen) }
    QrScreenEffects(secure = qr.state is QrScreenState.Showing, fullBrightness = qr.state is QrScreenState.Showing)
    Column(
        Modifier.fillMaxSize().verticalScroll(rememberScrollState()).padding(16.dp),
        horizontalAlignment = Alignment.CenterHorizontally,
        verticalArrangement = Arrangement.spacedBy(12.dp),
    ) {
        Text(words("tab.home"), style = MaterialTheme.typography.headlineSmall, modifier = Modifier.fillMaxWidth())
        when (val s = qr.state) {
            null -> CircularProgressIndicator()
            is QrScreenState.Showing -> {
                Text(words("home.identity_qr"), style = MaterialTheme.typography.titleMedium)
                ShownQr(s, words("home.identity_qr"), Tags.IDENTITY_QR, qr.renew)
                Text(words("home.valid_for"), textAlign = TextAlign.Center)
                Text(words("home.tap_to_renew"), style = MaterialTheme.typography.bodySmall)
            }
            is QrScreenState.SettingOff -> {
                Text(s.message, textAlign = TextAlign.Center, modifier = Modifier.testTag(Tags.HOME_SETTING_OFF))
                Button(onClick = onOpenPersonal) { Text(words("tab.personal")) }
            }
            is QrScreenState.Failed -> Text(s.message, color = MaterialTheme.colorScheme.error)
        }
        // The other tiles of VNeID's home screen (outside this app's job).
        val tiles = listOf("home.tile.procedures", "home.tile.social", "home.tile.health", "home.tile.other")
        for (pair in tiles.chunked(2)) {
            Row(horizontalArrangement = Arrangement.spacedBy(12.dp), modifier = Modifier.fillMaxWidth()) {
                for (t in pair) {
                    Card(Modifier.weight(1f)) { Text(words(t), Modifier.padding(16.dp), style = MaterialTheme.typography.bodyMedium) }
                }
            }
        }
    }
}

/**
 * A QR in its ring, with the seconds left under it. TalkBack: "[description], còn 42 giây";
 * double tap makes a new one.
 */
@Composable
fun ShownQr(s: QrScreenState.Showing, description: String, tag: String, renew: () -> Unit) {
    val left = s.countdown.label
    Box(
        Modifier.size(320.dp)
            .clickable(onClickLabel = words("home.create_qr"), onClick = renew)
            .semantics {
                contentDescription = description
                stateDescription = left
            }
            .testTag(tag),
        contentAlignment = Alignment.Center,
    ) {
        CountdownRing(s.countdown, Modifier.size(320.dp))
        QrCode(s.matrix, Modifier.size(240.dp))
    }
    Text(left, style = MaterialTheme.typography.titleLarge, color = s.countdown.tone.ink(), modifier = Modifier.testTag(Tags.COUNTDOWN))
}
