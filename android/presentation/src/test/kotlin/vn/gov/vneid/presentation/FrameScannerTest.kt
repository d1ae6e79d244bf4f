package vn.gov.vneid.presentation

import java.time.ZoneId
import java.util.concurrent.CountDownLatch
import java.util.concurrent.Executors
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicInteger
import org.junit.Assert.assertEquals
import org.junit.Assert.assertFalse
import org.junit.Assert.assertTrue
import org.junit.Test
import vn.gov.vneid.core.ApiException
import vn.gov.vneid.core.AssuranceLevel
import vn.gov.vneid.core.ManualClock
import vn.gov.vneid.core.OfficerAccount
import vn.gov.vneid.core.OfficerApp
import vn.gov.vneid.core.Verdict
import vn.gov.vneid.core.encodeQr
import vn.gov.vneid.presentation.officer.FrameScanner
import vn.gov.vneid.presentation.officer.FrameScanner.Phase
import vn.gov.vneid.presentation.officer.InjectedFrameSource
import vn.gov.vneid.presentation.officer.ScanController
import vn.gov.vneid.presentation.officer.ScanState
import vn.gov.vneid.presentation.officer.SyntheticFrames
import vn.gov.vneid.presentation.officer.scan

class FrameScannerTest {
    private class Recorder : FrameScanner.Listener {
        val verdicts = mutableListOf<Verdict>()
        val errors = mutableListOf<ApiException>()
        override fun onVerdict(verdict: Verdict) { synchronized(this) { verdicts += verdict } }
        override fun onError(error: ApiException) { synchronized(this) { errors += error } }
    }

    @Test
    fun framesAreDroppedWhileOneIsInFlightAndAfterAVerdict() {
        World().use { w ->
            val exec = ManualExecutor()
            val rec = Recorder()
            val scanner = FrameScanner({ w.officer.scan(it) }, exec, rec)
            val blank = SyntheticFrames.blank()
            val qrFrame = SyntheticFrames.render(w.citizen.makeIdentityQr().matrix())
            var copies = 0

            assertTrue(scanner.offer { copies++; blank })
            assertEquals(Phase.IN_FLIGHT, scanner.currentPhase)
            // Camera frames keep coming while the first is scanned: dropped, not even copied.
            repeat(4) { assertFalse(scanner.offer { copies++; qrFrame }) }
            assertEquals(1, copies)
            assertEquals(4L, scanner.droppedFrames)
            assertEquals(1, exec.pending)

            exec.runAll() // no QR in it: back to scanning
            assertEquals(Phase.SCANNING, scanner.currentPhase)
            assertTrue(rec.verdicts.isEmpty())

            assertTrue(scanner.offer { qrFrame })
            exec.runAll()
            assertEquals(Phase.PAUSED, scanner.currentPhase)
            assertTrue(rec.verdicts.single() is Verdict.Genuine)

            // The verdict is on screen: frames are dropped until the officer asks for the next.
            assertFalse(scanner.offer { qrFrame })
            assertEquals(0, exec.pending)
            scanner.resume()
            assertEquals(Phase.SCANNING, scanner.currentPhase)
            assertTrue(scanner.offer { qrFrame })
            exec.runAll()
            assertTrue((rec.verdicts.last() as Verdict.Genuine).repeatScan)
            assertEquals(3L, scanner.scannedFrames)
            assertEquals(5L, scanner.droppedFrames)
        }
    }

    @Test
    fun neverMoreThanOneFrameInFlightUnderLoad() {
        World().use { w ->
            val pool = Executors.newFixedThreadPool(4)
            val inFlight = AtomicInteger()
            val most = AtomicInteger()
            val scanned = AtomicInteger()
            val scanner = FrameScanner({ frame ->
                val n = inFlight.incrementAndGet()
                most.accumulateAndGet(n) { a, b -> maxOf(a, b) }
                try {
                    w.officer.scan(frame).also { scanned.incrementAndGet() }
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
    fun missingTrustListPausesWithTheError() {
        val clock = ManualClock(START)
        World(clock = clock).use { w ->
            OfficerApp(OfficerAccount("x", AssuranceLevel.LEVEL2), w.authority.rootPublicKey(), clock).use { bare ->
                val exec = ManualExecutor()
                val rec = Recorder()
                val scanner = FrameScanner({ bare.scan(it) }, exec, rec)
                scanner.offer { SyntheticFrames.render(w.citizen.makeIdentityQr().matrix()) }
                exec.runAll()
                assertTrue(rec.errors.single() is ApiException.NoTrustList)
                assertEquals(Phase.PAUSED, scanner.currentPhase)
                assertEquals(Keys.ERROR_NO_TRUST_LIST, errorKey(rec.errors.single()))
            }
        }
    }

    /** What the UI test does on the emulator: fixture token → frame → GENUINE; 60 s later → FAKE, expired. */
    @Test
    fun injectedFixtureFrameGenuineThenExpired() {
        ManualClock(Fixtures.GENUINE_AT).use { clock ->
            Fixtures.officer(clock).use { officer ->
                val states = mutableListOf<ScanState>()
                val done = CountDownLatch(1)
                val exec = Executors.newSingleThreadExecutor()
                val controller = ScanController(officer, exec, ZoneId.of("Asia/Ho_Chi_Minh")) {
                    synchronized(states) { states += it }
                    if (it is ScanState.Result) done.countDown()
                }
                val camera = InjectedFrameSource()
                controller.start(camera)
                assertTrue(camera.started)
                val frame = SyntheticFrames.render(encodeQr(Fixtures.text("token-genuine.txt")))
                assertTrue(camera.push(frame))
                assertTrue(done.await(10, TimeUnit.SECONDS))
                val genuine = states.last() as ScanState.Result
                assertTrue(genuine.model.genuine)
                assertEquals("Ứng dụng thật / GENUINE", genuine.model.headline.vi())

                clock.advance(60)
                val expired = CountDownLatch(1)
                val controller2 = ScanController(officer, exec, ZoneId.of("UTC")) {
                    if (it is ScanState.Result) { synchronized(states) { states += it }; expired.countDown() }
                }
                controller2.start(camera)
                assertTrue(camera.push(frame))
                assertTrue(expired.await(10, TimeUnit.SECONDS))
                val fake = states.last() as ScanState.Result
                assertFalse(fake.model.genuine)
                assertEquals("token_expired", fake.model.reasonCode)
                assertEquals("Ứng dụng giả / FAKE", fake.model.headline.vi())
                controller.stop()
                controller2.stop()
                exec.shutdown()
            }
        }
    }
}
