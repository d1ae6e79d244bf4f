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
 * A device keystore over java.security. On Android the generator would be
 * `KeyPairGenerator.getInstance("EC", "AndroidKeyStore")` with a `KeyGenParameterSpec`; the
 * rest (public key bytes, signing, DER to raw) is this code unchanged.
 */
class JcaKeystore : DeviceKeystore {
    private val keys = ConcurrentHashMap<String, KeyPair>()

    /** How many signatures it made (the private key never left it). */
    val signatures = AtomicLong()

    override fun getOrCreateKey(alias: String): ByteArray {
        val pair = keys.computeIfAbsent(alias) {
            KeyPairGenerator.getInstance("EC").apply {
                initialize(ECGenParameterSpec("secp256r1"))
            }.generateKeyPair()
        }
        return uncompressedPoint(pair.public.encoded)
    }

    override fun sign(alias: String, message: ByteArray): ByteArray {
        val pair = keys[alias] ?: throw ApiException.Keystore("no key under this alias")
        val der = Signature.getInstance("SHA256withECDSA").run {
            initSign(pair.private)
            update(message)
            sign()
        }
        signatures.incrementAndGet()
        return derToRaw(der)
    }

    /** Forgets a key, as a keystore does when the user removes the screen lock. */
    fun delete(alias: String) {
        keys.remove(alias)
    }

    companion object {
        /**
         * The uncompressed SEC1 point (`04 || x || y`, 65 bytes) from an X.509
         * SubjectPublicKeyInfo: for P-256 it is the last 65 bytes of the 91-byte encoding.
         */
        fun uncompressedPoint(spki: ByteArray): ByteArray {
            require(spki.size == 91 && spki[spki.size - 65] == 0x04.toByte()) {
                "not a P-256 SubjectPublicKeyInfo"
            }
            return spki.copyOfRange(spki.size - 65, spki.size)
        }

        /** ECDSA-Sig-Value (DER `SEQUENCE { INTEGER r, INTEGER s }`) to raw `r || s`. */
        fun derToRaw(der: ByteArray): ByteArray {
            var i = 0
            fun byte(): Int = der[i++].toInt() and 0xff
            fun length(): Int {
                val first = byte()
                if (first < 0x80) return first
                var n = 0
                repeat(first and 0x7f) { n = (n shl 8) or byte() }
                return n
            }
            require(byte() == 0x30) { "not a DER sequence" }
            length()
            val out = ByteArray(64)
            for (half in 0..1) {
                require(byte() == 0x02) { "not a DER integer" }
                val len = length()
                var value = der.copyOfRange(i, i + len)
                i += len
                // Drop the sign byte(s), then left-pad to 32 bytes.
                while (value.size > 32 && value[0] == 0.toByte()) value = value.copyOfRange(1, value.size)
                require(value.size <= 32) { "integer too long" }
                System.arraycopy(value, 0, out, half * 32 + 32 - value.size, value.size)
            }
            return out
        }
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
