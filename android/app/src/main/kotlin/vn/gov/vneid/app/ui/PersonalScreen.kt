// Cá nhân: the account and the "Xác minh ứng dụng qua QR code" switch (disabled with the reason
// at level 1), and the tab's other items as in the seeds' screenshot.
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
import androidx.compose.runtime.remember
import androidx.compose.runtime.setValue
import androidx.compose.ui.Modifier
import androidx.compose.ui.platform.testTag
import androidx.compose.ui.unit.dp
import vn.gov.vneid.core.CitizenApp
import vn.gov.vneid.presentation.Keys
import vn.gov.vneid.presentation.citizen.PersonalController
import vn.gov.vneid.presentation.session.Role

@Composable
fun PersonalScreen(citizen: CitizenApp, role: Role, onChanged: () -> Unit, onSignOut: () -> Unit) {
    val controller = remember(citizen) { PersonalController(citizen, onChanged) }
    var state by remember(citizen) { mutableStateOf(controller.state()) }
    Column(Modifier.fillMaxSize().verticalScroll(rememberScrollState())) {
        Text(key(Keys.TAB_PERSONAL), style = MaterialTheme.typography.headlineSmall, modifier = Modifier.padding(16.dp))
        for (row in state.rows) {
            ListItem(headlineContent = { Text(row.value.str()) }, overlineContent = { Text(row.label.str()) })
        }
        ListItem(headlineContent = { Text(key(role.key)) }, overlineContent = { Text(key("login.role")) })
        HorizontalDivider()
        val s = state.qrSwitch
        ListItem(
            headlineContent = { Text(s.label.str()) },
            supportingContent = s.reason?.let { r -> @Composable { Text(r.str(), modifier = Modifier.testTag(Tags.QR_SWITCH_REASON)) } },
            trailingContent = {
                Switch(
                    checked = s.checked,
                    onCheckedChange = { state = controller.setQrVerification(it) },
                    enabled = s.enabled,
                    modifier = Modifier.testTag(Tags.QR_SWITCH),
                )
            },
        )
        state.error?.let { Text(it.str(), color = MaterialTheme.colorScheme.error, modifier = Modifier.padding(horizontal = 16.dp)) }
        HorizontalDivider()
        // The tab's other items (not part of this app's job): shown as in VNeID, inactive.
        for (item in listOf("personal.biometric", "personal.change_password", "personal.change_passcode", "personal.devices", "personal.terms")) {
            ListItem(headlineContent = { Text(key(item), color = MaterialTheme.colorScheme.onSurfaceVariant) })
        }
        OutlinedButton(onClick = onSignOut, modifier = Modifier.fillMaxWidth().padding(16.dp).testTag(Tags.SIGN_OUT)) {
            Text(key("personal.sign_out"))
        }
    }
}
