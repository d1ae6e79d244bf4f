// Trang chủ: the identity QR inside its 60-second ring, kept, remade and dropped by the core's
// QrScreenModel; a tap makes a new one; brightness up while it shows; hidden while the screen
// is captured.
import SwiftUI
import VneidCore
import VNeIDPresentation

struct HomeScreen: View {
    @EnvironmentObject var model: AppModel
    @StateObject private var ticker: QrTicker
    @StateObject private var capture = ScreenCaptureMonitor()

    init(session: OpenSession) {
        _ticker = StateObject(wrappedValue: QrTicker(session: session, model: QrScreenModel.identity(citizen: session.citizen)))
    }

    var body: some View {
        NavigationStack {
            ScrollView {
                VStack(spacing: 20) {
                    if ticker.showing {
                        Text(Texts.key("home.identity_qr")).font(.title3.bold())
                    }
                    QrScreenBody(ticker: ticker, capture: capture, label: Texts.key("home.identity_qr"),
                                 identifier: "identityQr", openPersonal: { model.tab = .personal })
                    if ticker.showing {
                        Text(Texts.key("home.valid_for")).font(.footnote).multilineTextAlignment(.center)
                    }
                    tiles
                }
                .padding()
            }
            .navigationTitle(Texts.key("tab.home"))
        }
        .modifier(QrScreenLifecycle(ticker: ticker, capture: capture))
    }

    /// The other tiles of VNeID's home screen (outside this app's job).
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
