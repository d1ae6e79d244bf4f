// The device key in the Android Keystore: P-256, for SHA256withECDSA, in StrongBox when the
// phone has one, usable only while the phone is unlocked (API 28+), generated at enrolment with
// the server's attestation challenge (KeyAttestation). The private key never leaves the
// Keystore; JcaDeviceKeystore (in :presentation) signs with its handle and hands the core the
// X.509 public key and DER signatures, which the core converts and checks.
package vn.gov.vneid.app.platform

import android.content.Context
import android.content.pm.PackageManager
import android.os.Build
import android.security.keystore.KeyGenParameterSpec
import android.security.keystore.KeyProperties
import java.security.KeyPairGenerator
import java.security.KeyStore
import java.security.PrivateKey
import java.security.ProviderException
import java.security.PublicKey
import java.security.cert.Certificate
import java.security.spec.ECGenParameterSpec
import javax.crypto.KeyGenerator
import javax.crypto.SecretKey
import vn.gov.vneid.presentation.platform.EcKeySource

class AndroidKeystoreKeys(private val context: Context) : EcKeySource {
    private val keyStore: KeyStore = KeyStore.getInstance(PROVIDER).apply { load(null) }

    @Synchronized
    override fun getOrCreate(alias: String): PublicKey =
        (keyStore.getEntry(alias, null) as? KeyStore.PrivateKeyEntry)?.certificate?.publicKey
            ?: generate(alias, challenge = null)

    override fun privateKey(alias: String): PrivateKey? = keyStore.getKey(alias, null) as? PrivateKey

    /**
     * A new key under [alias] (any old one deleted) whose attestation certificate carries
     * [challenge], and its certificate chain (DER, leaf first) for the authority.
     */
    @Synchronized
    fun generateAttested(alias: String, challenge: ByteArray): List<Certificate> {
        if (keyStore.containsAlias(alias)) keyStore.deleteEntry(alias)
        generate(alias, challenge)
        return keyStore.getCertificateChain(alias)?.toList().orEmpty()
    }

    private fun hasStrongBox(): Boolean =
        Build.VERSION.SDK_INT >= Build.VERSION_CODES.P &&
            context.packageManager.hasSystemFeature(PackageManager.FEATURE_STRONGBOX_KEYSTORE)

    private fun generate(alias: String, challenge: ByteArray?): PublicKey =
        if (hasStrongBox()) {
            try {
                generate(alias, challenge, strongBox = true)
            } catch (e: ProviderException) {
                // StrongBoxUnavailableException (a ProviderException), or StrongBox refusing the
                // spec: the TEE then.
                generate(alias, challenge, strongBox = false)
            }
        } else {
            generate(alias, challenge, strongBox = false)
        }

    private fun generate(alias: String, challenge: ByteArray?, strongBox: Boolean): PublicKey {
        val spec = KeyGenParameterSpec.Builder(alias, KeyProperties.PURPOSE_SIGN or KeyProperties.PURPOSE_VERIFY)
            .setAlgorithmParameterSpec(ECGenParameterSpec("secp256r1"))
            .setDigests(KeyProperties.DIGEST_SHA256)
            .apply {
                if (challenge != null) setAttestationChallenge(challenge)
                if (Build.VERSION.SDK_INT >= Build.VERSION_CODES.P) {
                    // No signing while the phone is locked (a stolen, locked phone makes no QR).
                    setUnlockedDeviceRequired(true)
                    if (strongBox) setIsStrongBoxBacked(true)
                }
            }
            .build()
        return KeyPairGenerator.getInstance(KeyProperties.KEY_ALGORITHM_EC, PROVIDER).run {
            initialize(spec)
            generateKeyPair()
        }.public
    }

    companion object {
        const val PROVIDER = "AndroidKeyStore"
        const val WRAPPING_ALIAS = "vneid-secret-wrapping"

        /**
         * The AES-256-GCM key that seals the app's secrets (the wallet's data key, the session
         * token, the scan log's key), created in the Android Keystore on first use. Looked up on
         * each use; it never leaves the Keystore.
         */
        fun wrappingKey(alias: String = WRAPPING_ALIAS): () -> SecretKey = {
            synchronized(this) {
                val ks = KeyStore.getInstance(PROVIDER).apply { load(null) }
                (ks.getKey(alias, null) as? SecretKey) ?: KeyGenerator.getInstance(KeyProperties.KEY_ALGORITHM_AES, PROVIDER).run {
                    init(
                        KeyGenParameterSpec.Builder(alias, KeyProperties.PURPOSE_ENCRYPT or KeyProperties.PURPOSE_DECRYPT)
                            .setBlockModes(KeyProperties.BLOCK_MODE_GCM)
                            .setEncryptionPaddings(KeyProperties.ENCRYPTION_PADDING_NONE)
                            .setKeySize(256)
                            // The secrets open only while the phone is unlocked, as iOS's
                            // kSecAttrAccessibleWhenUnlockedThisDeviceOnly.
                            .apply { if (Build.VERSION.SDK_INT >= Build.VERSION_CODES.P) setUnlockedDeviceRequired(true) }
                            .build(),
                    )
                    generateKey()
                }
            }
        }
    }
}
