// What the :presentation tests share: the fixture vectors (an officer pinning their root with
// their lists, their genuine token), a clock moved by hand, a hand-run executor, and fakes of
// the core's session objects (uniffi's NoHandle constructors) for the state holders. Only the
// API the apps ship is used (no `testing` feature), so `./gradlew :presentation:test` runs
// these against the library the app is built with.
package vn.gov.vneid.presentation

import java.io.File
import java.nio.file.Files
import java.util.ArrayDeque
import java.util.concurrent.Executor
import java.util.concurrent.atomic.AtomicLong
import vn.gov.vneid.core.AssuranceLevel
import vn.gov.vneid.core.AuditIntegrity
import vn.gov.vneid.core.CitizenAccount
import vn.gov.vneid.core.CitizenApp
import vn.gov.vneid.core.Clock
import vn.gov.vneid.core.Lang
import vn.gov.vneid.core.ListRefresh
import vn.gov.vneid.core.ListUpdate
import vn.gov.vneid.core.NoHandle
import vn.gov.vneid.core.OfficerAccount
import vn.gov.vneid.core.OfficerApp
import vn.gov.vneid.core.Restored
import vn.gov.vneid.core.RevokedDevice
import vn.gov.vneid.core.Role
import vn.gov.vneid.core.ScreenLocale
import vn.gov.vneid.core.Session
import vn.gov.vneid.core.SessionManager
import vn.gov.vneid.core.SessionRefresh
import vn.gov.vneid.core.Wallet
import vn.gov.vneid.presentation.platform.InMemoryEcKeySource
import vn.gov.vneid.presentation.platform.JcaDeviceKeystore
import vn.gov.vneid.presentation.platform.MemorySecretStorage

const val START = 1_795_000_000L // 2026-11-18
val VN = ScreenLocale(Lang.VI, 7 * 3600)

fun account(level: AssuranceLevel = AssuranceLevel.LEVEL2) =
    CitizenAccount(fullName = "Nguyễn Văn An", dateOfBirth = "1990-01-02", personalId = "001090012345", level = level)

fun tempDir(prefix: String): File = Files.createTempDirectory(prefix).toFile().also { it.deleteOnExit() }

/** A clock the test moves. */
class TestClock(start: Long) : Clock {
    private val now = AtomicLong(start)
    override fun nowUnixSeconds(): Long = now.get()
    fun advance(seconds: Long) {
        now.addAndGet(seconds)
    }
}

/** The fixture vectors (fixtures/vectors), read where the test script says they are. */
object Fixtures {
    val dir: File = File(System.getProperty("vneid.fixtures") ?: "../fixtures/vectors")

    fun text(name: String): String = File(dir, name).readText().trim()
    fun bytes(name: String): ByteArray = File(dir, name).readBytes()

    /** The root key officer apps pin, SEC1, from keys.json. */
    val rootPublicKey: ByteArray by lazy {
        val json = File(dir, "keys.json").readText()
        val hex = Regex("\"root\"\\s*:\\s*\\{[^}]*\"public_key\"\\s*:\\s*\"([0-9a-f]+)\"").find(json)!!.groupValues[1]
        ByteArray(hex.length / 2) { hex.substring(2 * it, 2 * it + 2).toInt(16).toByte() }
    }

    /** When the genuine token was made. */
    const val GENUINE_AT = 1_767_259_800L

    /** An officer app pinning the fixtures' root, without lists. */
    fun bareOfficer(clock: Clock): OfficerApp = OfficerApp(OfficerAccount("Trần Thị Bình", AssuranceLevel.LEVEL2), rootPublicKey, clock)

    /** An officer app as the fixtures describe it: pinned root and the fixture lists. */
    fun officer(clock: Clock): OfficerApp =
        bareOfficer(clock).also { it.updateTrust(bytes("trust-list.cose"), bytes("revocation-list.cose")) }
}

/** An executor that runs what it is given only when the test says so. */
class ManualExecutor : Executor {
    private val queue = ArrayDeque<Runnable>()

    override fun execute(command: Runnable) {
        synchronized(queue) { queue.add(command) }
    }

    val pending: Int get() = synchronized(queue) { queue.size }

    fun runAll() {
        while (true) {
            val next = synchronized(queue) { queue.poll() } ?: return
            next.run()
        }
    }
}

/** Real core objects of a phone that has not enrolled: the citizen app and an empty wallet. */
class Phone(val clock: TestClock = TestClock(START)) {
    val keys = InMemoryEcKeySource()
    val citizen = CitizenApp(account(), JcaDeviceKeystore(keys), "vneid-device-key", clock)
    val wallet: Wallet = Wallet.openOrCreate(File(tempDir("wallet"), "wallet.bin").path, MemorySecretStorage(), clock)
}

/** A session as the core hands it out, over a [Phone]'s real objects; records what it is asked. */
class FakeSession(
    val phone: Phone = Phone(),
    private val role: Role = Role.CITIZEN,
    private val officer: OfficerApp? = null,
) : Session(NoHandle) {
    @Volatile var signedOut = 0
    @Volatile var due = true
    @Volatile var refreshes = 0
    @Volatile var refreshError: vn.gov.vneid.core.ApiException? = null
    @Volatile var settingError: vn.gov.vneid.core.ApiException? = null

    override fun role() = role
    override fun citizen() = phone.citizen
    override fun wallet() = phone.wallet
    override fun officer() = officer
    override fun auditIntegrity(): AuditIntegrity? = if (officer != null) AuditIntegrity.Intact else null
    override fun signOut() {
        signedOut++
    }
    override fun setQrVerification(on: Boolean) {
        settingError?.let { throw it }
    }
    override fun refreshDue() = due
    override fun refreshLists(): SessionRefresh {
        refreshError?.let { throw it }
        refreshes++
        due = false
        return SessionRefresh(ListRefresh(ListUpdate.NotModified, ListUpdate.NotModified), false)
    }
}

/** The core's SessionManager as the state holder sees it: restore and sign-in answered by the test. */
class FakeManager(
    var restored: () -> Restored = { Restored.SignedOut },
    var onSignIn: (String, String) -> Session = { _, _ -> throw vn.gov.vneid.core.ApiException.SignInFailed(null) },
) : SessionManager(NoHandle) {
    override fun restore(lang: Lang): Restored = restored()
    override fun signIn(personalId: String, password: String): Session = onSignIn(personalId, password)
    override fun reportDeviceStolen(personalId: String, password: String): RevokedDevice = RevokedDevice(emptyList(), 0u)
}
