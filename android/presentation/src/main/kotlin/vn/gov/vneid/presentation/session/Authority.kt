// The authority as the app reaches it: one interface, so that a server client replaces the
// local authority without touching a screen.
package vn.gov.vneid.presentation.session

import vn.gov.vneid.core.ApiException
import vn.gov.vneid.core.CitizenApp
import vn.gov.vneid.core.EnrolmentService
import vn.gov.vneid.core.LocalAuthority
import vn.gov.vneid.core.TrustBundle

/**
 * The ministry's identity backend as one endpoint. In production a client of its server
 * implements this (throwing `ApiException.Network` when it cannot be reached) and the root
 * key is compiled into the app; [LocalAuthorityEndpoint] implements it in-process.
 */
interface AuthorityEndpoint {
    /** Where a device enrols: checks the device's proof and returns its certificate. */
    val enrolment: EnrolmentService

    /** The authority's root public key, which officer apps pin (SEC1). */
    fun rootPublicKey(): ByteArray

    /** The latest signed trust and revocation lists. */
    fun trustBundle(): TrustBundle

    /**
     * The papers the agencies issued to this citizen's enrolled device (bound to its key), in
     * their held form (for the wallet). Call it after [CitizenApp.enrol].
     */
    fun papersFor(citizen: CitizenApp): List<ByteArray>
}

/** The core's [LocalAuthority] as the endpoint: demo builds and tests. */
class LocalAuthorityEndpoint(val authority: LocalAuthority) : AuthorityEndpoint {
    override val enrolment: EnrolmentService get() = authority

    override fun rootPublicKey(): ByteArray = authority.rootPublicKey()

    override fun trustBundle(): TrustBundle = authority.publish()

    /** The sample papers; the core issues papers to level-2 accounts only, so level 1 has none. */
    override fun papersFor(citizen: CitizenApp): List<ByteArray> = try {
        authority.issueSamplePapers(citizen)
    } catch (e: ApiException.LevelTooLow) {
        emptyList()
    }
}
