// The signed-in state of the app around the core's SessionManager (which does sign-in, enrolment,
// restore, the file layout and sign-out): which screen the app shows, and the threading — every
// call that may block (keystore, files, the network) on one background queue, in order, so that
// a save still running cannot write after sign-out removed the files.
import Foundation
import VneidCore

/// A signed-in session and the core objects the screens use, taken from it once. Screens call
/// them off the main thread through `ifOpen`; after `close()` no new call starts (sign-out).
/// ARC frees the objects once the last call in flight lets go of them.
public final class OpenSession: Equatable {
    public let session: Session
    /// From the device certificate: the officer screens only for `.officer`.
    public let role: Role
    public let citizen: CitizenApp
    public let wallet: Wallet
    public let officer: OfficerApp?
    /// Whether the scan log was intact when opened (officers).
    public let auditIntegrity: AuditIntegrity?

    private let lock = NSLock()
    private var closed = false

    public init(_ session: Session) {
        self.session = session
        role = session.role()
        citizen = session.citizen()
        wallet = session.wallet()
        officer = session.officer()
        auditIntegrity = session.auditIntegrity()
    }

    /// A core call off the main thread: runs `body` unless closed (then nil: the screen is going away).
    public func ifOpen<T>(_ body: () throws -> T) rethrows -> T? {
        lock.lock()
        let isClosed = closed
        lock.unlock()
        if isClosed { return nil }
        return try body()
    }

    public var isClosed: Bool {
        lock.lock(); defer { lock.unlock() }
        return closed
    }

    /// No core call starts through `ifOpen` from now on.
    public func close() {
        lock.lock(); closed = true; lock.unlock()
    }

    public static func == (a: OpenSession, b: OpenSession) -> Bool { a === b }
}

/// What the app shows at the top.
public enum AppState: Equatable {
    /// Restoring the saved session.
    case loading
    /// The sign-in screen; `message` says why (a refused sign-in, a session that could not be restored).
    case signedOut(message: String?, busy: Bool)
    case signedIn(OpenSession)

    public static let signInScreen = AppState.signedOut(message: nil, busy: false)

    public var session: OpenSession? {
        if case let .signedIn(s) = self { return s }
        return nil
    }
}

/// `work` runs the core calls one at a time (a serial background queue); `onState` is called on
/// it: post the state to the main queue. `lang` is the language of the words it hands out.
public final class AppSession {
    private let manager: SessionManagerProtocol
    private let work: WorkExecutor
    private let lang: () -> Lang
    private let onState: (AppState) -> Void
    private let lock = NSLock()
    private var current = AppState.loading

    public init(manager: SessionManagerProtocol, work: WorkExecutor, lang: @escaping () -> Lang,
                onState: @escaping (AppState) -> Void) {
        self.manager = manager
        self.work = work
        self.lang = lang
        self.onState = onState
    }

    public var state: AppState {
        lock.lock(); defer { lock.unlock() }
        return current
    }

    private func publish(_ s: AppState) {
        lock.lock(); current = s; lock.unlock()
        onState(s)
    }

    private func words(_ error: Error) -> String {
        errorText(error: error as? ApiError ?? .Internal(detail: "\(type(of: error))"), lang: lang())
    }

    /// At start: the session the last sign-in saved, offline.
    public func restore() {
        work.execute { [self] in
            switch manager.restore(lang: lang()) {
            case let .session(session): publish(.signedIn(OpenSession(session)))
            case let .failed(message, _): publish(.signedOut(message: message, busy: false))
            case .signedOut: publish(.signInScreen)
            }
        }
    }

    /// The personal ID number and password; the role comes from the account. Ignored while busy
    /// or signed in.
    public func signIn(personalId: String, password: String) {
        lock.lock()
        guard case .signedOut(_, false) = current else { lock.unlock(); return }
        current = .signedOut(message: nil, busy: true)
        lock.unlock()
        onState(.signedOut(message: nil, busy: true))
        work.execute { [self] in
            do {
                publish(.signedIn(OpenSession(try manager.signIn(personalId: personalId, password: password))))
            } catch {
                publish(.signedOut(message: words(error), busy: false))
            }
        }
    }

    /// Ends the session at the server when reachable and removes it from the phone (the scan
    /// log stays).
    public func signOut() {
        guard let s = state.session else { return }
        publish(.signInScreen)
        work.execute {
            // Removing the files may fail: the next sign-in removes them again.
            _ = try? s.ifOpen { try s.session.signOut() }
            s.close()
        }
    }

    /// "Xác minh ứng dụng qua QR code" flipped: saved by the core; `done` gets the refusal's
    /// words, or nil (on the work queue).
    public func setQrVerification(_ on: Bool, done: @escaping (String?) -> Void) {
        guard let s = state.session else { return }
        work.execute { [self] in
            do {
                _ = try s.ifOpen { try s.session.setQrVerification(on: on) }
                done(nil)
            } catch {
                done(words(error))
            }
        }
    }

    /// The lists refreshed when the core says they are due (call it when the app comes to the
    /// foreground and on a timer); offline, the held lists stay. `done` is told whether anything
    /// was refreshed (on the work queue).
    public func refreshIfDue(done: @escaping (Bool) -> Void = { _ in }) {
        guard let s = state.session else { return }
        work.execute {
            var refreshed = false
            do {
                refreshed = try s.ifOpen { () throws -> Bool in
                    guard s.session.refreshDue() else { return false }
                    _ = try s.session.refreshLists()
                    return true
                } ?? false
            } catch {
                refreshed = false // offline, or a list refused: the held lists stay
            }
            done(refreshed)
        }
    }
}
