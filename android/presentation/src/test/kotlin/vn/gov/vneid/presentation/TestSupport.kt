// What the :presentation tests share: a world of real core objects (authority, citizen with a
// java.security keystore, officer), the fixture vectors, and a hand-run executor.
package vn.gov.vneid.presentation

import java.io.File
import java.nio.file.Files
import java.util.ArrayDeque
import java.util.concurrent.Executor
import vn.gov.vneid.core.AssuranceLevel
import vn.gov.vneid.core.CitizenAccount
import vn.gov.vneid.core.CitizenApp
import vn.gov.vneid.core.LocalAuthority
import vn.gov.vneid.core.ManualClock
import vn.gov.vneid.core.OfficerAccount
import vn.gov.vneid.core.OfficerApp
import vn.gov.vneid.core.Wallet
import vn.gov.vneid.core.memorySecretStorage
import vn.gov.vneid.presentation.platform.InMemoryEcKeySource
import vn.gov.vneid.presentation.platform.JcaDeviceKeystore

const val START = 1_795_000_000L // 2026-11-18

fun account(level: AssuranceLevel = AssuranceLevel.LEVEL2) = CitizenAccount(
    fullName = "Nguyễn Văn An",
    dateOfBirth = "1990-01-02",
    personalId = "001090012345",
    level = level,
)

fun tempDir(prefix: String): File = Files.createTempDirectory(prefix).toFile().also { it.deleteOnExit() }

/** An authority, a citizen (java.security keys through JcaDeviceKeystore), an officer holding the lists. */
class World(
    level: AssuranceLevel = AssuranceLevel.LEVEL2,
    enrol: Boolean = true,
    settingOn: Boolean = true,
    val clock: ManualClock = ManualClock(START),
) : AutoCloseable {
    val keys = InMemoryEcKeySource()
    val keystore = JcaDeviceKeystore(keys)
    val authority = LocalAuthority(clock)
    val citizen = CitizenApp(account(level), keystore, "vneid-device-key", clock)
    val officer = OfficerApp(OfficerAccount("Trần Thị Bình", AssuranceLevel.LEVEL2), authority.rootPublicKey(), clock)
    private var walletOrNull: Wallet? = null

    init {
        if (enrol) citizen.enrol(authority)
        if (enrol && settingOn && level == AssuranceLevel.LEVEL2) citizen.setQrVerification(true)
        val lists = authority.publish()
        officer.updateTrust(lists.trustList, lists.revocationList)
    }

    /** A wallet holding the four sample papers, issued to the enrolled citizen's device. */
    val wallet: Wallet
        get() = walletOrNull ?: Wallet.openOrCreate(File(tempDir("wallet"), "wallet.bin").path, memorySecretStorage(), clock).also { w ->
            authority.issueSamplePapers(citizen).forEach { w.add(it) }
            walletOrNull = w
        }

    override fun close() {
        walletOrNull?.close()
        officer.close()
        citizen.close()
        authority.close()
        clock.close()
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

    data class Case(val name: String, val qrFile: String, val verifyAt: Long, val verdict: String, val reason: String?)

    /** Every case of cases.json. */
    val cases: List<Case> by lazy {
        val json = File(dir, "cases.json").readText()
        Regex(
            "\"name\":\\s*\"([^\"]+)\"[\\s\\S]*?\"qr_file\":\\s*\"([^\"]+)\"[\\s\\S]*?\"verify_at\":\\s*(\\d+)" +
                "[\\s\\S]*?\"verdict\":\\s*\"(\\w+)\",\\s*\"reason\":\\s*(null|\"\\w+\")",
        ).findAll(json).map {
            val (name, file, at, verdict, reason) = it.destructured
            Case(name, file, at.toLong(), verdict, if (reason == "null") null else reason.trim('"'))
        }.toList()
    }

    /** An officer app as the fixtures describe it: pinned root, the fixture lists, its clock at [at]. */
    fun officer(clock: ManualClock): OfficerApp =
        OfficerApp(OfficerAccount("Trần Thị Bình", AssuranceLevel.LEVEL2), rootPublicKey, clock).also {
            it.updateTrust(bytes("trust-list.cose"), bytes("revocation-list.cose"))
        }
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

/** Resolves in Vietnamese / English against the core's table. */
fun UiText.vi() = resolve(vn.gov.vneid.core.Lang.VI)
fun UiText.en() = resolve(vn.gov.vneid.core.Lang.EN)
