// Ví giấy tờ: the papers with their status; one paper with its ID number masked until tapped;
// "Xuất trình giấy tờ" with the field picker and the presentation QR.
package vn.gov.vneid.app.ui

import androidx.compose.foundation.clickable
import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Box
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.layout.size
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
import androidx.compose.ui.unit.dp
import androidx.lifecycle.Lifecycle
import androidx.lifecycle.compose.LocalLifecycleOwner
import androidx.lifecycle.repeatOnLifecycle
import java.time.ZoneId
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.delay
import kotlinx.coroutines.isActive
import kotlinx.coroutines.launch
import kotlinx.coroutines.withContext
import vn.gov.vneid.app.platform.QrScreenEffects
import vn.gov.vneid.core.ApiException
import vn.gov.vneid.core.Wallet
import vn.gov.vneid.core.paperTypes
import vn.gov.vneid.presentation.Keys
import vn.gov.vneid.presentation.errorText
import vn.gov.vneid.presentation.session.Session
import vn.gov.vneid.presentation.wallet.FieldPicker
import vn.gov.vneid.presentation.wallet.PaperDetailState
import vn.gov.vneid.presentation.wallet.PresentController
import vn.gov.vneid.presentation.wallet.PresentState
import vn.gov.vneid.presentation.wallet.walletState

@Composable
fun WalletScreen(wallet: Wallet, zone: ZoneId, onOpen: (String) -> Unit) {
    val state = remember(wallet) { walletState(wallet, zone) }
    Column(Modifier.fillMaxSize()) {
        Text(key(Keys.TAB_WALLET), style = MaterialTheme.typography.headlineSmall, modifier = Modifier.padding(16.dp))
        state.empty?.let { Text(it.str(), Modifier.padding(16.dp)) }
        LazyColumn {
            items(state.rows, key = { it.serial }) { row ->
                ListItem(
                    headlineContent = { Text(row.name.str()) },
                    supportingContent = { Text("${key(Keys.LABEL_VALID_UNTIL)}: ${row.validUntil.str()}") },
                    trailingContent = { Text(row.status.str(), color = ink(row.statusColor)) },
                    modifier = Modifier.clickable { onOpen(row.serial) }.testTag(Tags.PAPER_ROW + row.typeCode),
                )
                HorizontalDivider()
            }
        }
    }
}

@Composable
fun PaperScreen(wallet: Wallet, serial: String, zone: ZoneId, onPresent: () -> Unit) {
    var state by remember(serial) {
        mutableStateOf(runCatching { PaperDetailState(wallet.detail(serial), zone = zone) }.getOrNull())
    }
    val s = state ?: run {
        Text(key(Keys.ERROR_NOT_FOUND), Modifier.padding(16.dp))
        return
    }
    Column(Modifier.fillMaxSize().verticalScroll(rememberScrollState())) {
        Text(s.title.str(), style = MaterialTheme.typography.headlineSmall, modifier = Modifier.padding(16.dp))
        ListItem(headlineContent = { Text(s.status.str(), color = ink(s.statusColor)) }, overlineContent = { Text(key(Keys.LABEL_STATUS)) })
        for (row in s.header) ListItem(headlineContent = { Text(row.value.str()) }, overlineContent = { Text(row.label.str()) })
        HorizontalDivider()
        for (f in s.fields) {
            ListItem(
                headlineContent = { Text(f.value) },
                overlineContent = { Text(f.label.str()) },
                supportingContent = f.hint?.let { h -> @Composable { Text(h.str(), style = MaterialTheme.typography.bodySmall) } },
                modifier = Modifier
                    .then(if (f.maskable) Modifier.clickable { state = s.toggle(f.key) } else Modifier)
                    .testTag(Tags.PAPER_FIELD + f.key),
            )
        }
        Button(onClick = onPresent, modifier = Modifier.fillMaxWidth().padding(16.dp).testTag(Tags.PRESENT_BUTTON)) {
            Text(key("wallet.present"))
        }
    }
}

@Composable
fun PresentScreen(session: Session, serial: String) {
    val detail = remember(serial) { runCatching { session.wallet.detail(serial) }.getOrNull() }
    val type = remember(detail) { detail?.let { d -> paperTypes().firstOrNull { it.code == d.summary.typeCode } } }
    if (detail == null || type == null) {
        Text(key(Keys.ERROR_NOT_FOUND), Modifier.padding(16.dp))
        return
    }
    var picker by remember(serial) { mutableStateOf(FieldPicker(type)) }
    var chosen by remember(serial) { mutableStateOf<List<String>?>(null) }
    val fields = chosen
    if (fields == null) {
        Column(Modifier.fillMaxSize().verticalScroll(rememberScrollState())) {
            Text(key("wallet.choose_fields"), style = MaterialTheme.typography.headlineSmall, modifier = Modifier.padding(16.dp))
            for (o in picker.options) {
                ListItem(
                    headlineContent = { Text(o.label.str()) },
                    leadingContent = { Checkbox(checked = o.checked, onCheckedChange = null) },
                    modifier = Modifier.clickable { picker = picker.toggle(o.key) }.testTag(Tags.FIELD_OPTION + o.key),
                )
            }
            picker.hint?.let { Text(it.str(), Modifier.padding(16.dp), style = MaterialTheme.typography.bodySmall) }
            Button(onClick = { chosen = picker.selectedKeys }, modifier = Modifier.fillMaxWidth().padding(16.dp).testTag(Tags.SHOW_PRESENTATION)) {
                Text(key("wallet.present_qr"))
            }
        }
    } else {
        val controller = remember(serial, fields) { PresentController(session.wallet, session.citizen, serial, fields) }
        PresentationQrView(session, controller)
    }
}

@Composable
private fun PresentationQrView(session: Session, controller: PresentController) {
    var state by remember { mutableStateOf<PresentState?>(null) }
    val scope = rememberCoroutineScope()
    val lifecycle = LocalLifecycleOwner.current.lifecycle
    LaunchedEffect(controller, lifecycle) {
        // As Trang chủ: only while on screen, and through the session (no tick on a closed one).
        lifecycle.repeatOnLifecycle(Lifecycle.State.STARTED) {
            while (isActive) {
                state = withContext(Dispatchers.Default) {
                    session.ifOpen {
                        try {
                            controller.tick()
                        } catch (e: ApiException) {
                            PresentState.Failed(errorText(e))
                        }
                    }
                } ?: break
                delay(250)
            }
        }
    }
    QrScreenEffects(secure = state?.secureScreen == true, fullBrightness = state?.fullBrightness == true)
    Column(
        Modifier.fillMaxSize().padding(16.dp),
        horizontalAlignment = Alignment.CenterHorizontally,
        verticalArrangement = Arrangement.spacedBy(12.dp),
    ) {
        Text(key("wallet.present_qr"), style = MaterialTheme.typography.headlineSmall)
        when (val s = state) {
            null -> CircularProgressIndicator()
            is PresentState.ShowingQr -> {
                val description = key("wallet.present_qr")
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
                        .testTag(Tags.PRESENTATION_QR),
                    contentAlignment = Alignment.Center,
                ) {
                    CountdownRing(s.countdown, Modifier.size(320.dp))
                    QrCode(s.matrix, Modifier.size(240.dp))
                }
                Text(s.countdown.label.str(), color = ink(s.countdown.ringColor), style = MaterialTheme.typography.titleLarge)
            }
            is PresentState.Failed -> Text(s.message.str(), color = MaterialTheme.colorScheme.error)
        }
    }
}
