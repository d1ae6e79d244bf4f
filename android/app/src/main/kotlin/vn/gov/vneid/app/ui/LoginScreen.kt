// Đăng nhập: the account (name, date of birth, personal ID number), its level, and whether it
// is an officer's. Enrolment with the authority follows at once (SessionManager).
package vn.gov.vneid.app.ui

import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.layout.systemBarsPadding
import androidx.compose.foundation.rememberScrollState
import androidx.compose.foundation.selection.selectable
import androidx.compose.foundation.text.KeyboardOptions
import androidx.compose.foundation.verticalScroll
import androidx.compose.material3.Button
import androidx.compose.material3.CircularProgressIndicator
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedTextField
import androidx.compose.material3.RadioButton
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.saveable.rememberSaveable
import androidx.compose.runtime.setValue
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.platform.testTag
import androidx.compose.ui.semantics.Role as SemanticsRole
import androidx.compose.ui.text.input.KeyboardType
import androidx.compose.ui.unit.dp
import vn.gov.vneid.core.AssuranceLevel
import vn.gov.vneid.presentation.Keys
import vn.gov.vneid.presentation.UiText
import vn.gov.vneid.presentation.session.Role
import vn.gov.vneid.presentation.session.SignInForm
import vn.gov.vneid.presentation.session.levelKey

@Composable
fun LoginScreen(busy: Boolean, error: UiText?, onSignIn: (SignInForm) -> Unit) {
    var name by rememberSaveable { mutableStateOf("") }
    var dob by rememberSaveable { mutableStateOf("") }
    var id by rememberSaveable { mutableStateOf("") }
    var level by rememberSaveable { mutableStateOf(AssuranceLevel.LEVEL2) }
    var role by rememberSaveable { mutableStateOf(Role.CITIZEN) }
    val form = SignInForm(name, dob, id, level, role)

    Column(
        Modifier.fillMaxSize().systemBarsPadding().verticalScroll(rememberScrollState()).padding(24.dp),
        verticalArrangement = Arrangement.spacedBy(12.dp),
    ) {
        Text(key(Keys.LOGIN_TITLE), style = MaterialTheme.typography.headlineMedium)
        Text(key("login.subtitle"), style = MaterialTheme.typography.bodyMedium)
        OutlinedTextField(name, { name = it }, label = { Text(key(Keys.LABEL_FULL_NAME)) }, singleLine = true,
            modifier = Modifier.fillMaxWidth().testTag(Tags.LOGIN_NAME))
        OutlinedTextField(dob, { dob = it }, label = { Text(key(Keys.LABEL_DATE_OF_BIRTH)) },
            placeholder = { Text(key("login.date_hint")) }, singleLine = true,
            modifier = Modifier.fillMaxWidth().testTag(Tags.LOGIN_DOB))
        OutlinedTextField(id, { id = it.filter(Char::isDigit).take(12) }, label = { Text(key(Keys.LABEL_PERSONAL_ID)) },
            singleLine = true, keyboardOptions = KeyboardOptions(keyboardType = KeyboardType.Number),
            modifier = Modifier.fillMaxWidth().testTag(Tags.LOGIN_ID))

        Text(key(Keys.LABEL_LEVEL), style = MaterialTheme.typography.titleSmall)
        Choice(levelKey(AssuranceLevel.LEVEL1), level == AssuranceLevel.LEVEL1, Tags.LOGIN_LEVEL1) { level = AssuranceLevel.LEVEL1 }
        Choice(levelKey(AssuranceLevel.LEVEL2), level == AssuranceLevel.LEVEL2, Tags.LOGIN_LEVEL2) { level = AssuranceLevel.LEVEL2 }
        Text(key("login.role"), style = MaterialTheme.typography.titleSmall)
        Choice(Role.CITIZEN.key, role == Role.CITIZEN, Tags.LOGIN_CITIZEN) { role = Role.CITIZEN }
        Choice(Role.OFFICER.key, role == Role.OFFICER, Tags.LOGIN_OFFICER) { role = Role.OFFICER }

        error?.let { Text(it.str(), color = MaterialTheme.colorScheme.error, modifier = Modifier.testTag(Tags.LOGIN_ERROR)) }
        if (busy) {
            Row(verticalAlignment = Alignment.CenterVertically) {
                CircularProgressIndicator(Modifier.padding(end = 12.dp))
                Text(key("login.enrolling"))
            }
        }
        Button(onClick = { onSignIn(form) }, enabled = form.complete && !busy,
            modifier = Modifier.fillMaxWidth().testTag(Tags.LOGIN_SUBMIT)) {
            Text(key("login.submit"))
        }
    }
}

@Composable
private fun Choice(labelKey: String, selected: Boolean, tag: String, onSelect: () -> Unit) {
    Row(
        Modifier.fillMaxWidth().selectable(selected, onClick = onSelect, role = SemanticsRole.RadioButton).testTag(tag),
        verticalAlignment = Alignment.CenterVertically,
    ) {
        RadioButton(selected = selected, onClick = null)
        Text(key(labelKey), Modifier.padding(start = 8.dp))
    }
}
