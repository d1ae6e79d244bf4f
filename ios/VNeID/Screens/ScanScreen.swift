// The officer's scanner: camera preview with a frame guide; frames go through the presentation
// package's ScanController (one in flight, the rest dropped) to the core's scanFrameForScreen on
// a background queue; the verdict screen paints the core's VerdictView — "Ứng dụng thật /
// GENUINE" or "Ứng dụng giả / FAKE" big, in its tone, with the reason, the rows and the haptic
// it names; Lịch sử quét paints the core's HistoryView.
import AVFoundation
import SwiftUI
import UIKit
import VneidCore
import VNeIDPresentation

final class ScanModel: ObservableObject {
    @Published private(set) var state: ScanState = .scanning
    private var controller: ScanController?
    private let scanQueue = DispatchQueue(label: "vn.gov.vneid.scan", qos: .userInitiated)

    func start(session: OpenSession, officer: OfficerApp, source: FrameSource) {
        guard controller == nil, !session.isClosed else { return }
        let c = ScanController(officer: officer, executor: scanQueue, locale: { Texts.locale }) { [weak self] state in
            DispatchQueue.main.async {
                self?.state = state
                if case let .result(scan) = state {
                    Haptics.play(scan.view.haptic)
                    UIAccessibility.post(notification: .announcement, argument: scan.view.announcement)
                }
            }
        }
        controller = c
        c.start(source)
    }

    func stop() {
        controller?.stop()
        controller = nil
    }

    func scanAgain() { controller?.scanAgain() }
}

struct ScanScreen: View {
    @EnvironmentObject var model: AppModel
    @Environment(\.scenePhase) private var scenePhase
    let session: OpenSession
    let officer: OfficerApp
    @StateObject private var scan = ScanModel()
    @State private var cameraStatus = CameraFrameSource.status
    @State private var cameraUnavailable = false

    private var usesCamera: Bool { model.environment.usesCamera }
    private var cameraAllowed: Bool { !usesCamera || cameraStatus == .authorized }

    var body: some View {
        NavigationStack {
            Group {
                switch scan.state {
                case .scanning:
                    scanner
                case let .result(result):
                    VerdictScreen(view: result.view) { scan.scanAgain() }
                case let .failed(message):
                    VStack(spacing: 16) {
                        Text(message).multilineTextAlignment(.center).accessibilityIdentifier("scanError")
                        Button(Texts.key("officer.scan_again")) { scan.scanAgain() }
                            .accessibilityIdentifier("scanAgain")
                    }
                    .padding()
                }
            }
            .navigationTitle(Texts.key("officer.scan"))
        }
        .onAppear(perform: start)
        .onDisappear { scan.stop() }
        .onChange(of: scenePhase) { phase in
            // Back from Settings: the permission may have been granted there.
            guard phase == .active, usesCamera else { return }
            let now = CameraFrameSource.status
            if now != cameraStatus {
                cameraStatus = now
                if cameraAllowed { start() }
            }
        }
    }

    private func start() {
        guard cameraAllowed else { return }
        if usesCamera {
            CameraFrameSource.shared.onUnavailable = { cameraUnavailable = true; scan.stop() }
        }
        scan.start(session: session, officer: officer, source: model.environment.makeFrameSource())
    }

    private func retryCamera() {
        cameraUnavailable = false
        scan.stop()
        start()
    }

    @ViewBuilder
    private var scanner: some View {
        if !cameraAllowed {
            VStack(spacing: 16) {
                Text(Texts.key("officer.camera_permission")).multilineTextAlignment(.center)
                if cameraStatus == .notDetermined {
                    Button(Texts.key("officer.grant_permission")) {
                        CameraFrameSource.requestAccess { _ in
                            cameraStatus = CameraFrameSource.status
                            if cameraAllowed { start() }
                        }
                    }
                    .accessibilityIdentifier("cameraPermission")
                } else if let settings = URL(string: UIApplication.openSettingsURLString) {
                    // Refused (or restricted) before: iOS will not ask again, only Settings can grant it.
                    Button(Texts.key("officer.open_settings")) { UIApplication.shared.open(settings) }
                        .accessibilityIdentifier("cameraPermission")
                }
            }
            .padding()
        } else if cameraUnavailable {
            VStack(spacing: 16) {
                Text(Texts.key("officer.camera_unavailable")).multilineTextAlignment(.center)
                    .accessibilityIdentifier("cameraUnavailable")
                Button(Texts.key("common.retry"), action: retryCamera)
            }
            .padding()
        } else {
            ZStack {
                if usesCamera {
                    CameraPreview(session: CameraFrameSource.shared.session).ignoresSafeArea()
                } else {
                    Color.gray.opacity(0.4).accessibilityIdentifier("injectedCamera")
                }
                RoundedRectangle(cornerRadius: 16)
                    .stroke(Color.white, lineWidth: 4)
                    .frame(width: 260, height: 260)
                VStack {
                    Spacer()
                    Text(Texts.key("officer.frame_hint"))
                        .padding(8)
                        .background(Color.black.opacity(0.6))
                        .foregroundColor(.white)
                        .cornerRadius(8)
                        .padding(.bottom, 32)
                }
            }
            .accessibilityIdentifier("scanner")
        }
    }
}

/// The result as the core's VerdictView gives it: the headline and reason on a block of its tone
/// under white text, big; then the repeat notice, the list warnings, whose app (an identity QR;
/// a presentation names no subject), the disclosed paper's fields.
struct VerdictScreen: View {
    let view: VerdictView
    let scanAgain: () -> Void
    /// The seal grows with the text size the user chose (Dynamic Type).
    @ScaledMetric(relativeTo: .largeTitle) private var sealSize: CGFloat = 64

    private var seal: String {
        switch view.kind {
        case .genuine: return "checkmark.seal.fill"
        case .fake: return "xmark.octagon.fill"
        case .cannotVerify: return "exclamationmark.triangle.fill"
        }
    }

    private var identifier: String {
        switch view.kind {
        case .genuine: return "verdictGenuine"
        case .fake: return "verdictFake"
        case .cannotVerify: return "verdictCannotVerify"
        }
    }

    var body: some View {
        ScrollView {
            VStack(alignment: .leading, spacing: 16) {
                VStack(spacing: 8) {
                    Image(systemName: seal)
                        .font(.system(size: sealSize))
                        .accessibilityHidden(true)
                    // A text style, not a point size: it follows Dynamic Type up to the
                    // accessibility sizes, and wraps rather than truncates.
                    Text(view.headline)
                        .font(.largeTitle.weight(.heavy))
                        .multilineTextAlignment(.center)
                        .fixedSize(horizontal: false, vertical: true)
                        .accessibilityIdentifier("verdictHeadline")
                    if let reason = view.reason {
                        Text(reason)
                            .font(.title3)
                            .multilineTextAlignment(.center)
                            .accessibilityIdentifier("verdictReason")
                    }
                }
                .frame(maxWidth: .infinity)
                .padding(24)
                .foregroundColor(.white)
                .background(Color(block: view.tone))
                .cornerRadius(16)
                .accessibilityElement(children: .contain)
                .accessibilityIdentifier(identifier)

                if let repeatNotice = view.`repeat` {
                    Text(repeatNotice).bold().foregroundColor(Color(ink: .warning))
                        .accessibilityIdentifier("verdictRepeat")
                }
                ForEach(Array(view.warnings.enumerated()), id: \.offset) { _, warning in
                    Text(warning).foregroundColor(Color(ink: .warning))
                }
                if !view.rows.isEmpty {
                    VStack(spacing: 8) { InfoRowsView(rows: view.rows) }
                        .accessibilityElement(children: .contain)
                        .accessibilityIdentifier("verdictSubject")
                }
                if let paper = view.paper {
                    VStack(alignment: .leading, spacing: 8) {
                        Text(paper.name).font(.headline)
                        InfoRowsView(rows: paper.rows)
                        Text(Texts.key("verdict.disclosed")).font(.subheadline.bold()).padding(.top, 8)
                        InfoRowsView(rows: paper.fields)
                    }
                    .accessibilityElement(children: .contain)
                    .accessibilityIdentifier("disclosedPaper")
                }
                Button(action: scanAgain) {
                    Text(Texts.key("officer.scan_again")).frame(maxWidth: .infinity)
                }
                .buttonStyle(.borderedProminent)
                .accessibilityIdentifier("scanAgain")
            }
            .padding()
        }
    }
}

/// Lịch sử quét: the core's scan log as its HistoryView gives it, newest first (masked ID numbers only).
struct HistoryScreen: View {
    @EnvironmentObject var model: AppModel
    let session: OpenSession
    let officer: OfficerApp
    @State private var view: HistoryView?

    var body: some View {
        NavigationStack {
            List {
                if let broken = view?.broken {
                    Text(broken).foregroundColor(Color(ink: .fake))
                }
                if let empty = view?.empty {
                    Text(empty).foregroundColor(.secondary)
                }
                ForEach(view?.rows ?? [], id: \.seq) { row in
                    VStack(alignment: .leading, spacing: 4) {
                        HStack {
                            Text(row.headline).bold().foregroundColor(Color(ink: row.tone))
                            if row.`repeat` { Image(systemName: "arrow.clockwise") }
                            Spacer()
                            Text(row.time).font(.caption).foregroundColor(.secondary)
                        }
                        if let detail = row.detail { Text(detail).font(.subheadline) }
                        if let paper = row.paper { Text(paper).font(.caption).foregroundColor(.secondary) }
                    }
                    .accessibilityElement(children: .combine)
                    .accessibilityIdentifier("history-\(row.seq)")
                }
            }
            .navigationTitle(Texts.key("officer.history"))
        }
        .onAppear(perform: load)
        .onChange(of: model.revision) { _ in load() }
    }

    private func load() {
        let officer = self.officer
        Background.run(session, { officer.history(locale: Texts.locale) }) { result in
            if case let .success(v) = result { view = v }
        }
    }
}
