// Which screens exist for whom, where the app starts, and where a screen leads.
import Foundation

/// The app's screens. Tabs carry their title's string key.
public enum Destination: String, CaseIterable, Hashable {
    case login, home, wallet, paper, present, personal, scan, verdict, history

    public var route: String {
        switch self {
        case .login: return "login"
        case .home: return "home"
        case .wallet: return "wallet"
        case .paper: return "wallet/paper"
        case .present: return "wallet/present"
        case .personal: return "personal"
        case .scan: return "officer/scan"
        case .verdict: return "officer/verdict"
        case .history: return "officer/history"
        }
    }

    public var titleKey: String {
        switch self {
        case .login: return Keys.loginTitle
        case .home: return Keys.tabHome
        case .wallet: return Keys.tabWallet
        case .paper: return Keys.labelPaper
        case .present: return "wallet.present"
        case .personal: return Keys.tabPersonal
        case .scan, .verdict: return Keys.officerScan
        case .history: return Keys.officerHistory
        }
    }

    public var officerOnly: Bool {
        switch self {
        case .scan, .verdict, .history: return true
        default: return false
        }
    }
}

public enum Navigation {
    /// The bottom tabs: the citizen's three (as in the app the seeds describe), and the officer's two more.
    public static func tabs(_ role: Role?) -> [Destination] {
        switch role {
        case nil: return []
        case .citizen?: return [.home, .wallet, .personal]
        case .officer?: return [.home, .wallet, .scan, .history, .personal]
        }
    }

    /// Where the app opens: sign-in without a session; an officer at the scanner; a citizen at Trang chủ.
    public static func start(_ role: Role?) -> Destination {
        switch role {
        case nil: return .login
        case .citizen?: return .home
        case .officer?: return .scan
        }
    }

    /// Whether `role` may open `destination` (officer screens only for an officer account).
    public static func allowed(_ role: Role?, _ destination: Destination) -> Bool {
        guard let role = role else { return destination == .login }
        if destination == .login { return false }
        if destination.officerOnly { return role == .officer }
        return true
    }

    /// After a verdict is shown, "scan another" goes back to the scanner.
    public static func afterVerdict() -> Destination { .scan }

    /// After sign-out, sign-in.
    public static func afterSignOut() -> Destination { .login }
}
