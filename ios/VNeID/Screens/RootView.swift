// Sign-in without a session; the tabs of Navigation.tabs(role) with one.
import SwiftUI
import VNeIDPresentation

struct RootView: View {
    @EnvironmentObject var model: AppModel

    var body: some View {
        if let session = model.session {
            MainTabView(session: session)
        } else {
            LoginView()
        }
    }
}

struct MainTabView: View {
    @EnvironmentObject var model: AppModel
    let session: Session

    var body: some View {
        TabView(selection: $model.tab) {
            ForEach(Navigation.tabs(session.role), id: \.self) { destination in
                screen(destination)
                    .tabItem {
                        Label(Texts.key(destination.titleKey), systemImage: MainTabView.icon(destination))
                    }
                    .tag(destination)
            }
        }
    }

    @ViewBuilder
    private func screen(_ destination: Destination) -> some View {
        switch destination {
        case .home: HomeView(session: session)
        case .wallet: WalletView(session: session)
        case .personal: PersonalView(session: session)
        case .scan: ScanView(session: session)
        case .history: HistoryView(session: session)
        default: EmptyView()
        }
    }

    static func icon(_ destination: Destination) -> String {
        switch destination {
        case .home: return "house"
        case .wallet: return "wallet.pass"
        case .personal: return "person.crop.circle"
        case .scan: return "qrcode.viewfinder"
        case .history: return "clock.arrow.circlepath"
        default: return "circle"
        }
    }
}

/// Runs a screen controller's `tick()` four times a second off the main thread (making a QR
/// signs with the device key) and publishes its state on the main thread.
final class Ticking<State: Equatable>: ObservableObject {
    @Published private(set) var state: State?
    private let tick: () -> State
    private let renewNow: () -> State
    private let queue = DispatchQueue(label: "vn.gov.vneid.tick", qos: .userInitiated)
    private var timer: DispatchSourceTimer?

    init(tick: @escaping () -> State, renew: @escaping () -> State) {
        self.tick = tick
        self.renewNow = renew
    }

    func start() {
        guard timer == nil else { return }
        let t = DispatchSource.makeTimerSource(queue: queue)
        t.schedule(deadline: .now(), repeating: .milliseconds(250))
        t.setEventHandler { [weak self] in
            guard let self = self else { return }
            self.publish(self.tick())
        }
        timer = t
        t.resume()
    }

    func stop() {
        timer?.cancel()
        timer = nil
    }

    func renew() {
        queue.async { [weak self] in
            guard let self = self else { return }
            self.publish(self.renewNow())
        }
    }

    private func publish(_ next: State) {
        DispatchQueue.main.async {
            if self.state != next { self.state = next }
        }
    }

    deinit { timer?.cancel() }
}
