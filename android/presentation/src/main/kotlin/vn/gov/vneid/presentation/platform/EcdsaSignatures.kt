// Conversions between what platform keystores produce and what the core takes: DER ECDSA
// signatures to raw r || s, and X.509 public keys to uncompressed SEC1 points.
package vn.gov.vneid.presentation.platform

object EcdsaSignatures {
    /** Bytes of each half of a raw P-256 signature. */
    const val HALF = 32

    /**
     * ECDSA-Sig-Value (DER `SEQUENCE { INTEGER r, INTEGER s }`, what `SHA256withECDSA`
     * returns on Android and the JVM) to raw `r || s`, 64 bytes, each half big-endian and
     * left-padded with zeros. Strict: anything but one well-formed sequence of two positive
     * integers of at most 32 significant bytes is refused.
     */
    fun derToRaw(der: ByteArray): ByteArray {
        var i = 0
        fun byte(): Int {
            require(i < der.size) { "DER signature truncated" }
            return der[i++].toInt() and 0xff
        }
        fun length(): Int {
            val first = byte()
            if (first < 0x80) return first
            require(first == 0x81) { "DER length form not expected in a P-256 signature" }
            val n = byte()
            require(n >= 0x80) { "DER length not minimal" }
            return n
        }
        require(byte() == 0x30) { "not a DER sequence" }
        val seqLen = length()
        require(seqLen == der.size - i) { "DER sequence length does not match" }
        val out = ByteArray(2 * HALF)
        for (half in 0..1) {
            require(byte() == 0x02) { "not a DER integer" }
            val len = length()
            require(len in 1..HALF + 1 && i + len <= der.size) { "DER integer of bad length" }
            var start = i
            var n = len
            require(der[start].toInt() and 0x80 == 0) { "negative DER integer" }
            if (der[start] == 0.toByte() && n > 1) {
                // A sign byte: only allowed before a byte with its top bit set.
                require(der[start + 1].toInt() and 0x80 != 0) { "DER integer not minimal" }
                start++
                n--
            }
            require(n <= HALF) { "integer longer than 32 bytes" }
            System.arraycopy(der, start, out, half * HALF + HALF - n, n)
            i += len
        }
        require(i == der.size) { "bytes after the DER signature" }
        return out
    }

    /** Raw `r || s` to DER (to verify a raw signature with `java.security`). */
    fun rawToDer(raw: ByteArray): ByteArray {
        require(raw.size == 2 * HALF) { "a raw signature is 64 bytes" }
        fun integer(part: ByteArray): ByteArray {
            var v = part.dropWhile { it == 0.toByte() }.toByteArray()
            if (v.isEmpty()) v = byteArrayOf(0)
            if (v[0].toInt() and 0x80 != 0) v = byteArrayOf(0) + v
            return byteArrayOf(0x02, v.size.toByte()) + v
        }
        val body = integer(raw.copyOfRange(0, HALF)) + integer(raw.copyOfRange(HALF, 2 * HALF))
        val len = if (body.size < 0x80) byteArrayOf(body.size.toByte()) else byteArrayOf(0x81.toByte(), body.size.toByte())
        return byteArrayOf(0x30) + len + body
    }

    /** The fixed 26-byte head of an X.509 SubjectPublicKeyInfo for a P-256 key. */
    private val P256_SPKI_PREFIX = hex("3059301306072a8648ce3d020106082a8648ce3d030107034200")

    /**
     * The uncompressed SEC1 point (`04 || x || y`, 65 bytes) of a P-256 public key from its
     * X.509 encoding (`PublicKey.getEncoded()`, 91 bytes).
     */
    fun spkiToSec1(spki: ByteArray): ByteArray {
        require(
            spki.size == P256_SPKI_PREFIX.size + 65 &&
                spki.copyOfRange(0, P256_SPKI_PREFIX.size).contentEquals(P256_SPKI_PREFIX) &&
                spki[P256_SPKI_PREFIX.size] == 0x04.toByte(),
        ) { "not an uncompressed P-256 SubjectPublicKeyInfo" }
        return spki.copyOfRange(P256_SPKI_PREFIX.size, spki.size)
    }

    internal fun hex(s: String): ByteArray = ByteArray(s.length / 2) { s.substring(2 * it, 2 * it + 2).toInt(16).toByte() }
}
