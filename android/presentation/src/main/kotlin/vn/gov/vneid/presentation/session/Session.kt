// Sign-in, enrolment, restore and sign-out: the order of core calls an app makes, in one place,
// with the platform (keystore, secret storage, clock, a private directory) passed in.
package vn.gov.vneid.presentation.session

import java.io.File
import java.util.Properties
import vn.gov.vneid.core.ApiException
import vn.gov.vneid.core.AssuranceLevel
import vn.gov.vneid.core.AuditIntegrity
import vn.gov.vneid.core.CitizenAccount
import vn.gov.vneid.core.CitizenApp
import vn.gov.vneid.core.Clock
import vn.gov.vneid.core.DeviceKeystore
import vn.gov.vneid.core.OfficerAccount
import vn.gov.vneid.core.OfficerApp
import vn.gov.vneid.core.SecretStorage
import vn.gov.vneid.core.Wallet
import vn.gov.vneid.presentation.Keys
import vn.gov.vneid.presentation.UiText
import vn.gov.vneid.presentation.errorKey

/** Who uses the app: a citizen, or an officer (who is a citizen too, with officer screens). */
enum class Role(val key: String) { CITIZEN(Keys.ROLE_CITIZEN), OFFICER(Keys.ROLE_OFFICER) }

/** The string key of an account level. */
fun levelKey(level: AssuranceLevel): String = when (level) {
    AssuranceLevel.LEVEL1 -> Keys.LEVEL_1
    AssuranceLevel.LEVEL2 -> Keys.LEVEL_2
}

/** What the sign-in screen collects. */
data class SignInForm(
    val fullName: String = "",
    val dateOfBirth: String = "",
    val personalId: String = "",
    val level: AssuranceLevel = AssuranceLevel.LEVEL2,
    val role: Role = Role.CITIZEN,
) {
    /** Whether the button may be pressed (the core checks the values themselves). */
    val complete: Boolean get() = fullName.isNotBlank() && dateOfBirth.isNotBlank() && personalId.isNotBlank()

    fun account() = CitizenAccount(fullName.trim(), dateOfBirth.trim(), personalId.trim(), level)
}

/** What the app implements for the core, and where it keeps its files. */
class Platform(
    val keystore: DeviceKeystore,
    val secrets: SecretStorage,
    val clock: Clock,
    /** The app's private directory (Android: `filesDir`). */
    val dataDir: File,
)

/** A signed-in app: the citizen side always, the officer side for an officer account. */
class Session(
    val role: Role,
    val citizen: CitizenApp,
    val wallet: Wallet,
    val officer: OfficerApp?,
    /** Whether the scan log's hash chain was intact when opened (officer only). */
    val auditIntegrity: AuditIntegrity?,
) : AutoCloseable {
    private val guard = CloseGuard {
        officer?.close()
        wallet.close()
        citizen.close()
    }

    /**
     * A core call made off the main thread (a tick, a scan, a save): runs [block] unless the
     * session was closed, and keeps it open until [block] returns. Null once closed.
     */
    fun <T : Any> ifOpen(block: () -> T): T? = guard.ifOpen(block)

    val isClosed: Boolean get() = guard.isClosed

    /** Closes the core objects once no call made through [ifOpen] is in flight; none starts after. */
    override fun close() = guard.close()
}

/** The result of signing in. */
sealed interface SignInResult {
    data class SignedIn(val session: Session) : SignInResult
    data class Refused(val message: UiText) : SignInResult
}

/**
 * Signs in, restores and signs out. Every call may block (keystore, files, the authority's
 * server): call it off the main thread.
 */
class SessionManager(private val platform: Platform, private val authority: AuthorityEndpoint) {
    private val dir = platform.dataDir
    private val citizenFile get() = File(dir, "citizen.json")
    private val sessionFile get() = File(dir, "session.properties")
    private val walletFile get() = File(dir, "wallet.bin")
    private val auditDir get() = File(dir, "audit")
    private val officerTrustDir get() = File(dir, "officer-trust")
    private val trustFile get() = File(dir, "trust-list.cose")
    private val revocationFile get() = File(dir, "revocation-list.cose")

    /**
     * Signs in with [form]: makes the citizen app (device key in the keystore), enrols it with
     * the authority, opens the wallet with the citizen's papers, and for an officer makes the
     * officer app with the authority's lists and the scan log. The core refuses what it must
     * (a bad ID number, an officer below level 2); those refusals come back as messages.
     */
    fun signIn(form: SignInForm): SignInResult {
        if (!form.complete) return SignInResult.Refused(UiText.Key(Keys.LOGIN_ERROR_MISSING))
        val opened = mutableListOf<AutoCloseable>()
        return try {
            val citizen = CitizenApp(form.account(), platform.keystore, KEY_ALIAS, platform.clock).also { opened += it }
            val officer = if (form.role == Role.OFFICER) openOfficer(citizen.account()).also { opened += it } else null
            citizen.enrol(authority.enrolment)
            dir.mkdirs()
            // A new sign-in replaces the previous person's papers.
            walletFile.delete()
            val wallet = Wallet.openOrCreate(walletFile.path, platform.secrets, platform.clock).also { opened += it }
            for (paper in authority.papersFor(citizen)) wallet.addOrReplace(paper)
            // Every role: the wallet shows a revoked paper as revoked from the authority's list.
            val lists = authority.trustBundle()
            wallet.updateRevocationList(authority.rootPublicKey(), lists.revocationList)
            saveLists(lists.trustList, lists.revocationList)
            var integrity: AuditIntegrity? = null
            if (officer != null) {
                officer.openTrustStore(officerTrustDir.path)
                officer.updateTrust(lists.trustList, lists.revocationList)
                integrity = officer.openAuditLog(auditDir.path, platform.secrets)
            }
            save(form.role, citizen)
            SignInResult.SignedIn(Session(form.role, citizen, wallet, officer, integrity))
        } catch (e: ApiException) {
            opened.asReversed().forEach { it.close() }
            SignInResult.Refused(UiText.Key(signInErrorKey(e)))
        }
    }

    /** The session saved by the last sign-in, or null when there is none (show sign-in). */
    fun restore(): Session? {
        if (!sessionFile.exists() || !citizenFile.exists()) return null
        val props = Properties().apply { sessionFile.inputStream().use { load(it) } }
        val role = runCatching { Role.valueOf(props.getProperty("role", "")) }.getOrNull() ?: return null
        val citizen = CitizenApp.restore(citizenFile.readText(), platform.keystore, KEY_ALIAS, platform.clock)
        return try {
            val wallet = Wallet.openOrCreate(walletFile.path, platform.secrets, platform.clock)
            if (revocationFile.exists()) {
                wallet.updateRevocationList(authority.rootPublicKey(), revocationFile.readBytes())
            }
            var officer: OfficerApp? = null
            var integrity: AuditIntegrity? = null
            if (role == Role.OFFICER) {
                officer = openOfficer(citizen.account())
                // The core's trust store holds the newest lists it accepted (never older).
                officer.openTrustStore(officerTrustDir.path)
                refreshTrust(officer)
                integrity = officer.openAuditLog(auditDir.path, platform.secrets)
            }
            Session(role, citizen, wallet, officer, integrity)
        } catch (e: ApiException) {
            citizen.close()
            throw e
        }
    }

    /**
     * Fetches the authority's newest lists and installs them; a list older than the one held
     * is refused by the core and the held one kept. Returns the refusal, if any.
     */
    fun refreshTrust(officer: OfficerApp): ApiException? = try {
        val lists = authority.trustBundle()
        officer.updateTrust(lists.trustList, lists.revocationList)
        saveLists(lists.trustList, lists.revocationList)
        null
    } catch (e: ApiException) {
        e
    }

    /** Forgets the signed-in person (the scan log stays: it is the device's record). */
    fun signOut(session: Session?) {
        session?.close()
        listOf(citizenFile, sessionFile, walletFile, trustFile, revocationFile).forEach { it.delete() }
    }

    /** Saves the citizen state after a change (the QR setting). */
    fun save(role: Role, citizen: CitizenApp) {
        dir.mkdirs()
        writeAtomic(citizenFile, citizen.savedState().toByteArray())
        val props = Properties().apply { setProperty("role", role.name) }
        val out = java.io.ByteArrayOutputStream()
        props.store(out, "vneid session")
        writeAtomic(sessionFile, out.toByteArray())
    }

    private fun openOfficer(account: CitizenAccount): OfficerApp =
        OfficerApp(OfficerAccount(account.fullName, account.level), authority.rootPublicKey(), platform.clock)

    private fun saveLists(trust: ByteArray, revocation: ByteArray) {
        writeAtomic(trustFile, trust)
        writeAtomic(revocationFile, revocation)
    }

    companion object {
        /** The device key's alias in the platform keystore. */
        const val KEY_ALIAS = "vneid-device-key"

        /** Sign-in wording for the core's refusals. */
        fun signInErrorKey(e: ApiException): String = when (e) {
            is ApiException.InvalidInput -> Keys.LOGIN_ERROR_INVALID
            is ApiException.LevelTooLow -> Keys.LOGIN_ERROR_OFFICER_LEVEL
            else -> errorKey(e)
        }

        internal fun writeAtomic(file: File, bytes: ByteArray) {
            val tmp = File(file.parentFile, file.name + ".tmp")
            java.io.FileOutputStream(tmp).use { out ->
                out.write(bytes)
                out.fd.sync()
            }
            if (!tmp.renameTo(file)) {
                file.delete()
                check(tmp.renameTo(file)) { "could not replace ${file.name}" }
            }
        }
    }
}
