// The officer's screens: the camera with a frame guide, the verdict as the core's VerdictView
// decides it (big green GENUINE or red FAKE, the reason, name and masked ID, disclosed paper
// fields, the vibration, the screen-reader sentence), the core's scan history.
package vn.gov.vneid.app.ui

import android.Manifest
import android.content.Intent
import android.content.pm.PackageManager
import android.net.Uri
import android.os.Handler
import android.os.Looper
import android.provider.Settings
import androidx.activity.compose.BackHandler
import androidx.activity.compose.rememberLauncherForActivityResult
import androidx.activity.result.contract.ActivityResultContracts
import androidx.camera.view.PreviewView
import androidx.compose.foundation.Canvas
import androidx.compose.foundation.background
import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Box
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.lazy.LazyColumn
import androidx.compose.foundation.lazy.items
import androidx.compose.foundation.rememberScrollState
import androidx.compose.foundation.verticalScroll
import androidx.compose.material3.Button
import androidx.compose.material3.HorizontalDivider
import androidx.compose.material3.ListItem
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Surface
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.DisposableEffect
import androidx.compose.runtime.getValue
import androidx.compose.runtime.key
import androidx.compose.runtime.mutableIntStateOf
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.produceState
import androidx.compose.runtime.remember
import androidx.compose.runtime.saveable.rememberSaveable
import androidx.compose.runtime.setValue
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.geometry.Offset
import androidx.compose.ui.graphics.Color
import androidx.compose.ui.graphics.StrokeCap
import androidx.compose.ui.platform.LocalContext
import androidx.compose.ui.platform.LocalView
import androidx.compose.ui.platform.testTag
import androidx.compose.ui.text.font.FontWeight
import androidx.compose.ui.text.style.TextAlign
import androidx.compose.ui.unit.dp
import androidx.compose.ui.viewinterop.AndroidView
import androidx.core.content.ContextCompat
import androidx.lifecycle.Lifecycle
import androidx.lifecycle.LifecycleEventObserver
import androidx.lifecycle.compose.LocalLifecycleOwner
import java.util.concurrent.Executor
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.withContext
import vn.gov.vneid.app.AppContainer
import vn.gov.vneid.app.platform.findActivity
import vn.gov.vneid.app.platform.vibrate
import vn.gov.vneid.core.HistoryView
import vn.gov.vneid.core.OfficerApp
import vn.gov.vneid.core.VerdictView
import vn.gov.vneid.presentation.officer.ScanController
import vn.gov.vneid.presentation.officer.ScanState
import vn.gov.vneid.presentation.session.OpenSession

/** What the scan screen can do with the camera permission. */
private enum class CameraAccess {
    GRANTED,
    /** Not granted yet: ask (the system dialog). */
    ASK,
    /** Refused for good ("don't ask again", or refused twice): only Settings can grant it now. */
    SETTINGS,
}

@Composable
fun ScanScreen(session: OpenSession, officer: OfficerApp, container: AppContainer) {
    val context = LocalContext.current
    val view = LocalView.current
    val owner = LocalLifecycleOwner.current
    var state by remember { mutableStateOf<ScanState>(ScanState.Scanning) }
    val controller = remember(officer) {
        val main = Handler(Looper.getMainLooper())
        // Scans run on the scan thread through the session: sign-out closes the officer app only
        // after a scan in flight, and no scan starts on a closed one.
        val scans = Executor { task -> container.scanExecutor.execute { session.ifOpen { task.run() } } }
        ScanController(officer, scans, { context.screenLocale() }) { s ->
            main.post {
                state = s
                if (s is ScanState.Result) {
                    context.vibrate(s.scan.view.haptic)
                    // TalkBack says the verdict at once ("Ứng dụng thật. Nguyễn Văn An …").
                    @Suppress("DEPRECATION")
                    view.announceForAccessibility(s.scan.view.announcement)
                }
            }
        }
    }
    fun granted() = !container.frames.needsCameraPermission ||
        ContextCompat.checkSelfPermission(context, Manifest.permission.CAMERA) == PackageManager.PERMISSION_GRANTED
    var access by rememberSaveable { mutableStateOf(if (granted()) CameraAccess.GRANTED else CameraAccess.ASK) }
    val ask = rememberLauncherForActivityResult(ActivityResultContracts.RequestPermission()) { ok ->
        access = when {
            ok -> CameraAccess.GRANTED
            // After a refusal the system shows no rationale only when it will not ask again.
            context.findActivity()?.shouldShowRequestPermissionRationale(Manifest.permission.CAMERA) == false -> CameraAccess.SETTINGS
            else -> CameraAccess.ASK
        }
    }
    // Back from Settings (or the permission revoked there): read it again.
    DisposableEffect(owner) {
        val observer = LifecycleEventObserver { _, event ->
            if (event == Lifecycle.Event.ON_RESUME) {
                if (granted()) access = CameraAccess.GRANTED else if (access == CameraAccess.GRANTED) access = CameraAccess.ASK
            }
        }
        owner.lifecycle.addObserver(observer)
        onDispose { owner.lifecycle.removeObserver(observer) }
    }
    var cameraFailed by remember { mutableStateOf(false) }
    var cameraAttempt by remember { mutableIntStateOf(0) }

    if (access != CameraAccess.GRANTED) {
        Column(
            Modifier.fillMaxSize().padding(24.dp),
            verticalArrangement = Arrangement.spacedBy(16.dp, Alignment.CenterVertically),
            horizontalAlignment = Alignment.CenterHorizontally,
        ) {
            Text(words("officer.camera_permission"), textAlign = TextAlign.Center)
            Button(
                onClick = {
                    if (access == CameraAccess.SETTINGS) {
                        context.startActivity(
                            Intent(Settings.ACTION_APPLICATION_DETAILS_SETTINGS, Uri.fromParts("package", context.packageName, null))
                                .addFlags(Intent.FLAG_ACTIVITY_NEW_TASK),
                        )
                    } else {
                        ask.launch(Manifest.permission.CAMERA)
                    }
                },
                modifier = Modifier.testTag(Tags.CAMERA_PERMISSION),
            ) { Text(words("officer.grant_permission")) }
        }
        return
    }
    if (cameraFailed) {
        // The camera could not be opened (busy, disabled, none): say so, offer a retry.
        Column(
            Modifier.fillMaxSize().padding(24.dp),
            verticalArrangement = Arrangement.spacedBy(16.dp, Alignment.CenterVertically),
            horizontalAlignment = Alignment.CenterHorizontally,
        ) {
            Text(words("error.internal"), color = MaterialTheme.colorScheme.error, textAlign = TextAlign.Center,
                modifier = Modifier.testTag(Tags.CAMERA_ERROR))
            Button(onClick = { cameraFailed = false; cameraAttempt++ }) { Text(words("common.retry")) }
        }
        return
    }
    Box(Modifier.fillMaxSize()) {
        // The camera stays bound while a verdict or an error shows (the scanner drops every
        // frame until "scan again"), so that the next scan starts at once, without a rebind.
        key(cameraAttempt) {
            AndroidView(
                factory = { ctx ->
                    PreviewView(ctx).also { preview ->
                        controller.start(container.frames.create(ctx, owner, preview) { cameraFailed = true })
                    }
                },
                modifier = Modifier.fillMaxSize().testTag(Tags.CAMERA_PREVIEW),
            )
            DisposableEffect(controller) { onDispose { controller.stop() } }
        }
        when (val s = state) {
            is ScanState.Scanning -> {
                FrameGuide(Modifier.fillMaxSize())
                Text(
                    words("officer.frame_hint"), color = Color.White, textAlign = TextAlign.Center,
                    modifier = Modifier.align(Alignment.BottomCenter).fillMaxWidth().background(Color(0x99000000)).padding(16.dp),
                )
            }
            is ScanState.Result -> Surface(Modifier.fillMaxSize()) {
                BackHandler { controller.scanAgain() }
                VerdictScreen(s.scan.view, onScanAgain = controller::scanAgain)
            }
            is ScanState.Failed -> Surface(Modifier.fillMaxSize()) {
                Column(Modifier.fillMaxSize().padding(24.dp), verticalArrangement = Arrangement.Center) {
                    Text(s.message, color = MaterialTheme.colorScheme.error)
                    Button(onClick = controller::scanAgain) { Text(words("common.retry")) }
                }
            }
        }
    }
}

/** Four corner brackets around the square the QR should fill. */
@Composable
private fun FrameGuide(modifier: Modifier) {
    Canvas(modifier) {
        val side = size.minDimension * 0.7f
        val left = (size.width - side) / 2
        val top = (size.height - side) / 2
        val arm = side * 0.15f
        val w = 6.dp.toPx()
        val corners = listOf(
            Offset(left, top) to Offset(1f, 1f), Offset(left + side, top) to Offset(-1f, 1f),
            Offset(left, top + side) to Offset(1f, -1f), Offset(left + side, top + side) to Offset(-1f, -1f),
        )
        for ((p, d) in corners) {
            drawLine(Color.White, p, Offset(p.x + d.x * arm, p.y), w, StrokeCap.Round)
            drawLine(Color.White, p, Offset(p.x, p.y + d.y * arm), w, StrokeCap.Round)
        }
    }
}

@Composable
fun VerdictScreen(v: VerdictView, onScanAgain: () -> Unit) {
    Column(Modifier.fillMaxSize().verticalScroll(rememberScrollState()).testTag(Tags.VERDICT)) {
        Surface(color = v.tone.block(), modifier = Modifier.fillMaxWidth()) {
            Column(Modifier.padding(24.dp), horizontalAlignment = Alignment.CenterHorizontally) {
                // Text styles (sp): they follow the user's font size, and the headline wraps.
                Text(
                    v.headline, color = Color.White,
                    style = MaterialTheme.typography.headlineLarge.copy(fontWeight = FontWeight.Bold),
                    textAlign = TextAlign.Center, modifier = Modifier.testTag(Tags.VERDICT_HEADLINE),
                )
                v.reason?.let {
                    Text(it, color = Color.White, textAlign = TextAlign.Center, style = MaterialTheme.typography.titleMedium,
                        modifier = Modifier.padding(top = 12.dp).testTag(Tags.VERDICT_REASON))
                }
                v.repeat?.let { Text(it, color = Color.White, modifier = Modifier.padding(top = 8.dp)) }
            }
        }
        for (w in v.warnings) Text(w, color = vn.gov.vneid.core.Tone.WARNING.ink(), modifier = Modifier.padding(16.dp))
        for (row in v.rows) ListItem(headlineContent = { Text(row.value) }, overlineContent = { Text(row.label) })
        v.paper?.let { paper ->
            HorizontalDivider()
            Text(words("verdict.disclosed"), style = MaterialTheme.typography.titleMedium, modifier = Modifier.padding(16.dp))
            Text(paper.name, style = MaterialTheme.typography.titleLarge, modifier = Modifier.padding(horizontal = 16.dp))
            for (row in paper.rows) ListItem(headlineContent = { Text(row.value) }, overlineContent = { Text(row.label) })
            for (f in paper.fields) {
                ListItem(
                    headlineContent = { Text(f.value) },
                    overlineContent = { Text(f.label) },
                    modifier = Modifier.testTag(Tags.VERDICT_FIELD + f.label),
                )
            }
        }
        Button(onClick = onScanAgain, modifier = Modifier.fillMaxWidth().padding(16.dp).testTag(Tags.SCAN_AGAIN)) {
            Text(words("officer.scan_again"))
        }
    }
}

@Composable
fun HistoryScreen(session: OpenSession, officer: OfficerApp) {
    val locale = rememberScreenLocale()
    val history by produceState<HistoryView?>(null, officer, locale) {
        value = withContext(Dispatchers.Default) { session.ifOpen { officer.history(locale) } }
    }
    Column(Modifier.fillMaxSize()) {
        Text(words("officer.history"), style = MaterialTheme.typography.headlineSmall, modifier = Modifier.padding(16.dp))
        val h = history ?: return@Column
        h.broken?.let { Text(it, color = MaterialTheme.colorScheme.error, modifier = Modifier.padding(16.dp)) }
        h.empty?.let { Text(it, Modifier.padding(16.dp)) }
        LazyColumn {
            items(h.rows, key = { it.seq.toLong() }) { row ->
                ListItem(
                    headlineContent = { Text(row.headline, color = row.tone.ink(), fontWeight = FontWeight.Bold) },
                    supportingContent = row.detail?.let { d -> @Composable { Text(d) } },
                    overlineContent = { Text(row.time) },
                    trailingContent = row.paper?.let { p -> @Composable { Text(p.uppercase()) } },
                    modifier = Modifier.testTag(Tags.HISTORY_ROW + row.seq),
                )
                HorizontalDivider()
            }
        }
    }
}
