// Doubles of the platform for JVM tests, UI tests and a development server: keys and secrets
// in memory, and no attestation evidence. Never used by the app's own container: a production
// authority refuses a device without evidence, and the keys here die with the process.
package vn.gov.vneid.presentation.platform

import java.security.KeyPairGenerator
import java.security.PrivateKey
import java.security.PublicKey
import java.security.spec.ECGenParameterSpec
import java.util.concurrent.ConcurrentHashMap
import vn.gov.vneid.core.AttestationEvidence
import vn.gov.vneid.core.PlatformAttestation
import vn.gov.vneid.core.SecretStorage

/** P-256 keys in memory (java.security). */
class InMemoryEcKeySource : EcKeySource {
    private val keys = ConcurrentHashMap<String, java.security.KeyPair>()

    override fun getOrCreate(alias: String): PublicKey = keys.computeIfAbsent(alias) {
        KeyPairGenerator.getInstance("EC").apply { initialize(ECGenParameterSpec("secp256r1")) }.generateKeyPair()
    }.public

    override fun privateKey(alias: String): PrivateKey? = keys[alias]?.private

    /** Forgets a key, as the Keystore does when the screen lock is removed. */
    fun delete(alias: String) {
        keys.remove(alias)
    }
}

/** Secrets in memory. */
class MemorySecretStorage : SecretStorage {
    private val secrets = ConcurrentHashMap<String, ByteArray>()

    override fun get(name: String): ByteArray? = secrets[name]?.copyOf()

    override fun put(name: String, secret: ByteArray) {
        secrets[name] = secret.copyOf()
    }
}

/**
 * No evidence: what a phone without key attestation sends. Only a development authority
 * (`vneid-authority init --development`) accepts it, and its certificate then says so: an
 * officer's app with the production policy calls such a device fake.
 */
object NoAttestation : PlatformAttestation {
    override fun attest(challenge: ByteArray, keyAlias: String): AttestationEvidence = AttestationEvidence.None
}
