// Which screens exist for whom, where the app starts, and where a screen leads.
package vn.gov.vneid.presentation.navigation

import vn.gov.vneid.presentation.Keys
import vn.gov.vneid.presentation.session.Role

/** The app's screens. Tabs carry their title's string key. */
enum class Destination(val route: String, val titleKey: String, val officerOnly: Boolean = false) {
    LOGIN("login", Keys.LOGIN_TITLE),
    HOME("home", Keys.TAB_HOME),
    WALLET("wallet", Keys.TAB_WALLET),
    PAPER("wallet/paper", Keys.LABEL_PAPER),
    PRESENT("wallet/present", "wallet.present"),
    PERSONAL("personal", Keys.TAB_PERSONAL),
    SCAN("officer/scan", Keys.OFFICER_SCAN, officerOnly = true),
    VERDICT("officer/verdict", Keys.OFFICER_SCAN, officerOnly = true),
    HISTORY("officer/history", Keys.OFFICER_HISTORY, officerOnly = true),
}

object Navigation {
    /** The bottom tabs: the citizen's three (as in the app the seeds describe), and the officer's two more. */
    fun tabs(role: Role?): List<Destination> = when (role) {
        null -> emptyList()
        Role.CITIZEN -> listOf(Destination.HOME, Destination.WALLET, Destination.PERSONAL)
        Role.OFFICER -> listOf(Destination.HOME, Destination.WALLET, Destination.SCAN, Destination.HISTORY, Destination.PERSONAL)
    }

    /** Where the app opens: sign-in without a session; an officer at the scanner; a citizen at Trang chủ. */
    fun start(role: Role?): Destination = when (role) {
        null -> Destination.LOGIN
        Role.CITIZEN -> Destination.HOME
        Role.OFFICER -> Destination.SCAN
    }

    /** Whether [role] may open [destination] (officer screens only for an officer account). */
    fun allowed(role: Role?, destination: Destination): Boolean = when {
        role == null -> destination == Destination.LOGIN
        destination == Destination.LOGIN -> false
        destination.officerOnly -> role == Role.OFFICER
        else -> true
    }

    /** After a verdict is shown, "scan another" goes back to the scanner. */
    fun afterVerdict(): Destination = Destination.SCAN

    /** After sign-out, sign-in. */
    fun afterSignOut(): Destination = Destination.LOGIN
}
