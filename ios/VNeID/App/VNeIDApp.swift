// The iOS app: a thin SwiftUI layer over VNeIDPresentation (screen logic) and VneidCore (every
// decision: tokens, expiry, verdicts, the wallet). One app for citizens and officers, as on
// Android: officer screens appear for an officer account.
import SwiftUI
import VNeIDPresentation

@main
struct VNeIDApp: App {
    @StateObject private var model = AppModel(environment: AppEnvironment.make(LaunchOptions.current))

    var body: some Scene {
        WindowGroup {
            RootView()
                .environmentObject(model)
                .privacyCover()
        }
    }
}
