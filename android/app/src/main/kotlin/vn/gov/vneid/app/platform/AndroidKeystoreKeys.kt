// The device key in the Android Keystore: P-256, for SHA256withECDSA, in StrongBox when the
// phone has one, usable only while the phone is unlocked (API 28+). The private key never leaves the Keystore; JcaDeviceKeystore (in
// :presentation, unit-tested on the JVM) signs with its handle and converts DER to raw r || s.
package vn.gov.vneid.app.platform

import android.content.Context
import android.content.pm.PackageManager
import android.os.Build
import android.security.keystore.KeyGenParameterSpec
import android.security.keystore.KeyProperties
import java.security.KeyPair
import java.security.KeyPairGenerator
import java.security.KeyStore
import java.security.PrivateKey
import java.security.ProviderException
import java.security.PublicKey
import java.security.spec.ECGenParameterSpec
import javax.crypto.KeyGenerator
import javax.crypto.SecretKey
import vn.gov.vneid.presentation.platform.EcKeySource

class AndroidKeystoreKeys(private val context: Context) : EcKeySource {
    private val keyStore: KeyStore = KeyStore.getInstance(PROVIDER).apply { load(null) }

    @Synchronized
    override fun getOrCreate(alias: String): Pair<PublicKey, PrivateKey> {
        (keyStore.getEntry(alias, null) as? KeyStore.PrivateKeyEntry)?.let { return it.certificate.publicKey to it.privateKey }
        val pair = if (hasStrongBox()) {
            try {
                generate(alias, strongBox = true)
            } catch (e: ProviderException) {
                // StrongBoxUnavailableException (a ProviderException): the TEE then.
                generate(alias, strongBox = false)
            }
        } else {
            generate(alias, strongBox = false)
        }
        return pair.public to pair.private
    }

    override fun privateKey(alias: String): PrivateKey? = keyStore.getKey(alias, null) as? PrivateKey

    private fun hasStrongBox(): Boolean =
        Build.VERSION.SDK_INT >= Build.VERSION_CODES.P &&
            context.packageManager.hasSystemFeature(PackageManager.FEATURE_STRONGBOX_KEYSTORE)

    private fun generate(alias: String, strongBox: Boolean): KeyPair {
        val spec = KeyGenParameterSpec.Builder(alias, KeyProperties.PURPOSE_SIGN or KeyProperties.PURPOSE_VERIFY)
            .setAlgorithmParameterSpec(ECGenParameterSpec("secp256r1"))
            .setDigests(KeyProperties.DIGEST_SHA256)
            .apply {
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
        }
    }

    companion object {
        const val PROVIDER = "AndroidKeyStore"
        const val WRAPPING_ALIAS = "vneid-secret-wrapping"

        /**
         * The AES-256-GCM key that seals the app's secrets (the wallet's data key), created in
         * the Android Keystore on first use. Looked up on each use; it never leaves the Keystore.
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
                            // The wallet's data key opens only while the phone is unlocked, as
                            // iOS's kSecAttrAccessibleWhenUnlockedThisDeviceOnly.
                            .apply { if (Build.VERSION.SDK_INT >= Build.VERSION_CODES.P) setUnlockedDeviceRequired(true) }
                            .build(),
                    )
                    generateKey()
                }
            }
        }
    }
}
