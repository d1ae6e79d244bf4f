// The core's SecretStorage (the wallet's data key) as small files, each sealed with AES-GCM
// under a key the platform keystore holds (Android: an AndroidKeyStore AES key that never
// leaves it). The sealing and the file handling are here and tested on the JVM.
package vn.gov.vneid.presentation.platform

import java.io.File
import java.io.FileOutputStream
import javax.crypto.AEADBadTagException
import javax.crypto.Cipher
import javax.crypto.SecretKey
import javax.crypto.spec.GCMParameterSpec
import vn.gov.vneid.core.ApiException
import vn.gov.vneid.core.SecretStorage

/** Bytes by name. */
interface ByteStore {
    fun read(name: String): ByteArray?
    fun write(name: String, bytes: ByteArray)
}

/** One file per name in [dir], written atomically (temporary file, fsync, rename). */
class FileByteStore(private val dir: File) : ByteStore {
    private fun file(name: String): File {
        require(name.isNotEmpty() && name.all { it.isLetterOrDigit() || it == '-' || it == '_' || it == '.' } && !name.startsWith(".")) {
            "secret names are letters, digits, - _ ."
        }
        return File(dir, "$name.sealed")
    }

    override fun read(name: String): ByteArray? = file(name).takeIf { it.exists() }?.readBytes()

    override fun write(name: String, bytes: ByteArray) {
        dir.mkdirs()
        val target = file(name)
        val tmp = File(dir, target.name + ".tmp")
        FileOutputStream(tmp).use {
            it.write(bytes)
            it.fd.sync()
        }
        if (!tmp.renameTo(target)) throw java.io.IOException("could not replace ${target.name}")
    }
}

/**
 * Seals secrets with AES-256-GCM under [key] (looked up on each use, so that an Android
 * Keystore key is never copied out). Sealed form: version byte `1`, IV length, IV, ciphertext
 * with its 16-byte tag. The secret's name is authenticated too, so a sealed secret moved to
 * another name does not open.
 */
class AesGcmSealer(private val key: () -> SecretKey) {
    fun seal(name: String, plain: ByteArray): ByteArray {
        val cipher = Cipher.getInstance(TRANSFORMATION)
        // The provider picks the IV (Android Keystore refuses caller-chosen IVs by default).
        cipher.init(Cipher.ENCRYPT_MODE, key())
        cipher.updateAAD(aad(name))
        val iv = cipher.iv
        val sealed = cipher.doFinal(plain)
        return byteArrayOf(VERSION, iv.size.toByte()) + iv + sealed
    }

    fun open(name: String, sealed: ByteArray): ByteArray {
        require(sealed.size >= 2 && sealed[0] == VERSION) { "unknown sealed-secret format" }
        val ivLen = sealed[1].toInt() and 0xff
        require(ivLen in 12..16 && sealed.size >= 2 + ivLen + TAG_BYTES) { "sealed secret truncated" }
        val cipher = Cipher.getInstance(TRANSFORMATION)
        cipher.init(Cipher.DECRYPT_MODE, key(), GCMParameterSpec(TAG_BYTES * 8, sealed, 2, ivLen))
        cipher.updateAAD(aad(name))
        return cipher.doFinal(sealed, 2 + ivLen, sealed.size - 2 - ivLen)
    }

    private fun aad(name: String) = "vneid-secret-v1:$name".toByteArray()

    companion object {
        const val TRANSFORMATION = "AES/GCM/NoPadding"
        const val TAG_BYTES = 16
        const val VERSION: Byte = 1
    }
}

/** The core's [SecretStorage]: sealed bytes in a [ByteStore]. */
class SealedSecretStorage(private val store: ByteStore, private val sealer: AesGcmSealer) : SecretStorage {
    override fun get(name: String): ByteArray? {
        val sealed = try {
            store.read(name)
        } catch (e: Exception) {
            throw ApiException.Storage("reading secret failed: ${e.javaClass.simpleName}")
        } ?: return null
        return try {
            sealer.open(name, sealed)
        } catch (e: AEADBadTagException) {
            throw ApiException.Corrupt("a stored secret does not open with the keystore key")
        } catch (e: IllegalArgumentException) {
            throw ApiException.Corrupt("a stored secret is damaged")
        } catch (e: Exception) {
            throw ApiException.Keystore("opening a secret failed: ${e.javaClass.simpleName}")
        }
    }

    override fun put(name: String, secret: ByteArray) {
        val sealed = try {
            sealer.seal(name, secret)
        } catch (e: Exception) {
            throw ApiException.Keystore("sealing a secret failed: ${e.javaClass.simpleName}")
        }
        try {
            store.write(name, sealed)
        } catch (e: Exception) {
            throw ApiException.Storage("writing secret failed: ${e.javaClass.simpleName}")
        }
    }
}
