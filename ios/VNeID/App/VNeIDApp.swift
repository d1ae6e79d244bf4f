// The iOS app: a thin SwiftUI layer over the Rust core (VneidCore: the session, every decision
// and what each screen shows) and VNeIDPresentation (threading, the frame scanner, the tabs per
// role). One app for citizens and officers, as on Android: the officer screens appear for an
// officer account (the role comes from the device certificate).
import SwiftUI
import VNeIDPresentation

@main
struct VNeIDApp: App {
    @StateObject private var model = AppModel(environment: AppEnvironment.make())

    var body: some Scene {
        WindowGroup {
            RootView()
                .environmentObject(model)
                .privacyCover()
        }
    }
}
