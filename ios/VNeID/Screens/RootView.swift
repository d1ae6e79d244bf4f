// Sign-in without a session; the tabs of Navigation.tabs(role) with one (the role is the device
// certificate's, never chosen at sign-in); the lists refreshed when the core says they are due.
import SwiftUI
import VneidCore
import VNeIDPresentation

struct RootView: View {
    @EnvironmentObject var model: AppModel

    var body: some View {
        if let problem = model.configurationError {
            // A build without its authority (ios/README.md): nothing can work.
            Text(problem)
                .foregroundColor(.red)
                .padding(24)
                .accessibilityIdentifier("configurationError")
        } else {
            switch model.state {
            case .loading:
                ProgressView()
            case let .signedOut(message, busy):
                LoginScreen(busy: busy, error: message)
            case let .signedIn(session):
                MainTabView(session: session)
            }
        }
    }
}

struct MainTabView: View {
    @EnvironmentObject var model: AppModel
    @Environment(\.scenePhase) private var scenePhase
    let session: OpenSession
    private let everyMinute = Timer.publish(every: 60, on: .main, in: .common).autoconnect()

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
        .onAppear { model.refreshIfDue() }
        .onReceive(everyMinute) { _ in if scenePhase == .active { model.refreshIfDue() } }
        .onChange(of: scenePhase) { phase in if phase == .active { model.refreshIfDue() } }
    }

    @ViewBuilder
    private func screen(_ destination: Destination) -> some View {
        switch destination {
        case .home: HomeScreen(session: session)
        case .wallet: WalletScreen(session: session)
        case .personal: PersonalScreen(session: session)
        case .scan:
            if let officer = session.officer { ScanScreen(session: session, officer: officer) }
        case .history:
            if let officer = session.officer { HistoryScreen(session: session, officer: officer) }
        }
    }

    static func icon(_ destination: Destination) -> String {
        switch destination {
        case .home: return "house"
        case .wallet: return "wallet.pass"
        case .personal: return "person.crop.circle"
        case .scan: return "qrcode.viewfinder"
        case .history: return "clock.arrow.circlepath"
        }
    }
}

/// Core calls a screen makes to read what it shows, off the main queue and through the session
/// (none starts after sign-out); the result on the main queue.
enum Background {
    private static let queue = DispatchQueue(label: "vn.gov.vneid.screens", qos: .userInitiated)

    static func run<T>(_ session: OpenSession, _ body: @escaping () throws -> T,
                       done: @escaping (Result<T, Error>) -> Void) {
        queue.async {
            let result: Result<T, Error>?
            do {
                result = try session.ifOpen(body).map { .success($0) }
            } catch {
                result = .failure(error)
            }
            guard let r = result else { return }
            DispatchQueue.main.async { done(r) }
        }
    }

    /// The words for an error a core call threw.
    static func words(_ error: Error) -> String {
        errorText(error: error as? ApiError ?? .Internal(detail: "\(type(of: error))"), lang: Texts.lang)
    }
}

/// Keeps a QR screen (the core's QrScreenModel: Trang chủ or a presentation) current: ticks it
/// four times a second off the main queue (making a QR signs with the device key) while the
/// screen is on and the app active, and publishes its state on the main queue. Leaving the
/// screen forgets the QR (a new one on return).
final class QrTicker: ObservableObject {
    @Published private(set) var state: QrScreenState?
    private let session: OpenSession
    private let model: QrScreenModel
    private let queue = DispatchQueue(label: "vn.gov.vneid.tick", qos: .userInitiated)
    private var timer: DispatchSourceTimer?

    init(session: OpenSession, model: QrScreenModel) {
        self.session = session
        self.model = model
    }

    /// A QR is on screen: keep the screen bright (and hidden from a capture).
    var showing: Bool {
        if case .showing? = state { return true }
        return false
    }

    func start() {
        guard timer == nil else { return }
        let t = DispatchSource.makeTimerSource(queue: queue)
        t.schedule(deadline: .now(), repeating: .milliseconds(250))
        t.setEventHandler { [weak self] in
            guard let self = self, let next = self.session.ifOpen({ self.model.tick(locale: Texts.locale) }) else { return }
            self.publish(next)
        }
        timer = t
        t.resume()
    }

    func stop() {
        timer?.cancel()
        timer = nil
        let model = self.model
        queue.async { model.forget() }
    }

    func renew() {
        queue.async { [weak self] in
            guard let self = self, let next = self.session.ifOpen({ self.model.renew(locale: Texts.locale) }) else { return }
            self.publish(next)
        }
    }

    private func publish(_ next: QrScreenState) {
        DispatchQueue.main.async {
            if self.state != next { self.state = next }
        }
    }

    deinit { timer?.cancel() }
}

/// A QR in its ring, or why it is not shown: the shared body of Trang chủ and a presentation.
struct QrScreenBody: View {
    @ObservedObject var ticker: QrTicker
    @ObservedObject var capture: ScreenCaptureMonitor
    /// What it is: "Mã QR định danh điện tử".
    let label: String
    /// "identityQr" / "presentationQr".
    let identifier: String
    /// The setting is off: where to turn it on.
    var openPersonal: (() -> Void)?

    var body: some View {
        switch ticker.state {
        case nil:
            ProgressView()
        case let .showing(_, matrix, countdown, _)?:
            if capture.captured {
                // Recorded or mirrored: a copy of the QR must not leave the phone.
                Text(Texts.key("home.hidden_capture"))
                    .multilineTextAlignment(.center)
                    .padding()
                    .accessibilityIdentifier("qrHidden")
            } else {
                CountdownRing(countdown: countdown) {
                    QrCodeView(matrix: matrix, label: label, value: countdown.label)
                        .accessibilityIdentifier(identifier)
                        .accessibilityHint(Texts.key("home.tap_to_renew"))
                        .accessibilityAction(named: Text(Texts.key("home.create_qr"))) { ticker.renew() }
                        .onTapGesture { ticker.renew() }
                }
                Text(Texts.key("home.tap_to_renew")).font(.footnote).foregroundColor(.secondary)
            }
        case let .settingOff(message)?:
            VStack(spacing: 12) {
                Text(message)
                    .multilineTextAlignment(.center)
                    .accessibilityIdentifier("homeSettingOff")
                if let openPersonal = openPersonal {
                    Button(Texts.key("tab.personal"), action: openPersonal).buttonStyle(.borderedProminent)
                }
            }
        case let .failed(message, _)?:
            VStack(spacing: 12) {
                Text(message).multilineTextAlignment(.center).accessibilityIdentifier("qrError")
                Button(Texts.key("common.retry")) { ticker.renew() }
            }
        }
    }
}

/// Ticking while the screen is on and the app active; bright while a QR shows and is not captured.
struct QrScreenLifecycle: ViewModifier {
    @ObservedObject var ticker: QrTicker
    @ObservedObject var capture: ScreenCaptureMonitor
    @Environment(\.scenePhase) private var scenePhase

    func body(content: Content) -> some View {
        content
            .onAppear { ticker.start() }
            .onDisappear { ticker.stop() }
            .onChange(of: scenePhase) { phase in
                if phase == .active { ticker.start() } else { ticker.stop() }
            }
            .onChange(of: ticker.state) { _ in capture.refresh() }
            .qrBrightness(ticker.showing && !capture.captured)
    }
}
