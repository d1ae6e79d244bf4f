// Cá nhân: the account as the core shows it (ID masked), the "Xác minh ứng dụng qua QR code"
// switch (disabled with the reason at level 1: the core's PersonalView), the tab's other items
// as in the seeds' screenshot, sign-out.
package vn.gov.vneid.app.ui

import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.rememberScrollState
import androidx.compose.foundation.verticalScroll
import androidx.compose.material3.HorizontalDivider
import androidx.compose.material3.ListItem
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedButton
import androidx.compose.material3.Switch
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.produceState
import androidx.compose.runtime.remember
import androidx.compose.runtime.setValue
import androidx.compose.ui.Modifier
import androidx.compose.ui.platform.testTag
import androidx.compose.ui.unit.dp
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.withContext
import vn.gov.vneid.core.PersonalView
import vn.gov.vneid.presentation.session.OpenSession

@Composable
fun PersonalScreen(
    session: OpenSession,
    revision: Int,
    onSetQrVerification: (Boolean, (String?) -> Unit) -> Unit,
    onSignOut: () -> Unit,
) {
    val locale = rememberScreenLocale()
    val view by produceState<PersonalView?>(null, session, revision, locale) {
        value = withContext(Dispatchers.Default) { session.ifOpen { session.citizen.personalView(locale) } }
    }
    var error by remember { mutableStateOf<String?>(null) }
    Column(Modifier.fillMaxSize().verticalScroll(rememberScrollState())) {
        Text(words("tab.personal"), style = MaterialTheme.typography.headlineSmall, modifier = Modifier.padding(16.dp))
        val v = view ?: return@Column
        for (row in v.rows) ListItem(headlineContent = { Text(row.value) }, overlineContent = { Text(row.label) })
        HorizontalDivider()
        val s = v.qrSwitch
        ListItem(
            headlineContent = { Text(s.label) },
            supportingContent = s.reason?.let { r -> @Composable { Text(r, modifier = Modifier.testTag(Tags.QR_SWITCH_REASON)) } },
            trailingContent = {
                Switch(
                    checked = s.checked,
                    onCheckedChange = { on -> onSetQrVerification(on) { error = it } },
                    enabled = s.enabled,
                    modifier = Modifier.testTag(Tags.QR_SWITCH),
                )
            },
        )
        error?.let { Text(it, color = MaterialTheme.colorScheme.error, modifier = Modifier.padding(horizontal = 16.dp)) }
        HorizontalDivider()
        // The tab's other items (not part of this app's job): shown as in VNeID, inactive.
        for (item in listOf("personal.biometric", "personal.change_password", "personal.change_passcode", "personal.devices", "personal.terms")) {
            ListItem(headlineContent = { Text(words(item), color = MaterialTheme.colorScheme.onSurfaceVariant) })
        }
        OutlinedButton(onClick = onSignOut, modifier = Modifier.fillMaxWidth().padding(16.dp).testTag(Tags.SIGN_OUT)) {
            Text(words("personal.sign_out"))
        }
    }
}
