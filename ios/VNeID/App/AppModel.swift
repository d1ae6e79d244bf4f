// The app's state for SwiftUI: the core's session through VNeIDPresentation's AppSession (which
// runs every blocking call on the environment's work queue), its states published on the main
// queue.
import Foundation
import VneidCore
import VNeIDPresentation

/// Published values change on the main queue only.
final class AppModel: ObservableObject {
    @Published private(set) var state: AppState = .loading
    /// Bumped when what the screens read may have changed (the setting, the lists): they read it again.
    @Published private(set) var revision = 0
    /// The selected tab.
    @Published var tab: Destination = .home

    let environment: AppEnvironment
    /// Why the app cannot run at all (a build without its authority configured), or nil.
    let configurationError: String?
    private var app: AppSession?

    init(environment: AppEnvironment) {
        self.environment = environment
        switch environment.manager {
        case let .success(manager):
            configurationError = nil
            app = AppSession(manager: manager, work: environment.work, lang: { Texts.lang }) { [weak self] s in
                DispatchQueue.main.async { self?.show(s) }
            }
        case let .failure(error):
            configurationError = (error as? AuthorityConfig.Problem)?.description ?? "\(error)"
        }
        if let prepare = environment.prepare { environment.work.async(execute: prepare) }
        app?.restore()
    }

    private func show(_ s: AppState) {
        if case let .signedIn(session) = s, state.session !== session {
            tab = Navigation.start(session.role)
        }
        state = s
    }

    func signIn(personalId: String, password: String) {
        app?.signIn(personalId: personalId.trimmingCharacters(in: .whitespaces), password: password)
    }

    func signOut() { app?.signOut() }

    /// The switch in Cá nhân; `done` gets the core's refusal in words, on the main queue.
    func setQrVerification(_ on: Bool, done: @escaping (String?) -> Void) {
        app?.setQrVerification(on) { refusal in
            DispatchQueue.main.async {
                self.revision += 1
                done(refusal)
            }
        }
    }

    /// On coming to the foreground and every minute while there: the lists when the core says they are due.
    func refreshIfDue() {
        app?.refreshIfDue { refreshed in
            if refreshed { DispatchQueue.main.async { self.revision += 1 } }
        }
    }
}
