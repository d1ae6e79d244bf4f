// Which tabs exist for whom and where the app opens. The role comes from the session (from the
// device certificate the authority issued for the account), never from the sign-in screen.
package vn.gov.vneid.presentation.navigation

import vn.gov.vneid.core.Role

/** The signed-in app's tabs; each carries its title's string key (core/src/strings.tsv). */
enum class Destination(val route: String, val titleKey: String, val officerOnly: Boolean = false) {
    HOME("home", "tab.home"),
    WALLET("wallet", "tab.wallet"),
    PERSONAL("personal", "tab.personal"),
    SCAN("officer/scan", "officer.scan", officerOnly = true),
    HISTORY("officer/history", "officer.history", officerOnly = true),
}

object Navigation {
    /** The citizen's three tabs (as in the app the seed texts describe); an officer's two more. */
    fun tabs(role: Role): List<Destination> =
        Destination.values().filter { !it.officerOnly || role == Role.OFFICER }
            .sortedBy { if (it == Destination.PERSONAL) 1 else 0 }

    /** An officer opens at the scanner, a citizen at Trang chủ. */
    fun start(role: Role): Destination = if (role == Role.OFFICER) Destination.SCAN else Destination.HOME
}
