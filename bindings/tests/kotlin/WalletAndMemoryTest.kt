// Ví giấy tờ through the bindings, and the lifetime of objects across the FFI.
package vn.gov.vneid.core.test

import java.io.File
import java.nio.file.Files
import org.junit.Assert.assertEquals
import org.junit.Assert.assertFalse
import org.junit.Assert.assertNull
import org.junit.Assert.assertTrue
import org.junit.Assert.fail
import org.junit.Test
import vn.gov.vneid.core.ApiException
import vn.gov.vneid.core.CitizenApp
import vn.gov.vneid.core.FfiConverterTypeClock
import vn.gov.vneid.core.FfiConverterTypeDeviceKeystore
import vn.gov.vneid.core.ManualClock
import vn.gov.vneid.core.OfficerApp
import vn.gov.vneid.core.PaperStatus
import vn.gov.vneid.core.Reason
import vn.gov.vneid.core.Verdict
import vn.gov.vneid.core.Wallet
import vn.gov.vneid.core.liveObjects
import vn.gov.vneid.core.paperTypes

class WalletTest {
    @Test
    fun presentationFromTheWalletIsVerifiedByTheOfficer() {
        val dir = Files.createTempDirectory("vneid-wallet").toFile()
        try {
            World().use { w ->
                val storage = MapStorage()
                val path = File(dir, "wallet.bin").path
                Wallet.openOrCreate(path, storage, w.clock).use { wallet ->
                    assertEquals(0u, wallet.paperCount())
                    // Issued to the enrolled device (bound to its key).
                    for (paper in w.authority.issueSamplePapers(w.citizen)) wallet.add(paper)
                    val list = wallet.list()
                    assertEquals(listOf("cccd", "gplx", "bhyt", "dkx"), list.map { it.typeCode })
                    assertTrue(list.all { it.status == PaperStatus.VALID })
                    // The data key went to the app's secret storage, not into the file.
                    assertEquals(32, storage.secrets["wallet-data-key"]!!.size)

                    val id = wallet.detail("cccd")
                    // A paper is bound to the device, not to an ID number: the holder is its fields.
                    assertEquals("Nguyễn Văn An", id.fields.first { it.key == "full_name" }.text)
                    val number = id.fields.first { it.key == "number" }
                    assertEquals("***********5", number.text)
                    assertEquals("001090012345", number.revealedText)

                    // Show the driving licence: name and classes only.
                    val gplx = paperTypes().first { it.code == "gplx" }
                    assertTrue(gplx.fields.any { it.key == "classes" })
                    val qr = wallet.present(w.citizen, "gplx", listOf("full_name", "classes"))
                    assertTrue(qr.text.startsWith("VP2:"))
                    assertEquals(60L, qr.secondsLeft(w.citizen.now()))

                    val verdict = w.officer.scan(render(qr.matrix(), scale = 3))
                    val genuine = verdict as? Verdict.Genuine ?: throw AssertionError("$verdict")
                    val paper = genuine.paper!!
                    assertEquals("gplx", paper.typeCode)
                    assertEquals("C08", paper.agency)
                    assertEquals(listOf("full_name", "classes"), paper.fields.map { it.key })
                    assertEquals("Nguyễn Văn An", paper.fields[0].text)
                    // A presentation carries no certificate: no subject, only what was disclosed,
                    // from the paper issued to this device.
                    assertNull(genuine.subject)
                    assertEquals(w.citizen.certificateSerial(), genuine.certificateSerial)

                    w.clock.advance(60)
                    assertEquals(Verdict.Fake(Reason.TOKEN_EXPIRED), w.officer.verifyText(qr.text))
                }
                // Reopened with the key in storage: the same papers.
                Wallet.open(path, storage, w.clock).use { assertEquals(4u, it.paperCount()) }
                // With another key: corrupt, never an empty wallet.
                val other = MapStorage().apply { put("wallet-data-key", ByteArray(32) { 7 }) }
                try {
                    Wallet.open(path, other, w.clock)
                    fail("opened with the wrong key")
                } catch (e: ApiException.Corrupt) {
                    // expected
                }
            }
        } finally {
            dir.deleteRecursively()
        }
    }
}

class MemoryTest {
    private fun rssKb(): Long =
        File("/proc/self/status").readLines().first { it.startsWith("VmRSS:") }
            .split(Regex("\\s+"))[1].toLong()

    /** Java heap in use after full collections: the least of a few, as the Cleaner and JIT
     *  threads allocate in between. */
    private fun heapBytes(): Long {
        val rt = Runtime.getRuntime()
        return (1..5).minOf {
            System.gc()
            Thread.sleep(40)
            rt.totalMemory() - rt.freeMemory()
        }
    }

    @Test
    fun tenThousandObjectsCreatedAndClosedWithoutGrowth() {
        World().use { w ->
            val root = w.authority.rootPublicKey()
            val keystore = JcaKeystore()
            fun cycle(i: Int) {
                ManualClock(START + i).use { clock ->
                    CitizenApp(citizenAccount, keystore, "leak-check", clock).use { it.qrSetting() }
                    OfficerApp(officerAccount, root, clock).use { it.trustSequences() }
                }
            }
            repeat(5_000) { cycle(it) } // warm up the JIT, the allocator and the handle maps
            heapBytes() // and let the Cleaner free whatever earlier tests left to it
            val liveBefore = liveObjects()
            val keystoreHandles = FfiConverterTypeDeviceKeystore.handleMap.size
            val clockHandles = FfiConverterTypeClock.handleMap.size
            val heapBefore = heapBytes()
            val rssBefore = rssKb()

            val n = 10_000
            repeat(n) { cycle(it) } // 3 Rust objects and 2 foreign handles per cycle

            val heapAfter = heapBytes()
            val rssAfter = rssKb()
            println(
                "    memory after $n cycles (${3 * n} objects): heap %+d KiB, RSS %+d KiB, live objects %d -> %d"
                    .format((heapAfter - heapBefore) / 1024, rssAfter - rssBefore, liveBefore.toLong(), liveObjects().toLong()),
            )
            // Every Rust object was freed, and every handle Rust held on a Kotlin object.
            assertEquals(liveBefore, liveObjects())
            assertEquals(keystoreHandles, FfiConverterTypeDeviceKeystore.handleMap.size)
            assertEquals(clockHandles, FfiConverterTypeClock.handleMap.size)
            // And the process did not grow. test-kotlin.sh fixes the Java heap's size and touches
            // it up front, so RSS moves only with native memory: a leak of 300 bytes per object
            // would add about 9 MiB; the noise measured is under 1 MiB.
            assertTrue("heap grew by ${heapAfter - heapBefore} bytes", heapAfter - heapBefore < 16L * 1024 * 1024)
            assertTrue("RSS grew by ${rssAfter - rssBefore} KiB", rssAfter - rssBefore < 8L * 1024)
        }
    }

    @Test
    fun objectsLeftToTheCleanerAreFreedToo() {
        val before = liveObjects()
        repeat(2_000) { ManualClock(START + it) } // never closed: the Cleaner frees them
        var tries = 0
        while (liveObjects() > before && tries++ < 100) {
            System.gc()
            Thread.sleep(20)
        }
        assertFalse("Cleaner left ${liveObjects() - before} objects", liveObjects() > before)
    }
}
