// The device keystore the core signs with, over java.security: on Android the keys come from
// the Android Keystore (the app's AndroidKeystoreKeys), in JVM tests from memory. It hands the
// core what the platform gives, unconverted: the X.509 public key (`publicKey.encoded`) and the
// DER signature of `SHA256withECDSA`; the core converts both and checks every signature.
package vn.gov.vneid.presentation.platform

import java.security.PrivateKey
import java.security.PublicKey
import java.security.Signature
import vn.gov.vneid.core.ApiException
import vn.gov.vneid.core.DeviceKeystore

/** Where P-256 keys live. The private key may be a handle to hardware that never leaves it. */
interface EcKeySource {
    /** The public key under [alias], the key pair created (P-256) if there is none. */
    fun getOrCreate(alias: String): PublicKey

    /** The private key under [alias], or null. */
    fun privateKey(alias: String): PrivateKey?
}

/** The core's [DeviceKeystore] over an [EcKeySource]. */
class JcaDeviceKeystore(private val source: EcKeySource) : DeviceKeystore {
    override fun getOrCreateKey(alias: String): ByteArray = keystore("creating the device key") {
        source.getOrCreate(alias).encoded
    }

    override fun sign(alias: String, message: ByteArray): ByteArray {
        val key = keystore("opening the device key") { source.privateKey(alias) }
            ?: throw ApiException.Keystore("no key under this alias")
        return keystore("signing") {
            Signature.getInstance("SHA256withECDSA").run {
                initSign(key)
                update(message)
                sign()
            }
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
