// The device keystore the core signs with, over java.security: on Android the keys come from
// the Android Keystore (the app's AndroidKeystoreKeys), on the JVM from memory. Everything
// except where the key lives is here, and unit-tested on the JVM.
package vn.gov.vneid.presentation.platform

import java.security.KeyPairGenerator
import java.security.PrivateKey
import java.security.PublicKey
import java.security.Signature
import java.security.spec.ECGenParameterSpec
import java.util.concurrent.ConcurrentHashMap
import vn.gov.vneid.core.ApiException
import vn.gov.vneid.core.DeviceKeystore

/** Where P-256 keys live. The private key may be a handle to hardware that never leaves it. */
interface EcKeySource {
    /** The key pair under [alias], created (P-256) if there is none. */
    fun getOrCreate(alias: String): Pair<PublicKey, PrivateKey>

    /** The private key under [alias], or null. */
    fun privateKey(alias: String): PrivateKey?
}

/** Keys in memory: JVM tests and tools only, never a device. */
class InMemoryEcKeySource : EcKeySource {
    private val keys = ConcurrentHashMap<String, Pair<PublicKey, PrivateKey>>()

    override fun getOrCreate(alias: String): Pair<PublicKey, PrivateKey> = keys.computeIfAbsent(alias) {
        val pair = KeyPairGenerator.getInstance("EC").apply { initialize(ECGenParameterSpec("secp256r1")) }.generateKeyPair()
        pair.public to pair.private
    }

    override fun privateKey(alias: String): PrivateKey? = keys[alias]?.second
}

/**
 * The core's [DeviceKeystore] over an [EcKeySource]: public keys as uncompressed SEC1,
 * `SHA256withECDSA` signatures converted from DER to raw `r || s`.
 */
class JcaDeviceKeystore(private val source: EcKeySource) : DeviceKeystore {
    override fun getOrCreateKey(alias: String): ByteArray = keystore("creating the device key") {
        EcdsaSignatures.spkiToSec1(source.getOrCreate(alias).first.encoded)
    }

    override fun sign(alias: String, message: ByteArray): ByteArray {
        val key = keystore("opening the device key") { source.privateKey(alias) }
            ?: throw ApiException.Keystore("no key under this alias")
        return keystore("signing") {
            val der = Signature.getInstance("SHA256withECDSA").run {
                initSign(key)
                update(message)
                sign()
            }
            EcdsaSignatures.derToRaw(der)
        }
    }

    private inline fun <T> keystore(what: String, block: () -> T): T = try {
        block()
    } catch (e: ApiException) {
        throw e
    } catch (e: Exception) {
        // The exception's class says what failed (user not authenticated, key invalidated, …);
        // its message may say more than a log should, so only the class is kept.
        throw ApiException.Keystore("$what failed: ${e.javaClass.simpleName}")
    }
}
