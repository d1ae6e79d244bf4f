// What the QR screens do to the device: brightness up while a QR shows, the QR hidden while
// the screen is captured (recorded, mirrored, AirPlayed), haptics for verdicts (the core's
// VerdictView says which), the countdown ring and label/value rows as the core gives them.
import Combine
import SwiftUI
import UIKit
import VneidCore

/// Whether the screen is being captured: `sceneCaptureState` on iOS 17+, `UIScreen.isCaptured`
/// before; refreshed on `UIScreen.capturedDidChangeNotification` and by `refresh()`.
final class ScreenCaptureMonitor: ObservableObject {
    @Published private(set) var captured = false
    private var observer: NSObjectProtocol?

    init() {
        observer = NotificationCenter.default.addObserver(
            forName: UIScreen.capturedDidChangeNotification, object: nil, queue: .main
        ) { [weak self] _ in self?.refresh() }
        refresh()
    }

    deinit {
        if let observer = observer { NotificationCenter.default.removeObserver(observer) }
    }

    func refresh() {
        let scene = UIApplication.shared.connectedScenes.compactMap { $0 as? UIWindowScene }.first
        var now = scene?.screen.isCaptured ?? false
        if #available(iOS 17.0, *), let scene = scene {
            now = now || scene.traitCollection.sceneCaptureState == .active
        }
        if now != captured { captured = now }
    }
}

/// Full brightness while a QR is on screen and the app is in front; the user's brightness back
/// when the QR goes, the screen is left, or the app leaves the foreground (the switcher, another
/// app, the lock button: iOS keeps an app's brightness after it leaves), and full again on return.
struct QrBrightness: ViewModifier {
    /// A QR is on screen and not hidden.
    let wanted: Bool
    @Environment(\.scenePhase) private var scenePhase
    @State private var brightness = BrightnessGuard()

    func body(content: Content) -> some View {
        content
            .onAppear { apply(wanted: wanted, phase: scenePhase) }
            .onChange(of: wanted) { apply(wanted: $0, phase: scenePhase) }
            .onChange(of: scenePhase) { apply(wanted: wanted, phase: $0) }
            .onDisappear { brightness.apply(full: false) }
    }

    private func apply(wanted: Bool, phase: ScenePhase) {
        brightness.apply(full: wanted && phase == .active)
    }
}

extension View {
    func qrBrightness(_ wanted: Bool) -> some View { modifier(QrBrightness(wanted: wanted)) }
}

/// Full brightness while a QR is on screen; the user's brightness back afterwards.
final class BrightnessGuard {
    private var saved: CGFloat?

    func apply(full: Bool) {
        guard let screen = UIApplication.shared.connectedScenes.compactMap({ ($0 as? UIWindowScene)?.screen }).first
        else { return }
        if full {
            if saved == nil { saved = screen.brightness }
            screen.brightness = 1.0
        } else if let s = saved {
            screen.brightness = s
            saved = nil
        }
    }
}

/// The app switcher's snapshot and a glance over the shoulder show no QR, name or paper: the
/// window is covered whenever the scene is not active (inactive: the switcher, Control Centre,
/// a call; background: the snapshot is taken then). Android's FLAG_SECURE blanks its recents
/// thumbnail the same way.
struct PrivacyCover: ViewModifier {
    @Environment(\.scenePhase) private var scenePhase

    func body(content: Content) -> some View {
        content.overlay {
            if scenePhase != .active {
                ZStack {
                    Color(uiColor: .systemBackground)
                    VStack(spacing: 12) {
                        Image(systemName: "lock.shield").font(.largeTitle)
                        Text(Texts.key("app.name")).font(.title2.bold())
                    }
                    .foregroundColor(.secondary)
                }
                .ignoresSafeArea()
                .accessibilityIdentifier("privacyCover")
                .transaction { $0.animation = nil }
            }
        }
    }
}

extension View {
    func privacyCover() -> some View { modifier(PrivacyCover()) }
}

enum Haptics {
    static func play(_ haptic: Haptic) {
        let generator = UINotificationFeedbackGenerator()
        switch haptic {
        case .confirm: generator.notificationOccurred(.success)
        case .warn: generator.notificationOccurred(.warning)
        case .reject: generator.notificationOccurred(.error)
        }
    }
}

/// The 60-second ring around a QR, in the core's tone, with its words under it.
struct CountdownRing<Content: View>: View {
    let countdown: Countdown
    @ViewBuilder let content: () -> Content

    var body: some View {
        VStack(spacing: 12) {
            ZStack {
                Circle().stroke(Color.gray.opacity(0.2), lineWidth: 8)
                Circle()
                    .trim(from: 0, to: CGFloat(countdown.fraction))
                    .stroke(Color(ink: countdown.tone), style: StrokeStyle(lineWidth: 8, lineCap: .round))
                    .rotationEffect(.degrees(-90))
                    .animation(.linear(duration: 0.25), value: countdown.fraction)
                content().padding(36)
            }
            .aspectRatio(1, contentMode: .fit)
            Text(countdown.label)
                .font(.headline)
                .foregroundColor(Color(ink: countdown.tone))
                .accessibilityIdentifier("countdown")
        }
    }
}

/// "label: value" rows, as the core's screens give them.
struct InfoRowsView: View {
    let rows: [Row]

    var body: some View {
        ForEach(Array(rows.enumerated()), id: \.offset) { _, row in
            HStack(alignment: .top) {
                Text(row.label).foregroundColor(.secondary)
                Spacer()
                Text(row.value).multilineTextAlignment(.trailing)
            }
        }
    }
}
