// Closing the core's objects only once no background call is using them. Screens call the core
// off the main thread (the Trang chủ tick signs with the Keystore, a scan runs on the scan
// thread); sign-out happens on the main thread and closes the session elsewhere. A uniffi object
// closed while a call is being made is freed after that call, but any call made after it throws
// "… object has already been destroyed": so the close waits for the calls in flight, and no new
// call starts once it was asked for.
package vn.gov.vneid.presentation.session

class CloseGuard(private val onClose: () -> Unit) {
    private val lock = Any()
    private var users = 0
    private var closing = false
    private var closed = false

    /** Whether [close] was called (the objects may still be in use by a call in flight). */
    val isClosing: Boolean get() = synchronized(lock) { closing }

    /** Whether the objects were closed. */
    val isClosed: Boolean get() = synchronized(lock) { closed }

    /**
     * Runs [block] unless [close] was called, and keeps the objects open until it returns.
     * Returns null, without running [block], once [close] was called: the screen is going away.
     */
    fun <T : Any> ifOpen(block: () -> T): T? {
        synchronized(lock) {
            if (closing) return null
            users++
        }
        try {
            return block()
        } finally {
            release()
        }
    }

    /** Closes now if nothing is in flight, else when the last call in flight returns (on its thread). */
    fun close() {
        val now = synchronized(lock) {
            closing = true
            takeClose()
        }
        if (now) onClose()
    }

    private fun release() {
        val now = synchronized(lock) {
            users--
            takeClose()
        }
        if (now) onClose()
    }

    private fun takeClose(): Boolean {
        if (!closing || users > 0 || closed) return false
        closed = true
        return true
    }
}
