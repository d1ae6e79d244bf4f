// The signed-in state of the app. Every core call that may block (keystore, files, the
// authority) runs on `work`, off the main thread; screens observe the published values.
import Foundation
import VneidCore
import VNeIDPresentation

/// Published values change on the main thread only.
final class AppModel: ObservableObject {
    @Published private(set) var session: Session?
    @Published private(set) var signInError: UiText?
    @Published private(set) var busy = false
    /// The selected tab.
    @Published var tab: Destination = .home
    /// Bumped when the citizen state changes (the QR setting), so screens re-read it.
    @Published private(set) var revision = 0

    let environment: AppEnvironment
    let manager: SessionManager
    let work = DispatchQueue(label: "vn.gov.vneid.work", qos: .userInitiated)

    init(environment: AppEnvironment) {
        self.environment = environment
        manager = SessionManager(platform: environment.platform, authority: environment.authority)
        if let form = environment.autoSignIn {
            signIn(form)
        } else {
            restore()
        }
    }

    // VneidCore has a `Role` too (the authority server's account roles): this is the app's.
    var role: VNeIDPresentation.Role? { session?.role }
    var zone: TimeZone { environment.zone }

    func signIn(_ form: SignInForm) {
        busy = true
        signInError = nil
        let manager = self.manager
        let after = environment.afterSignIn
        work.async {
            let result = manager.signIn(form)
            if case let .signedIn(session) = result {
                after?(session)
                try? manager.save(role: session.role, citizen: session.citizen)
            }
            DispatchQueue.main.async {
                self.busy = false
                switch result {
                case let .signedIn(session):
                    self.session = session
                    self.tab = Navigation.start(session.role)
                case let .refused(message):
                    self.signInError = message
                }
            }
        }
    }

    private func restore() {
        busy = true
        let manager = self.manager
        work.async {
            let restored = try? manager.restore()
            DispatchQueue.main.async {
                self.busy = false
                if let session = restored {
                    self.session = session
                    self.tab = Navigation.start(session.role)
                }
            }
        }
    }

    func signOut() {
        manager.signOut()
        session = nil
        tab = Navigation.afterSignOut()
    }

    /// The citizen state changed (the QR setting): save it and let screens re-read it.
    func citizenChanged() {
        guard let session = session else { return }
        let manager = self.manager
        work.async { try? manager.save(role: session.role, citizen: session.citizen) }
        revision += 1
    }
}
