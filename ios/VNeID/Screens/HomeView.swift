// Trang chủ: the identity QR with its 60-second ring, remade automatically when it expires or
// by a tap; brightness up while it shows; hidden while the screen is captured.
import SwiftUI
import VNeIDPresentation

struct HomeView: View {
    @EnvironmentObject var model: AppModel
    let session: Session
    @StateObject private var ticker: Ticking<HomeState>
    @StateObject private var capture = ScreenCaptureMonitor()

    init(session: Session) {
        self.session = session
        let controller = HomeController(citizen: session.citizen)
        _ticker = StateObject(wrappedValue: Ticking(tick: controller.tick, renew: controller.renew))
    }

    var body: some View {
        NavigationStack {
            ScrollView {
                VStack(spacing: 20) {
                    content
                    tiles
                }
                .padding()
            }
            .navigationTitle(Texts.key(Keys.tabHome))
        }
        .onAppear { ticker.start() }
        .onDisappear { ticker.stop() }
        .onChange(of: ticker.state) { _ in capture.refresh() }
        .qrBrightness((ticker.state?.fullBrightness ?? false) && !capture.captured)
    }

    @ViewBuilder
    private var content: some View {
        switch ticker.state {
        case nil:
            ProgressView()
        case let .settingOff(message, goTo)?:
            VStack(spacing: 12) {
                Text(message.localized)
                    .multilineTextAlignment(.center)
                    .accessibilityIdentifier("homeSettingOff")
                Button(Texts.key(goTo.titleKey)) { model.tab = goTo }
                    .buttonStyle(.borderedProminent)
            }
        case let .showingQr(_, matrix, countdown)?:
            let state = ticker.state!
            VStack(spacing: 8) {
                Text(Texts.key("home.identity_qr")).font(.title3.bold())
                if state.qrVisible(screenCaptured: capture.captured) {
                    CountdownRing(countdown: countdown) {
                        QrCodeView(matrix: matrix, label: Texts.key("home.identity_qr"), value: countdown.label.localized)
                            .accessibilityIdentifier("identityQr")
                            .accessibilityHint(Texts.key("home.tap_to_renew"))
                            .accessibilityAction { ticker.renew() }
                            .onTapGesture { ticker.renew() }
                    }
                    Text(Texts.key("home.tap_to_renew")).font(.footnote).foregroundColor(.secondary)
                } else if let notice = state.capturedNotice(screenCaptured: capture.captured) {
                    Text(notice.localized)
                        .multilineTextAlignment(.center)
                        .padding()
                        .accessibilityIdentifier("qrHidden")
                }
                Text(Texts.key("home.valid_for")).font(.footnote)
            }
        case let .failed(message)?:
            VStack(spacing: 12) {
                Text(message.localized).accessibilityIdentifier("homeError")
                Button(Texts.key("common.retry")) { ticker.renew() }
            }
        }
    }

    private var tiles: some View {
        LazyVGrid(columns: [GridItem(.flexible()), GridItem(.flexible())], spacing: 12) {
            ForEach(["home.tile.procedures", "home.tile.social", "home.tile.health", "home.tile.other"], id: \.self) { key in
                Text(Texts.key(key))
                    .font(.subheadline)
                    .frame(maxWidth: .infinity, minHeight: 56)
                    .background(RoundedRectangle(cornerRadius: 12).fill(Color.gray.opacity(0.12)))
            }
        }
    }
}
