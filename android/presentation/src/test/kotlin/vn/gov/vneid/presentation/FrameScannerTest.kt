package vn.gov.vneid.presentation

import java.util.concurrent.CountDownLatch
import java.util.concurrent.Executors
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicInteger
import org.junit.Assert.assertEquals
import org.junit.Assert.assertFalse
import org.junit.Assert.assertTrue
import org.junit.Test
import vn.gov.vneid.core.ApiException
import vn.gov.vneid.core.Scan
import vn.gov.vneid.core.VerdictKind
import vn.gov.vneid.core.encodeQr
import vn.gov.vneid.presentation.officer.FrameScanner
import vn.gov.vneid.presentation.officer.FrameScanner.Phase
import vn.gov.vneid.presentation.officer.InjectedFrameSource
import vn.gov.vneid.presentation.officer.ScanController
import vn.gov.vneid.presentation.officer.ScanState
import vn.gov.vneid.presentation.officer.SyntheticFrames
import vn.gov.vneid.presentation.officer.scanForScreen

class FrameScannerTest {
    private class Recorder : FrameScanner.Listener {
        val scans = mutableListOf<Scan>()
        val errors = mutableListOf<ApiException>()
        override fun onScan(scan: Scan) { synchronized(this) { scans += scan } }
        override fun onError(error: ApiException) { synchronized(this) { errors += error } }
    }

    private val genuineFrame by lazy { SyntheticFrames.render(encodeQr(Fixtures.text("token-genuine.txt"))) }

    @Test
    fun framesAreDroppedWhileOneIsInFlightAndAfterAVerdict() {
        Fixtures.officer(TestClock(Fixtures.GENUINE_AT)).use { officer ->
            val exec = ManualExecutor()
            val rec = Recorder()
            val scanner = FrameScanner({ officer.scanForScreen(it, VN) }, exec, rec)
            val blank = SyntheticFrames.blank()
            var copies = 0

            assertTrue(scanner.offer { copies++; blank })
            assertEquals(Phase.IN_FLIGHT, scanner.currentPhase)
            // Camera frames keep coming while the first is scanned: dropped, not even copied.
            repeat(4) { assertFalse(scanner.offer { copies++; genuineFrame }) }
            assertEquals(1, copies)
            assertEquals(4L, scanner.droppedFrames)
            assertEquals(1, exec.pending)

            exec.runAll() // no QR in it: back to scanning
            assertEquals(Phase.SCANNING, scanner.currentPhase)
            assertTrue(rec.scans.isEmpty())

            assertTrue(scanner.offer { genuineFrame })
            exec.runAll()
            assertEquals(Phase.PAUSED, scanner.currentPhase)
            assertEquals(VerdictKind.GENUINE, rec.scans.single().view.kind)

            // The verdict is on screen: frames are dropped until the officer asks for the next.
            assertFalse(scanner.offer { genuineFrame })
            assertEquals(0, exec.pending)
            scanner.resume()
            assertEquals(Phase.SCANNING, scanner.currentPhase)
            assertTrue(scanner.offer { genuineFrame })
            exec.runAll()
            assertTrue("the second scan of the same QR is a repeat", rec.scans.last().view.repeat != null)
            assertEquals(3L, scanner.scannedFrames)
            assertEquals(5L, scanner.droppedFrames)
        }
    }

    @Test
    fun neverMoreThanOneFrameInFlightUnderLoad() {
        Fixtures.officer(TestClock(Fixtures.GENUINE_AT)).use { officer ->
            val pool = Executors.newFixedThreadPool(4)
            val inFlight = AtomicInteger()
            val most = AtomicInteger()
            val scanned = AtomicInteger()
            val scanner = FrameScanner({ frame ->
                val n = inFlight.incrementAndGet()
                most.accumulateAndGet(n) { a, b -> maxOf(a, b) }
                try {
                    officer.scanForScreen(frame, VN).also { scanned.incrementAndGet() }
                } finally {
                    inFlight.decrementAndGet()
                }
            }, pool, Recorder())
            val blank = SyntheticFrames.blank()
            var accepted = 0
            repeat(300) {
                if (scanner.offer { blank }) accepted++
                Thread.sleep(0, 200_000)
            }
            pool.shutdown()
            assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS))
            assertEquals(1, most.get())
            assertEquals(accepted, scanned.get())
            assertEquals(300L, scanner.scannedFrames + scanner.droppedFrames)
            assertTrue("some frames dropped", scanner.droppedFrames > 0)
        }
    }

    @Test
    fun noTrustListPausesWithTheCoresWords() {
        Fixtures.bareOfficer(TestClock(Fixtures.GENUINE_AT)).use { bare ->
            val states = mutableListOf<ScanState>()
            val exec = ManualExecutor()
            val controller = ScanController(bare, exec, { VN }) { states += it }
            val camera = InjectedFrameSource()
            controller.start(camera)
            assertTrue(camera.push(genuineFrame))
            exec.runAll()
            assertEquals(ScanState.Failed("Chưa có danh sách tin cậy — hãy kết nối để tải về"), states.single())
            assertEquals(Phase.PAUSED, controller.scanner.currentPhase)
            assertFalse(camera.push(genuineFrame))
            controller.scanAgain()
            assertEquals(ScanState.Scanning, states.last())
            assertEquals(Phase.SCANNING, controller.scanner.currentPhase)
            controller.stop()
            assertFalse(camera.started)
        }
    }

    /** What the UI tests do on the emulator: a frame of a QR → GENUINE; 60 s later the same frame → FAKE, expired. */
    @Test
    fun injectedFrameGenuineThenExpired() {
        val clock = TestClock(Fixtures.GENUINE_AT)
        Fixtures.officer(clock).use { officer ->
            val results = java.util.concurrent.LinkedBlockingQueue<ScanState.Result>()
            val exec = Executors.newSingleThreadExecutor()
            val controller = ScanController(officer, exec, { VN }) { if (it is ScanState.Result) results.add(it) }
            val camera = InjectedFrameSource()
            controller.start(camera)
            assertTrue(camera.started)
            assertTrue(camera.push(genuineFrame))
            val genuine = results.poll(10, TimeUnit.SECONDS)!!.scan.view
            assertEquals("Ứng dụng thật / GENUINE", genuine.headline)
            assertTrue(genuine.rows.any { it.value.matches(Regex("\\*{11}\\d")) })

            clock.advance(60)
            controller.scanAgain()
            assertTrue(camera.push(genuineFrame))
            val fake = results.poll(10, TimeUnit.SECONDS)!!.scan.view
            assertEquals(VerdictKind.FAKE, fake.kind)
            assertEquals("token_expired", fake.reasonCode)
            assertEquals("Ứng dụng giả / FAKE", fake.headline)
            controller.stop()
            exec.shutdown()
        }
    }

    @Test
    fun aSyntheticFrameIsReadAtEveryScaleThatFits() {
        val matrix = encodeQr(Fixtures.text("token-genuine.txt"))
        Fixtures.officer(TestClock(Fixtures.GENUINE_AT)).use { officer ->
            for (scale in 2..5) {
                val frame = SyntheticFrames.render(matrix, scale = scale, width = 640, height = 480)
                assertEquals(704, frame.rowStride)
                val scan = officer.scanForScreen(frame, VN) ?: throw AssertionError("not read at scale $scale")
                assertTrue(scan.view.kind == VerdictKind.GENUINE)
            }
        }
        try {
            SyntheticFrames.render(matrix, scale = 10)
            throw AssertionError("a code larger than the frame was drawn")
        } catch (e: IllegalArgumentException) {
        }
    }
}
