package vn.gov.vneid.presentation

import java.util.concurrent.CountDownLatch
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicInteger
import java.util.concurrent.atomic.AtomicReference
import org.junit.Assert.assertEquals
import org.junit.Assert.assertFalse
import org.junit.Assert.assertNull
import org.junit.Assert.assertTrue
import org.junit.Assert.fail
import org.junit.Test
import vn.gov.vneid.core.QrScreenModel
import vn.gov.vneid.core.QrScreenState
import vn.gov.vneid.presentation.session.CloseGuard
import vn.gov.vneid.presentation.session.OpenSession

/**
 * Sign-out closes the session on another thread than the Trang chủ tick: the core objects are
 * closed only once the tick in flight returned, and no tick starts after (a call on a closed
 * uniffi object throws "already destroyed", which crashed the app).
 */
class CloseGuardTest {
    @Test
    fun aClosedCoreObjectThrowsOnTheNextCall() {
        // The hazard itself: what the tick met after the old sign-out closed the citizen app.
        val phone = Phone()
        phone.citizen.close()
        try {
            phone.citizen.qrSetting()
            fail("a closed CitizenApp answered")
        } catch (e: IllegalStateException) {
            assertTrue(e.message, e.message.orEmpty().contains("destroyed"))
        }
    }

    @Test
    fun signOutDuringATickClosesAfterItAndNoTickStartsAfter() {
        val session = OpenSession(FakeSession())
        val home = QrScreenModel.identity(session.citizen)
        val entered = CountDownLatch(1)
        val release = CountDownLatch(1)
        val result = AtomicReference<Any?>()
        val tick = Thread {
            result.set(
                runCatching {
                    session.ifOpen {
                        entered.countDown()
                        release.await(10, TimeUnit.SECONDS)
                        home.tick(VN) // a core call, after the close was asked for
                    }
                }.fold({ it }, { it }),
            )
        }
        tick.start()
        assertTrue(entered.await(10, TimeUnit.SECONDS))

        session.close() // sign-out, on this thread, while the tick is in flight
        assertFalse("closed under a call in flight", session.isClosed)
        assertNull("a new tick started after sign-out", session.ifOpen { home.tick(VN) })

        release.countDown()
        tick.join(10_000)
        // Not enrolled: the core says so; what matters is that the call ran on an open object.
        assertTrue("the tick in flight finished normally: ${result.get()}", result.get() is QrScreenState)
        assertTrue(session.isClosed)
        assertNull(session.ifOpen { home.tick(VN) })
        home.close()
    }

    @Test
    fun aTickLoopAndASignOutRaceWithoutAnAlreadyDestroyedError() {
        repeat(5) {
            val session = OpenSession(FakeSession())
            val ticks = AtomicInteger()
            val error = AtomicReference<Throwable?>()
            // The screen's loop: tick until the session says it is gone.
            val loop = Thread {
                try {
                    while (session.ifOpen { session.citizen.personalView(VN) } != null) ticks.incrementAndGet()
                } catch (t: Throwable) {
                    error.set(t)
                }
            }
            loop.start()
            while (ticks.get() < 3 + it) Thread.sleep(1)
            session.close()
            loop.join(10_000)
            assertFalse(loop.isAlive)
            assertNull("the tick loop failed: ${error.get()}", error.get())
            assertTrue(session.isClosed)
            assertTrue(session.citizen.uniffiIsDestroyed && session.wallet.uniffiIsDestroyed)
        }
    }

    @Test
    fun closesOnceAtOnceWhenIdleAndOnTheLastCallersThreadOtherwise() {
        val closes = AtomicInteger()
        val closedOn = AtomicReference<String>()
        val idle = CloseGuard { closes.incrementAndGet() }
        idle.close()
        idle.close()
        assertEquals(1, closes.get())
        assertNull(idle.ifOpen { "ran" })

        closes.set(0)
        val busy = CloseGuard { closes.incrementAndGet(); closedOn.set(Thread.currentThread().name) }
        val inside = CountDownLatch(2)
        val release = List(2) { CountDownLatch(1) }
        val users = (0..1).map { n ->
            Thread({ busy.ifOpen { inside.countDown(); release[n].await(10, TimeUnit.SECONDS) } }, "user-$n")
        }
        users.forEach { it.start() }
        assertTrue(inside.await(10, TimeUnit.SECONDS))
        busy.close()
        assertEquals(0, closes.get())
        assertTrue(busy.isClosing)
        release[0].countDown()
        users[0].join(10_000)
        assertEquals("closed while a call was still in flight", 0, closes.get())
        release[1].countDown()
        users[1].join(10_000)
        assertEquals(1, closes.get())
        assertEquals("user-1", closedOn.get())
    }
}
