// Runs the JUnit 4 test classes named on the command line, one line per test, and ends with the
// line `N passed, N failed` (the test command's summary). Shared by the bindings' Kotlin tests
// and the Android :presentation tests (scripts/kotlin-toolchain.sh).
package vn.gov.vneid.testrunner

import kotlin.system.exitProcess
import org.junit.runner.Description
import org.junit.runner.JUnitCore
import org.junit.runner.notification.Failure
import org.junit.runner.notification.RunListener

fun main(args: Array<String>) {
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
            println("FAIL ${failure.description.testClass?.simpleName}.${failure.description.methodName}")
            println(failure.trace.lines().take(30).joinToString("\n") { "    $it" })
        }

        override fun testFinished(description: Description) {
            if (!failed) {
                val ms = (System.nanoTime() - started) / 1_000_000
                println("ok   ${description.testClass.simpleName}.${description.methodName} (${ms} ms)")
            }
        }
    })
    val result = core.run(*args.map { Class.forName(it) }.toTypedArray())
    val failed = result.failureCount
    val passed = result.runCount - failed
    println("$passed passed, $failed failed")
    exitProcess(if (failed == 0 && result.runCount > 0) 0 else 1)
}
