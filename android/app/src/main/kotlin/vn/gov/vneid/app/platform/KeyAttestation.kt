// The core's PlatformAttestation on Android: Android Key Attestation. At enrolment the core asks
// for evidence for the server's one-time challenge; the device key is generated now under the
// alias, with the challenge in its attestation certificate (StrongBox when there is one, usable
// only while unlocked), and the Keystore's certificate chain is the evidence. The core reads the
// key after this call, and the authority checks the chain against Google's roots, the app's
// package and signing certificate, the boot state and the challenge (docs/attestation.md).
package vn.gov.vneid.app.platform

import vn.gov.vneid.core.ApiException
import vn.gov.vneid.core.AttestationEvidence
import vn.gov.vneid.core.PlatformAttestation

class KeyAttestation(private val keys: AndroidKeystoreKeys) : PlatformAttestation {
    override fun attest(challenge: ByteArray, keyAlias: String): AttestationEvidence {
        val chain = try {
            keys.generateAttested(keyAlias, challenge)
        } catch (e: Exception) {
            // The class says what failed (no attestation support, StrongBox busy …); the message
            // may say more than a log should.
            throw ApiException.Keystore("key attestation failed: ${e.javaClass.simpleName}")
        }
        if (chain.size < 2) throw ApiException.Keystore("the Keystore gave no attestation chain")
        return AttestationEvidence.Android(chain.map { it.encoded })
    }
}
