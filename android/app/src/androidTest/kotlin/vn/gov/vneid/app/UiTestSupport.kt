// What the emulator tests share: the app as it runs — the core's SessionManager with the
// emulator's Android Keystore and Key Attestation, sealed secrets, against a DEVELOPMENT
// authority server (scripts/dev-authority.sh; its URL, pin and root key are the debug build's
// BuildConfig) — with a clock the test moves and a camera replaced by injected frames; and a
// second phone in the process that signs in as the citizen and shows its QRs to the officer.
//
// Instrumentation arguments (`-Pandroid.testInstrumentationRunnerArguments.<name>=…` or
// `adb shell am instrument -e <name> …`):
//   vneid.password     the development accounts' password (default: dev-authority.sh's)
//   vneid.attestation  "none" to enrol without Key Attestation evidence (an emulator image whose
//                      Keystore cannot attest); default: the app's KeyAttestation
package vn.gov.vneid.app

import android.content.Context
import androidx.camera.view.PreviewView
import androidx.compose.ui.test.junit4.ComposeTestRule
import androidx.compose.ui.test.onAllNodesWithTag
import androidx.lifecycle.LifecycleOwner
import androidx.test.core.app.ActivityScenario
import androidx.test.platform.app.InstrumentationRegistry
import java.io.File
import java.util.UUID
import java.util.concurrent.atomic.AtomicLong
import vn.gov.vneid.app.platform.AndroidKeystoreKeys
import vn.gov.vneid.app.platform.KeyAttestation
import vn.gov.vneid.core.Clock
import vn.gov.vneid.core.QrMatrix
import vn.gov.vneid.core.QrScreenModel
import vn.gov.vneid.core.QrScreenState
import vn.gov.vneid.core.Session
import vn.gov.vneid.core.SessionManager
import vn.gov.vneid.presentation.officer.FrameSource
import vn.gov.vneid.presentation.officer.InjectedFrameSource
import vn.gov.vneid.presentation.platform.InMemoryEcKeySource
import vn.gov.vneid.presentation.platform.JcaDeviceKeystore
import vn.gov.vneid.presentation.platform.MemorySecretStorage
import vn.gov.vneid.presentation.platform.NoAttestation
import vn.gov.vneid.presentation.screenLocale

val targetContext: Context get() = InstrumentationRegistry.getInstrumentation().targetContext

/** The accounts scripts/dev-authority.sh registers. */
object DevAccounts {
    private val args get() = InstrumentationRegistry.getArguments()

    /** Nguyễn Văn An, level 2. */
    const val CITIZEN = "001090012345"
    /** Lê Văn Cường, level 1. */
    const val CITIZEN_LEVEL1 = "001095067890"
    /** Trần Thị Bình, level 2, officer. */
    const val OFFICER = "001085012345"

    val password: String get() = args.getString("vneid.password") ?: "vneid-dev-password"
    val keyAttestation: Boolean get() = args.getString("vneid.attestation") != "none"
}

/** A clock the test moves, from now (the server's certificates are valid from its now). */
class TestClock(start: Long = System.currentTimeMillis() / 1000) : Clock {
    private val now = AtomicLong(start)
    override fun nowUnixSeconds(): Long = now.get()
    fun advance(seconds: Long) {
        now.addAndGet(seconds)
    }
}

/** The officer screen gets these frames instead of the camera's. */
class InjectedFrames(val source: InjectedFrameSource = InjectedFrameSource()) : FrameSources {
    override val needsCameraPermission = false
    override fun create(context: Context, owner: LifecycleOwner, preview: PreviewView, onError: (Throwable) -> Unit): FrameSource = source
}

class TestApp(val clock: TestClock = TestClock()) {
    val frames = InjectedFrames()
    private val keys = AndroidKeystoreKeys(targetContext)
    val manager: SessionManager = AppContainer.manager(
        targetContext,
        File(targetContext.cacheDir, "uitest-${UUID.randomUUID()}"),
        clock,
        keys,
        if (DevAccounts.keyAttestation) KeyAttestation(keys) else NoAttestation,
    )
    val container = AppContainer(Result.success(manager), frames)

    /** Signs in before the app starts (the app then restores the session); [setup] runs on the session first. */
    fun signIn(personalId: String = DevAccounts.CITIZEN, settingOn: Boolean = true, setup: (Session) -> Unit = {}) {
        manager.signIn(personalId, DevAccounts.password).use { s ->
            if (settingOn) s.setQrVerification(true)
            setup(s)
        }
    }

    fun launch(): ActivityScenario<MainActivity> {
        VneidApplication.override = container
        return ActivityScenario.launch(MainActivity::class.java)
    }
}

/**
 * Another phone, signed in as the level-2 citizen: keys and secrets in memory, no attestation
 * evidence (the development authority accepts it; the debug build's officer accepts such
 * devices), sharing the test's clock.
 */
class OtherPhone(clock: Clock) : AutoCloseable {
    private val config = AppContainer.authority()
    private val manager = SessionManager(
        File(targetContext.cacheDir, "uitest-other-${UUID.randomUUID()}").path,
        JcaDeviceKeystore(InMemoryEcKeySource()),
        MemorySecretStorage(),
        clock,
        NoAttestation,
        config.server(),
        config.rootPublicKey,
        config.policy(),
    )
    val session: Session = manager.signIn(DevAccounts.CITIZEN, DevAccounts.password).also { it.setQrVerification(true) }

    private fun shown(model: QrScreenModel): QrMatrix = model.use {
        (it.tick(screenLocale(java.util.Locale("vi", "VN"))) as QrScreenState.Showing).matrix
    }

    /** Its identity QR (tab Trang chủ). */
    fun identityQr(): QrMatrix = shown(QrScreenModel.identity(session.citizen()))

    /** A presentation of [paper] disclosing [fields]. */
    fun presentation(paper: String, fields: List<String>): QrMatrix =
        shown(QrScreenModel.presentation(session.citizen(), session.wallet(), paper, fields))

    override fun close() {
        session.close()
        manager.close()
    }
}

fun ComposeTestRule.waitForTag(tag: String, timeoutMillis: Long = 20_000) =
    waitUntil(timeoutMillis) { onAllNodesWithTag(tag).fetchSemanticsNodes().isNotEmpty() }
