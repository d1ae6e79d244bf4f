// Đăng nhập: the personal ID number and the password of the electronic-identity account. The
// account's level and role are the authority's (the certificate says them), not the user's
// choice; enrolment with the authority follows at once (the core's SessionManager).
package vn.gov.vneid.app.ui

import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.layout.systemBarsPadding
import androidx.compose.foundation.rememberScrollState
import androidx.compose.foundation.text.KeyboardOptions
import androidx.compose.foundation.verticalScroll
import androidx.compose.material3.Button
import androidx.compose.material3.CircularProgressIndicator
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedTextField
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.saveable.rememberSaveable
import androidx.compose.runtime.setValue
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.platform.testTag
import androidx.compose.ui.text.input.KeyboardType
import androidx.compose.ui.text.input.PasswordVisualTransformation
import androidx.compose.ui.unit.dp

@Composable
fun LoginScreen(busy: Boolean, error: String?, onSignIn: (personalId: String, password: String) -> Unit) {
    var id by rememberSaveable { mutableStateOf("") }
    // Not saveable: the password is not written into the saved instance state.
    var password by remember { mutableStateOf("") }
    Column(
        Modifier.fillMaxSize().systemBarsPadding().verticalScroll(rememberScrollState()).padding(24.dp),
        verticalArrangement = Arrangement.spacedBy(12.dp),
    ) {
        Text(words("login.title"), style = MaterialTheme.typography.headlineMedium)
        Text(words("login.subtitle"), style = MaterialTheme.typography.bodyMedium)
        OutlinedTextField(
            id, { id = it.filter(Char::isDigit).take(12) }, label = { Text(words("login.personal_id")) },
            singleLine = true, keyboardOptions = KeyboardOptions(keyboardType = KeyboardType.NumberPassword),
            modifier = Modifier.fillMaxWidth().testTag(Tags.LOGIN_ID),
        )
        OutlinedTextField(
            password, { password = it }, label = { Text(words("login.password")) },
            singleLine = true, visualTransformation = PasswordVisualTransformation(),
            keyboardOptions = KeyboardOptions(keyboardType = KeyboardType.Password),
            modifier = Modifier.fillMaxWidth().testTag(Tags.LOGIN_PASSWORD),
        )
        error?.let { Text(it, color = MaterialTheme.colorScheme.error, modifier = Modifier.testTag(Tags.LOGIN_ERROR)) }
        if (busy) {
            Row(verticalAlignment = Alignment.CenterVertically) {
                CircularProgressIndicator(Modifier.padding(end = 12.dp))
                Text(words("login.enrolling"))
            }
        }
        Button(
            onClick = { onSignIn(id, password) },
            enabled = id.length == 12 && password.isNotEmpty() && !busy,
            modifier = Modifier.fillMaxWidth().testTag(Tags.LOGIN_SUBMIT),
        ) {
            Text(words("login.submit"))
        }
    }
}
