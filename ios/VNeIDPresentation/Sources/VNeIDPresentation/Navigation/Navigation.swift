// Which tabs exist for whom and where the app opens. The role comes from the session (from the
// device certificate the authority issued for the account), never from the sign-in screen.
import Foundation
import VneidCore

/// The signed-in app's tabs; each carries its title's string key (core/src/strings.tsv).
public enum Destination: String, CaseIterable, Hashable {
    case home, wallet, personal, scan, history

    public var titleKey: String {
        switch self {
        case .home: return "tab.home"
        case .wallet: return "tab.wallet"
        case .personal: return "tab.personal"
        case .scan: return "officer.scan"
        case .history: return "officer.history"
        }
    }

    public var officerOnly: Bool { self == .scan || self == .history }
}

public enum Navigation {
    /// The citizen's three tabs (as in the app the seed texts describe); an officer's two more,
    /// before Cá nhân.
    public static func tabs(_ role: Role) -> [Destination] {
        [.home, .wallet, .scan, .history, .personal].filter { !$0.officerOnly || role == .officer }
    }

    /// An officer opens at the scanner, a citizen at Trang chủ.
    public static func start(_ role: Role) -> Destination { role == .officer ? .scan : .home }
}
