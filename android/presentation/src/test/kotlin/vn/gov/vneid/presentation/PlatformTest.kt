package vn.gov.vneid.presentation

import java.io.File
import java.security.KeyFactory
import java.security.PrivateKey
import java.security.PublicKey
import java.security.Signature
import java.security.spec.X509EncodedKeySpec
import javax.crypto.KeyGenerator
import org.junit.Assert.assertArrayEquals
import org.junit.Assert.assertEquals
import org.junit.Assert.assertNull
import org.junit.Assert.assertTrue
import org.junit.Assert.fail
import org.junit.Test
import vn.gov.vneid.core.ApiException
import vn.gov.vneid.core.CitizenApp
import vn.gov.vneid.core.QrSetting
import vn.gov.vneid.core.Wallet
import vn.gov.vneid.core.appAttestClientDataHashes
import vn.gov.vneid.presentation.platform.AesGcmSealer
import vn.gov.vneid.presentation.platform.EcKeySource
import vn.gov.vneid.presentation.platform.FileByteStore
import vn.gov.vneid.presentation.platform.InMemoryEcKeySource
import vn.gov.vneid.presentation.platform.JcaDeviceKeystore
import vn.gov.vneid.presentation.platform.SealedSecretStorage

/** The keystore adapter hands the core what java.security gives; the core takes it. */
class JcaDeviceKeystoreTest {
    @Test
    fun publicKeyAsSpkiAndSignaturesAsDerAsThePlatformGivesThem() {
        val keystore = JcaDeviceKeystore(InMemoryEcKeySource())
        val spki = keystore.getOrCreateKey("k")
        assertArrayEquals("the same key comes back", spki, keystore.getOrCreateKey("k"))
        val pub = KeyFactory.getInstance("EC").generatePublic(X509EncodedKeySpec(spki))
        val message = "VN2 token".toByteArray()
        val der = keystore.sign("k", message)
        assertEquals(0x30, der[0].toInt())
        assertTrue(Signature.getInstance("SHA256withECDSA").run { initVerify(pub); update(message); verify(der) })
        // The core reads the SPKI key (at CitizenApp's construction) and the App Attest hashes
        // take it as it is.
        CitizenApp(account(), keystore, "k", TestClock(START)).use { assertEquals(QrSetting.NEEDS_ENROLMENT, it.qrSetting()) }
        assertEquals(32, appAttestClientDataHashes(ByteArray(32), spki).attestation.size)
    }

    @Test
    fun keystoreFailuresAreTypedAndSayOnlyWhatFailed() {
        val keystore = JcaDeviceKeystore(InMemoryEcKeySource())
        try {
            keystore.sign("no-such-key", byteArrayOf(1))
            fail("signed without a key")
        } catch (e: ApiException.Keystore) {
            assertEquals("no key under this alias", e.detail)
        }
        val broken = JcaDeviceKeystore(object : EcKeySource {
            override fun getOrCreate(alias: String): PublicKey = throw java.security.ProviderException("user 001090012345 not authenticated")
            override fun privateKey(alias: String): PrivateKey? = throw java.security.KeyStoreException("locked")
        })
        try {
            broken.getOrCreateKey("k")
            fail("no key")
        } catch (e: ApiException.Keystore) {
            assertEquals("creating the device key failed: ProviderException", e.detail)
        }
        try {
            broken.sign("k", byteArrayOf(1))
            fail("no key")
        } catch (e: ApiException.Keystore) {
            assertEquals("opening the device key failed: KeyStoreException", e.detail)
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
        val clock = TestClock(START)
        val dir = tempDir("wallet-sealed")
        val path = File(dir, "wallet.bin").path
        val key = aesKey()
        val secrets = SealedSecretStorage(FileByteStore(File(dir, "secrets")), AesGcmSealer { key })
        Wallet.openOrCreate(path, secrets, clock).use { assertEquals(0u, it.paperCount()) }
        Wallet.open(path, secrets, clock).use { assertEquals(0u, it.paperCount()) }
        val wrongKey = SealedSecretStorage(FileByteStore(File(dir, "secrets")), AesGcmSealer { aesKey() })
        try {
            Wallet.open(path, wrongKey, clock)
            fail("wallet opened with another keystore key")
        } catch (e: ApiException.Corrupt) {
        }
    }
}
