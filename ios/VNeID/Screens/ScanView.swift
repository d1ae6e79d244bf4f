// The officer's scanner: camera preview with a frame guide; frames go through the presentation
// package's ScanController (one in flight, the rest dropped) to OfficerApp.scanFrame on a
// background queue; the verdict screen shows GENUINE / FAKE big, with a haptic.
import AVFoundation
import SwiftUI
import UIKit
import VNeIDPresentation

final class ScanModel: ObservableObject {
    @Published private(set) var state: ScanState = .scanning
    private var controller: ScanController?
    private let scanQueue = DispatchQueue(label: "vn.gov.vneid.scan", qos: .userInitiated)

    func start(session: Session, source: FrameSource, zone: TimeZone) {
        guard controller == nil, let officer = session.officer else { return }
        let c = ScanController(officer: officer, executor: scanQueue, zone: zone) { [weak self] state in
            DispatchQueue.main.async {
                self?.state = state
                if case let .result(_, model) = state { Haptics.play(model.haptic) }
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

struct ScanView: View {
    @EnvironmentObject var model: AppModel
    @Environment(\.scenePhase) private var scenePhase
    let session: Session
    @StateObject private var scan = ScanModel()
    @State private var cameraStatus = CameraFrameSource.status
    @State private var cameraUnavailable = false

    private var cameraAllowed: Bool { cameraStatus == .authorized }

    var body: some View {
        NavigationStack {
            Group {
                switch scan.state {
                case .scanning:
                    scanner
                case let .result(_, verdict):
                    VerdictView(model: verdict) { scan.scanAgain() }
                case let .failed(message):
                    VStack(spacing: 16) {
                        Text(message.localized).multilineTextAlignment(.center).accessibilityIdentifier("scanError")
                        Button(Texts.key(Keys.officerScanAgain)) { scan.scanAgain() }
                            .accessibilityIdentifier("scanAgain")
                    }
                    .padding()
                }
            }
            .navigationTitle(Texts.key(Keys.officerScan))
        }
        .onAppear(perform: start)
        .onDisappear { scan.stop() }
        .onChange(of: scenePhase) { phase in
            // Back from Settings: the permission may have been granted there.
            guard phase == .active, model.environment.usesCamera else { return }
            let now = CameraFrameSource.status
            if now != cameraStatus {
                cameraStatus = now
                if cameraAllowed { start() }
            }
        }
    }

    private func start() {
        if model.environment.usesCamera && !cameraAllowed { return }
        if model.environment.usesCamera {
            CameraFrameSource.shared.onUnavailable = { cameraUnavailable = true; scan.stop() }
        }
        scan.start(session: session, source: model.environment.makeFrameSource(), zone: model.zone)
    }

    private func retryCamera() {
        cameraUnavailable = false
        scan.stop()
        start()
    }

    @ViewBuilder
    private var scanner: some View {
        if model.environment.usesCamera && !cameraAllowed {
            VStack(spacing: 16) {
                Text(Texts.key(Keys.officerCameraPermission)).multilineTextAlignment(.center)
                Button(Texts.key(Keys.officerGrantPermission)) {
                    if cameraStatus == .notDetermined {
                        CameraFrameSource.requestAccess { _ in
                            cameraStatus = CameraFrameSource.status
                            if cameraAllowed { start() }
                        }
                    } else if let settings = URL(string: UIApplication.openSettingsURLString) {
                        // Refused (or restricted) before: iOS will not ask again, only Settings can grant it.
                        UIApplication.shared.open(settings)
                    }
                }
                .accessibilityIdentifier("cameraPermission")
            }
            .padding()
        } else if cameraUnavailable {
            VStack(spacing: 16) {
                Text(Texts.key(Keys.errorInternal)).multilineTextAlignment(.center)
                    .accessibilityIdentifier("cameraUnavailable")
                Button(Texts.key("common.retry"), action: retryCamera)
            }
            .padding()
        } else {
            ZStack {
                if model.environment.usesCamera {
                    CameraPreview(session: CameraFrameSource.shared.session).ignoresSafeArea()
                } else {
                    Color.gray.opacity(0.4).accessibilityIdentifier("injectedCamera")
                }
                RoundedRectangle(cornerRadius: 16)
                    .stroke(Color.white, lineWidth: 4)
                    .frame(width: 260, height: 260)
                VStack {
                    Spacer()
                    Text(Texts.key(Keys.officerFrameHint))
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

/// The result: "Ứng dụng thật / GENUINE" on green or "Ứng dụng giả / FAKE" on red, big, then why,
/// whose app, and the disclosed paper fields.
struct VerdictView: View {
    let model: VerdictModel
    let scanAgain: () -> Void
    /// The seal grows with the text size the user chose (Dynamic Type).
    @ScaledMetric(relativeTo: .largeTitle) private var sealSize: CGFloat = 64

    var body: some View {
        ScrollView {
            VStack(alignment: .leading, spacing: 16) {
                VStack(spacing: 8) {
                    Image(systemName: model.genuine ? "checkmark.seal.fill" : "xmark.octagon.fill")
                        .font(.system(size: sealSize))
                        .accessibilityHidden(true)
                    // A text style, not a point size: it follows Dynamic Type up to the
                    // accessibility sizes, and wraps rather than truncates.
                    Text(model.headline.localized)
                        .font(.largeTitle.weight(.heavy))
                        .multilineTextAlignment(.center)
                        .fixedSize(horizontal: false, vertical: true)
                        .accessibilityIdentifier("verdictHeadline")
                    if let reason = model.reason {
                        Text(reason.localized)
                            .font(.title3)
                            .multilineTextAlignment(.center)
                            .accessibilityIdentifier("verdictReason")
                    }
                }
                .frame(maxWidth: .infinity)
                .padding(24)
                .foregroundColor(Color(argb: model.onColor))
                .background(Color(argb: model.color))
                .cornerRadius(16)
                .accessibilityElement(children: .contain)
                .accessibilityIdentifier(model.genuine ? "verdictGenuine" : "verdictFake")

                if let repeatNotice = model.repeatNotice {
                    Text(repeatNotice.localized).bold().foregroundColor(Color(ink: Palette.warning))
                        .accessibilityIdentifier("verdictRepeat")
                }
                ForEach(Array(model.warnings.enumerated()), id: \.offset) { _, warning in
                    Text(warning.localized).foregroundColor(Color(ink: Palette.warning))
                }
                if !model.rows.isEmpty {
                    VStack(spacing: 8) { InfoRowsView(rows: model.rows) }
                        .accessibilityElement(children: .contain)
                        .accessibilityIdentifier("verdictSubject")
                }
                if let paper = model.paper {
                    VStack(alignment: .leading, spacing: 8) {
                        Text(paper.name.localized).font(.headline)
                        InfoRowsView(rows: paper.rows)
                        Text(Texts.key(Keys.verdictDisclosed)).font(.subheadline.bold()).padding(.top, 8)
                        InfoRowsView(rows: paper.fields)
                    }
                    .accessibilityElement(children: .contain)
                    .accessibilityIdentifier("disclosedPaper")
                }
                Button(action: scanAgain) {
                    Text(Texts.key(Keys.officerScanAgain)).frame(maxWidth: .infinity)
                }
                .buttonStyle(.borderedProminent)
                .accessibilityIdentifier("scanAgain")
            }
            .padding()
        }
    }
}

/// Lịch sử quét: the core's audit log, newest first (masked ID numbers only).
struct HistoryView: View {
    @EnvironmentObject var model: AppModel
    let session: Session
    @State private var state: HistoryState?

    var body: some View {
        NavigationStack {
            List {
                if let broken = state?.broken {
                    Text(broken.localized).foregroundColor(Color(ink: Palette.fake))
                }
                if let empty = state?.empty {
                    Text(empty.localized).foregroundColor(.secondary)
                }
                ForEach(state?.rows ?? [], id: \.seq) { row in
                    VStack(alignment: .leading, spacing: 4) {
                        HStack {
                            Text(row.headline.localized).bold().foregroundColor(Color(ink: row.color))
                            if row.repeatScan { Image(systemName: "arrow.clockwise") }
                            Spacer()
                            Text(row.time.localized).font(.caption).foregroundColor(.secondary)
                        }
                        if let detail = row.detail { Text(detail.localized).font(.subheadline) }
                        if let paper = row.paper { Text(paper).font(.caption).foregroundColor(.secondary) }
                    }
                    .accessibilityIdentifier("history-\(row.seq)")
                }
            }
            .navigationTitle(Texts.key(Keys.officerHistory))
        }
        .onAppear {
            guard let officer = session.officer else { return }
            state = historyState(officer.auditEntries(), integrity: session.auditIntegrity, zone: model.zone)
        }
    }
}
