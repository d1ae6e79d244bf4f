// What the emulator tests share: an app container with the real Android Keystore, a clock the
// test moves, an authority in the process, and a camera replaced by injected frames.
package vn.gov.vneid.app

import android.content.Context
import androidx.camera.view.PreviewView
import androidx.compose.ui.test.junit4.ComposeTestRule
import androidx.compose.ui.test.onAllNodesWithTag
import androidx.lifecycle.LifecycleOwner
import androidx.test.core.app.ActivityScenario
import androidx.test.platform.app.InstrumentationRegistry
import java.io.File
import java.time.ZoneId
import java.util.UUID
import vn.gov.vneid.app.platform.AndroidKeystoreKeys
import vn.gov.vneid.core.AssuranceLevel
import vn.gov.vneid.core.CitizenApp
import vn.gov.vneid.core.LocalAuthority
import vn.gov.vneid.core.ManualClock
import vn.gov.vneid.core.TrustBundle
import vn.gov.vneid.presentation.officer.FrameSource
import vn.gov.vneid.presentation.officer.InjectedFrameSource
import vn.gov.vneid.presentation.platform.AesGcmSealer
import vn.gov.vneid.presentation.platform.FileByteStore
import vn.gov.vneid.presentation.platform.JcaDeviceKeystore
import vn.gov.vneid.presentation.platform.SealedSecretStorage
import vn.gov.vneid.presentation.session.AuthorityEndpoint
import vn.gov.vneid.presentation.session.LocalAuthorityEndpoint
import vn.gov.vneid.presentation.session.Platform
import vn.gov.vneid.presentation.session.Role
import vn.gov.vneid.presentation.session.Session
import vn.gov.vneid.presentation.session.SignInForm
import vn.gov.vneid.presentation.session.SignInResult

val targetContext: Context get() = InstrumentationRegistry.getInstrumentation().targetContext

/** The officer screen gets these frames instead of the camera's. */
class InjectedFrames(val source: InjectedFrameSource = InjectedFrameSource()) : FrameSources {
    override val needsCameraPermission = false
    override fun create(context: Context, owner: LifecycleOwner, preview: PreviewView, onError: (Throwable) -> Unit): FrameSource = source
}

/** fixtures/vectors, packed into the test APK's assets by the fixtureAssets task. */
object Fixtures {
    private val assets get() = InstrumentationRegistry.getInstrumentation().context.assets
    fun text(name: String) = assets.open("fixtures/$name").bufferedReader().use { it.readText() }.trim()
    fun bytes(name: String) = assets.open("fixtures/$name").use { it.readBytes() }

    /** When token-genuine.txt was made. */
    const val GENUINE_AT = 1_767_259_800L

    val rootPublicKey: ByteArray by lazy {
        val hex = Regex("\"root\"\\s*:\\s*\\{[^}]*\"public_key\"\\s*:\\s*\"([0-9a-f]+)\"").find(text("keys.json"))!!.groupValues[1]
        ByteArray(hex.length / 2) { hex.substring(2 * it, 2 * it + 2).toInt(16).toByte() }
    }
}

/** The fixtures' authority for scanning (its root and lists); an in-process one enrols the officer's phone. */
class FixtureAuthority(clock: ManualClock) : AuthorityEndpoint {
    private val local = LocalAuthorityEndpoint(LocalAuthority(clock))
    override val enrolment get() = local.enrolment
    override fun rootPublicKey() = Fixtures.rootPublicKey
    override fun trustBundle() = TrustBundle(Fixtures.bytes("trust-list.cose"), Fixtures.bytes("revocation-list.cose"))
    override fun papersFor(citizen: CitizenApp) = local.papersFor(citizen)
}

class TestApp(
    val clock: ManualClock,
    val authority: AuthorityEndpoint = LocalAuthorityEndpoint(LocalAuthority(clock)),
) {
    val frames = InjectedFrames()
    val container: AppContainer = run {
        val dir = File(targetContext.cacheDir, "uitest-${UUID.randomUUID()}")
        val platform = Platform(
            // The real Android Keystore of the emulator, as in the app.
            keystore = JcaDeviceKeystore(AndroidKeystoreKeys(targetContext)),
            secrets = SealedSecretStorage(FileByteStore(File(dir, "secrets")), AesGcmSealer(AndroidKeystoreKeys.wrappingKey("vneid-uitest-wrapping"))),
            clock = clock,
            dataDir = dir,
        )
        AppContainer(platform, authority, frames, ZoneId.of("Asia/Ho_Chi_Minh"))
    }

    /** Signs in before the app starts (the app then restores the session); [setup] runs on the session first. */
    fun signIn(level: AssuranceLevel = AssuranceLevel.LEVEL2, role: Role = Role.CITIZEN, settingOn: Boolean = true, setup: (Session) -> Unit = {}) {
        val form = SignInForm("Nguyễn Văn An", "1990-01-02", "001090012345", level, role)
        val session = (container.sessions.signIn(form) as SignInResult.SignedIn).session
        if (settingOn && level == AssuranceLevel.LEVEL2) session.citizen.setQrVerification(true)
        container.sessions.save(role, session.citizen)
        setup(session)
        session.close()
    }

    fun launch(): ActivityScenario<MainActivity> {
        VneidApplication.override = container
        return ActivityScenario.launch(MainActivity::class.java)
    }
}

fun ComposeTestRule.waitForTag(tag: String, timeoutMillis: Long = 15_000) =
    waitUntil(timeoutMillis) { onAllNodesWithTag(tag).fetchSemanticsNodes().isNotEmpty() }
