// Where the authority's server is and what the app pins, from the build configuration (Android:
// Gradle properties → BuildConfig; see android/README.md). The root key is the authority's
// public key only: the app holds no private key of the authority.
package vn.gov.vneid.presentation.session

import vn.gov.vneid.core.AuthorityServer
import vn.gov.vneid.core.Policy
import vn.gov.vneid.core.ServerTrust
import vn.gov.vneid.core.defaultPolicy

class AuthorityConfig private constructor(
    /** `https://…` (the core refuses plain HTTP). */
    val serverUrl: String,
    /** SHA-256 of each accepted server key (SubjectPublicKeyInfo); empty: a public CA's certificate. */
    val spkiPins: List<ByteArray>,
    /** The authority's root public key, SEC1 (65 bytes), pinned by the officer's side and the wallet. */
    val rootPublicKey: ByteArray,
    /** Accept devices enrolled under a development attestation policy (debug builds only). */
    val acceptDevelopmentDevices: Boolean,
) {
    fun server(): AuthorityServer =
        AuthorityServer(serverUrl, if (spkiPins.isEmpty()) ServerTrust.PublicCas else ServerTrust.PinnedKeys(spkiPins))

    fun policy(): Policy = defaultPolicy().copy(acceptDevelopmentDevices = acceptDevelopmentDevices)

    companion object {
        /**
         * From the build's strings: [pins] comma-separated hex digests (`DIR/tls/spki-sha256.txt`
         * of a development authority), [rootHex] the root key in hex. Throws
         * [IllegalArgumentException] naming what is missing or malformed.
         */
        fun of(url: String, pins: String, rootHex: String, acceptDevelopmentDevices: Boolean): AuthorityConfig {
            require(url.isNotBlank()) { "no authority server configured (vneid.server.url)" }
            val spki = pins.split(',').map { it.trim() }.filter { it.isNotEmpty() }.map { hex(it, 32, "vneid.server.spki") }
            return AuthorityConfig(url.trim(), spki, hex(rootHex.trim(), 65, "vneid.root.key"), acceptDevelopmentDevices)
        }

        private fun hex(s: String, bytes: Int, what: String): ByteArray {
            require(s.length == 2 * bytes && s.all { it in "0123456789abcdefABCDEF" }) { "$what must be ${2 * bytes} hex digits" }
            return ByteArray(bytes) { s.substring(2 * it, 2 * it + 2).toInt(16).toByte() }
        }
    }
}
