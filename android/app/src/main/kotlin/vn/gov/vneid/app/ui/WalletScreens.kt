// Ví giấy tờ: the core's rows (status, validity, whether it may be presented); one paper's detail
// with its ID number masked until tapped; "Xuất trình giấy tờ" with the core's field picker and
// the presentation QR (the core's QrScreenModel). The screens keep only which fields are
// revealed or chosen.
package vn.gov.vneid.app.ui

import androidx.compose.foundation.clickable
import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.lazy.LazyColumn
import androidx.compose.foundation.lazy.items
import androidx.compose.foundation.rememberScrollState
import androidx.compose.foundation.verticalScroll
import androidx.compose.material3.Button
import androidx.compose.material3.Checkbox
import androidx.compose.material3.CircularProgressIndicator
import androidx.compose.material3.HorizontalDivider
import androidx.compose.material3.ListItem
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.produceState
import androidx.compose.runtime.saveable.rememberSaveable
import androidx.compose.runtime.setValue
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.platform.testTag
import androidx.compose.ui.unit.dp
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.withContext
import vn.gov.vneid.app.platform.QrScreenEffects
import vn.gov.vneid.core.ApiException
import vn.gov.vneid.core.PaperDetailView
import vn.gov.vneid.core.PaperRow
import vn.gov.vneid.core.QrScreenModel
import vn.gov.vneid.core.QrScreenState
import vn.gov.vneid.core.errorText
import vn.gov.vneid.core.fieldPicker
import vn.gov.vneid.core.fieldPickerToggle
import vn.gov.vneid.presentation.session.OpenSession

@Composable
fun WalletScreen(session: OpenSession, revision: Int, onOpen: (serial: String, typeCode: String) -> Unit) {
    val locale = rememberScreenLocale()
    val rows by produceState<List<PaperRow>?>(null, session, revision, locale) {
        value = withContext(Dispatchers.Default) { session.ifOpen { session.wallet.rows(locale) } }
    }
    Column(Modifier.fillMaxSize()) {
        Text(words("tab.wallet"), style = MaterialTheme.typography.headlineSmall, modifier = Modifier.padding(16.dp))
        if (rows?.isEmpty() == true) Text(words("wallet.empty"), Modifier.padding(16.dp))
        LazyColumn {
            items(rows.orEmpty(), key = { it.serial }) { row ->
                ListItem(
                    headlineContent = { Text(row.name) },
                    supportingContent = { Text("${words("label.valid_until")}: ${row.validUntil}") },
                    trailingContent = { Text(row.status, color = row.statusTone.ink()) },
                    modifier = Modifier.clickable { onOpen(row.serial, row.typeCode) }.testTag(Tags.PAPER_ROW + row.typeCode),
                )
                HorizontalDivider()
            }
        }
    }
}

/** A detail or the core's words for why there is none. */
private sealed interface Loaded {
    data class Detail(val view: PaperDetailView) : Loaded
    data class Failed(val message: String) : Loaded
}

@Composable
fun PaperScreen(session: OpenSession, serial: String, revision: Int, onPresent: () -> Unit) {
    val locale = rememberScreenLocale()
    // The ID-number fields the user tapped to show; hidden again when the screen is left.
    var revealed by rememberSaveable(serial) { mutableStateOf(listOf<String>()) }
    val loaded by produceState<Loaded?>(null, session, serial, revealed, revision, locale) {
        value = withContext(Dispatchers.Default) {
            session.ifOpen {
                try {
                    Loaded.Detail(session.wallet.detailView(serial, revealed, locale))
                } catch (e: ApiException) {
                    Loaded.Failed(errorText(e, locale.lang))
                }
            }
        }
    }
    val v = when (val l = loaded) {
        null -> return
        is Loaded.Failed -> {
            Text(l.message, Modifier.padding(16.dp))
            return
        }
        is Loaded.Detail -> l.view
    }
    Column(Modifier.fillMaxSize().verticalScroll(rememberScrollState())) {
        Text(v.title, style = MaterialTheme.typography.headlineSmall, modifier = Modifier.padding(16.dp))
        ListItem(headlineContent = { Text(v.status, color = v.statusTone.ink()) }, overlineContent = { Text(words("label.status")) })
        for (row in v.header) ListItem(headlineContent = { Text(row.value) }, overlineContent = { Text(row.label) })
        HorizontalDivider()
        for (f in v.fields) {
            ListItem(
                headlineContent = { Text(f.value) },
                overlineContent = { Text(f.label) },
                supportingContent = f.hint?.let { h -> @Composable { Text(h, style = MaterialTheme.typography.bodySmall) } },
                modifier = Modifier
                    .then(if (f.maskable) Modifier.clickable { revealed = if (f.key in revealed) revealed - f.key else revealed + f.key } else Modifier)
                    .testTag(Tags.PAPER_FIELD + f.key),
            )
        }
        // Only a valid paper is offered (the core's rule).
        if (v.presentable) {
            Button(onClick = onPresent, modifier = Modifier.fillMaxWidth().padding(16.dp).testTag(Tags.PRESENT_BUTTON)) {
                Text(words("wallet.present"))
            }
        }
    }
}

@Composable
fun PresentScreen(session: OpenSession, serial: String, typeCode: String) {
    val locale = rememberScreenLocale()
    // Nothing chosen at first: disclose no more than asked.
    var chosen by rememberSaveable(serial) { mutableStateOf(listOf<String>()) }
    var shown by rememberSaveable(serial) { mutableStateOf<List<String>?>(null) }
    val fields = shown
    if (fields != null) {
        PresentationQr(session, serial, fields)
        return
    }
    val picker = fieldPicker(typeCode, chosen, locale)
    Column(Modifier.fillMaxSize().verticalScroll(rememberScrollState())) {
        Text(words("wallet.choose_fields"), style = MaterialTheme.typography.headlineSmall, modifier = Modifier.padding(16.dp))
        for (o in picker.choices) {
            ListItem(
                headlineContent = { Text(o.label) },
                leadingContent = { Checkbox(checked = o.checked, onCheckedChange = null) },
                modifier = Modifier.clickable { chosen = fieldPickerToggle(typeCode, chosen, o.key) }.testTag(Tags.FIELD_OPTION + o.key),
            )
        }
        picker.hint?.let { Text(it, Modifier.padding(16.dp), style = MaterialTheme.typography.bodySmall) }
        Button(onClick = { shown = picker.selected }, modifier = Modifier.fillMaxWidth().padding(16.dp).testTag(Tags.SHOW_PRESENTATION)) {
            Text(words("wallet.present_qr"))
        }
    }
}

@Composable
private fun PresentationQr(session: OpenSession, serial: String, fields: List<String>) {
    val qr = rememberQrScreen(session, serial, fields) { QrScreenModel.presentation(session.citizen, session.wallet, serial, fields) }
    QrScreenEffects(secure = qr.state is QrScreenState.Showing, fullBrightness = qr.state is QrScreenState.Showing)
    Column(
        Modifier.fillMaxSize().padding(16.dp),
        horizontalAlignment = Alignment.CenterHorizontally,
        verticalArrangement = Arrangement.spacedBy(12.dp),
    ) {
        Text(words("wallet.present_qr"), style = MaterialTheme.typography.headlineSmall)
        when (val s = qr.state) {
            null -> CircularProgressIndicator()
            is QrScreenState.Showing -> ShownQr(s, words("wallet.present_qr"), Tags.PRESENTATION_QR, qr.renew)
            is QrScreenState.SettingOff -> Text(s.message)
            is QrScreenState.Failed -> Text(s.message, color = MaterialTheme.colorScheme.error)
        }
    }
}
