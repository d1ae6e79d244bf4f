// Runs the JUnit 4 tests of the bindings and ends with the line `N passed, N failed`.
package vn.gov.vneid.core.test

import kotlin.system.exitProcess
import org.junit.runner.Description
import org.junit.runner.JUnitCore
import org.junit.runner.notification.Failure
import org.junit.runner.notification.RunListener

fun main() {
    val core = JUnitCore()
    core.addListener(object : RunListener() {
        private var failed = false
        private var started = 0L

        override fun testStarted(description: Description) {
            failed = false
            started = System.nanoTime()
        }

        override fun testFailure(failure: Failure) {
            failed = true
            println("FAIL ${failure.description.testClass.simpleName}.${failure.description.methodName}")
            println(failure.trace.lines().take(25).joinToString("\n") { "    $it" })
        }

        override fun testFinished(description: Description) {
            if (!failed) {
                val ms = (System.nanoTime() - started) / 1_000_000
                println("ok   ${description.testClass.simpleName}.${description.methodName} (${ms} ms)")
            }
        }
    })
    val result = core.run(
        AppFlowTest::class.java,
        ErrorTest::class.java,
        ConcurrencyTest::class.java,
        WalletTest::class.java,
        MemoryTest::class.java,
    )
    val failed = result.failureCount
    val passed = result.runCount - failed
    println("${passed} passed, ${failed} failed")
    exitProcess(if (failed == 0 && result.runCount > 0) 0 else 1)
}
