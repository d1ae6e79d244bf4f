// What an app implements for the core, written as an Android app would write it, on the JVM's
// java.security instead of the Android Keystore: the calls are the same (KeyPairGenerator "EC"
// with secp256r1, Signature "SHA256withECDSA", X.509-encoded public keys, DER signatures).
package vn.gov.vneid.core.test

import java.security.KeyPair
import java.security.KeyPairGenerator
import java.security.Signature
import java.security.spec.ECGenParameterSpec
import java.util.concurrent.ConcurrentHashMap
import java.util.concurrent.atomic.AtomicLong
import vn.gov.vneid.core.ApiException
import vn.gov.vneid.core.Clock
import vn.gov.vneid.core.DeviceKeystore
import vn.gov.vneid.core.QrMatrix
import vn.gov.vneid.core.qrFrame
import vn.gov.vneid.core.SecretStorage

/**
 * A device keystore over java.security, returning what the platform gives as it is: the public
 * key X.509-encoded (`publicKey.encoded`, SubjectPublicKeyInfo DER, 91 bytes) and
 * `SHA256withECDSA` signatures in DER. On Android the generator would be
 * `KeyPairGenerator.getInstance("EC", "AndroidKeyStore")` with a `KeyGenParameterSpec`; the rest
 * is this code unchanged. The core converts and checks both.
 */
class JcaKeystore : DeviceKeystore {
    private val keys = ConcurrentHashMap<String, KeyPair>()

    /** How many signatures it made (the private key never left it). */
    val signatures = AtomicLong()

    override fun getOrCreateKey(alias: String): ByteArray = keys.computeIfAbsent(alias) {
        KeyPairGenerator.getInstance("EC").apply { initialize(ECGenParameterSpec("secp256r1")) }.generateKeyPair()
    }.public.encoded

    override fun sign(alias: String, message: ByteArray): ByteArray {
        val pair = keys[alias] ?: throw ApiException.Keystore("no key under this alias")
        signatures.incrementAndGet()
        return Signature.getInstance("SHA256withECDSA").run {
            initSign(pair.private)
            update(message)
            sign()
        }
    }

    /** Forgets a key, as a keystore does when the user removes the screen lock. */
    fun delete(alias: String) {
        keys.remove(alias)
    }
}

/** Secret storage in memory (an app would use EncryptedSharedPreferences or the Keychain). */
class MapStorage : SecretStorage {
    val secrets = ConcurrentHashMap<String, ByteArray>()

    override fun get(name: String): ByteArray? = secrets[name]?.copyOf()

    override fun put(name: String, secret: ByteArray) {
        secrets[name] = secret.copyOf()
    }
}

/** A clock the test moves by hand. */
class FakeClock(start: Long) : Clock {
    private val now = AtomicLong(start)

    override fun nowUnixSeconds(): Long = now.get()

    fun advance(seconds: Long) {
        now.addAndGet(seconds)
    }
}

/**
 * A grey camera frame showing the QR, as the officer's camera would deliver its Y plane:
 * [width] × [height] pixels, rows [rowStride] bytes apart (padded, as camera buffers are), a
 * mid-grey background, the code drawn at [scale] pixels per module with its quiet zone (the
 * core draws it: `qrFrame`).
 */
class LumaFrame(val luma: ByteArray, val width: Int, val height: Int, val rowStride: Int)

fun render(matrix: QrMatrix, scale: Int = 4, width: Int = 640, height: Int = 480, pad: Int = 64): LumaFrame {
    val stride = width + pad
    return LumaFrame(qrFrame(matrix, scale.toUInt(), width.toUInt(), height.toUInt(), stride.toUInt()), width, height, stride)
}
