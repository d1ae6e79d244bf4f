package vn.gov.vneid.presentation

import java.io.File
import java.math.BigInteger
import java.security.KeyPairGenerator
import java.security.Signature
import java.security.interfaces.ECPublicKey
import java.security.spec.ECGenParameterSpec
import javax.crypto.KeyGenerator
import org.junit.Assert.assertArrayEquals
import org.junit.Assert.assertEquals
import org.junit.Assert.assertNull
import org.junit.Assert.assertTrue
import org.junit.Assert.fail
import org.junit.Test
import vn.gov.vneid.core.ApiException
import vn.gov.vneid.core.Verdict
import vn.gov.vneid.core.Wallet
import vn.gov.vneid.presentation.platform.AesGcmSealer
import vn.gov.vneid.presentation.platform.EcdsaSignatures
import vn.gov.vneid.presentation.platform.FileByteStore
import vn.gov.vneid.presentation.platform.SealedSecretStorage

class EcdsaSignaturesTest {
    private val pair = KeyPairGenerator.getInstance("EC").apply { initialize(ECGenParameterSpec("secp256r1")) }.generateKeyPair()

    private fun derSign(message: ByteArray): ByteArray =
        Signature.getInstance("SHA256withECDSA").run { initSign(pair.private); update(message); sign() }

    private fun verifyRaw(message: ByteArray, raw: ByteArray): Boolean =
        Signature.getInstance("SHA256withECDSA").run {
            initVerify(pair.public); update(message); verify(EcdsaSignatures.rawToDer(raw))
        }

    /** r and s as java.security encoded them. */
    private fun integers(der: ByteArray): Pair<BigInteger, BigInteger> {
        val rLen = der[3].toInt()
        val r = BigInteger(der.copyOfRange(4, 4 + rLen))
        val sLen = der[5 + rLen].toInt()
        val s = BigInteger(der.copyOfRange(6 + rLen, 6 + rLen + sLen))
        return r to s
    }

    @Test
    fun javaSecuritySignaturesConvertToRawAndBack() {
        var short = 0
        var padded = 0
        repeat(300) { i ->
            val message = "message $i".toByteArray()
            val der = derSign(message)
            val raw = EcdsaSignatures.derToRaw(der)
            assertEquals(64, raw.size)
            val (r, s) = integers(der)
            assertEquals(r, BigInteger(1, raw.copyOfRange(0, 32)))
            assertEquals(s, BigInteger(1, raw.copyOfRange(32, 64)))
            assertTrue(verifyRaw(message, raw))
            assertArrayEquals(der, EcdsaSignatures.rawToDer(raw))
            if (der[3].toInt() == 33) padded++
            if (der[3].toInt() < 32) short++
        }
        // Half of all r values have their top bit set (a 0x00 sign byte in DER).
        assertTrue("sign-byte cases seen: $padded", padded > 50)
    }

    @Test
    fun shortIntegersAreLeftPadded() {
        val der = byteArrayOf(0x30, 0x06, 0x02, 0x01, 0x05, 0x02, 0x01, 0x7f)
        val raw = EcdsaSignatures.derToRaw(der)
        assertEquals(5, raw[31].toInt())
        assertEquals(0x7f, raw[63].toInt())
        assertTrue(raw.copyOfRange(0, 31).all { it == 0.toByte() })
        assertArrayEquals(der, EcdsaSignatures.rawToDer(raw))
    }

    @Test
    fun malformedDerIsRefused() {
        val good = derSign("x".toByteArray())
        val bad = listOf(
            good + byteArrayOf(0) to "trailing byte",
            good.copyOf(good.size - 1) to "truncated",
            byteArrayOf(0x31) + good.copyOfRange(1, good.size) to "not a sequence",
            byteArrayOf(0x30, 0x06, 0x02, 0x01, 0x85.toByte(), 0x02, 0x01, 0x01) to "negative",
            byteArrayOf(0x30, 0x07, 0x02, 0x02, 0x00, 0x05, 0x02, 0x01, 0x01) to "not minimal",
            byteArrayOf(0x30, 0x26, 0x02, 0x22) + ByteArray(34) { 1 } + byteArrayOf(0x02, 0x00) to "too long",
            ByteArray(0) to "empty",
        )
        for ((der, why) in bad) {
            try {
                EcdsaSignatures.derToRaw(der)
                fail("accepted: $why")
            } catch (e: IllegalArgumentException) {
                // refused
            }
        }
    }

    @Test
    fun spkiToSec1GivesThePoint() {
        val pub = pair.public as ECPublicKey
        val sec1 = EcdsaSignatures.spkiToSec1(pub.encoded)
        assertEquals(65, sec1.size)
        assertEquals(4, sec1[0].toInt())
        assertEquals(pub.w.affineX, BigInteger(1, sec1.copyOfRange(1, 33)))
        assertEquals(pub.w.affineY, BigInteger(1, sec1.copyOfRange(33, 65)))
        try {
            EcdsaSignatures.spkiToSec1(pub.encoded.copyOf(90))
            fail("short SPKI accepted")
        } catch (e: IllegalArgumentException) {
        }
    }

    @Test
    fun theCoreAcceptsTheJcaKeystoreAndItsSignaturesVerify() {
        // World's citizen signs through JcaDeviceKeystore; the core checks every signature.
        World().use { w ->
            assertTrue(w.officer.verifyText(w.citizen.makeIdentityQr().text) is Verdict.Genuine)
            try {
                w.keystore.sign("no-such-key", byteArrayOf(1))
                fail("signed without a key")
            } catch (e: ApiException.Keystore) {
            }
        }
    }
}

class SecretsTest {
    private fun aesKey() = KeyGenerator.getInstance("AES").apply { init(256) }.generateKey()

    @Test
    fun sealedSecretsRoundTripAndAreBoundToKeyAndName() {
        val dir = tempDir("secrets")
        val key = aesKey()
        val store = FileByteStore(dir)
        val secrets = SealedSecretStorage(store, AesGcmSealer { key })
        assertNull(secrets.get("wallet-data-key"))
        secrets.put("wallet-data-key", ByteArray(32) { it.toByte() })
        assertArrayEquals(ByteArray(32) { it.toByte() }, secrets.get("wallet-data-key"))
        val onDisk = File(dir, "wallet-data-key.sealed").readBytes()
        assertEquals(1 + 1 + 12 + 32 + 16, onDisk.size)
        assertTrue("plaintext not on disk", onDisk.toList().windowed(4).none { it == listOf<Byte>(0, 1, 2, 3) })

        // Another keystore key: corrupt, never a silent empty secret.
        try {
            SealedSecretStorage(store, AesGcmSealer { aesKey() }).get("wallet-data-key")
            fail("opened with another key")
        } catch (e: ApiException.Corrupt) {
        }
        // Moved to another name: does not open either.
        store.write("other", onDisk)
        try {
            secrets.get("other")
            fail("opened under another name")
        } catch (e: ApiException.Corrupt) {
        }
        store.write("cut", onDisk.copyOf(10))
        try {
            secrets.get("cut")
            fail("opened a truncated secret")
        } catch (e: ApiException.Corrupt) {
        }
    }

    @Test
    fun theWalletOpensWithSealedSecretsAndNotWithAnotherKey() {
        World().use { w ->
            val dir = tempDir("wallet-sealed")
            val path = File(dir, "wallet.bin").path
            val key = aesKey()
            val secrets = SealedSecretStorage(FileByteStore(File(dir, "secrets")), AesGcmSealer { key })
            Wallet.openOrCreate(path, secrets, w.clock).use { wallet ->
                w.authority.issueSamplePapers(w.citizen).forEach { wallet.add(it) }
            }
            Wallet.open(path, secrets, w.clock).use { assertEquals(4u, it.paperCount()) }
            val wrongKey = SealedSecretStorage(FileByteStore(File(dir, "secrets")), AesGcmSealer { aesKey() })
            try {
                Wallet.open(path, wrongKey, w.clock)
                fail("wallet opened with another keystore key")
            } catch (e: ApiException.Corrupt) {
                assertEquals(Keys.ERROR_CORRUPT, errorKey(e))
            }
        }
    }
}
