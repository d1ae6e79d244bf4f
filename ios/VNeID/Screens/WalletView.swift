// Ví giấy tờ: the papers with their status; one paper with its ID number masked until tapped;
// "Xuất trình giấy tờ" with the field picker; the presentation QR with its countdown.
import SwiftUI
import VneidCore
import VNeIDPresentation

struct WalletView: View {
    @EnvironmentObject var model: AppModel
    let session: Session
    @State private var state: WalletState?

    var body: some View {
        NavigationStack {
            List {
                if let empty = state?.empty {
                    Text(empty.localized).foregroundColor(.secondary)
                }
                ForEach(state?.rows ?? [], id: \.serial) { row in
                    NavigationLink(value: row.serial) {
                        VStack(alignment: .leading, spacing: 4) {
                            Text(row.name.localized).font(.headline)
                            HStack {
                                Text(row.status.localized)
                                    .font(.caption.bold())
                                    .foregroundColor(Color(ink: row.statusColor))
                                Spacer()
                                Text(Texts.key(Keys.labelValidUntil) + " " + row.validUntil.localized)
                                    .font(.caption)
                                    .foregroundColor(.secondary)
                            }
                        }
                    }
                    .accessibilityIdentifier("paper-\(row.typeCode)")
                }
            }
            .navigationTitle(Texts.key(Keys.tabWallet))
            .navigationDestination(for: String.self) { serial in
                PaperDetailView(session: session, serial: serial)
            }
        }
        .onAppear { state = walletState(session.wallet, zone: model.zone) }
    }
}

struct PaperDetailView: View {
    @EnvironmentObject var model: AppModel
    let session: Session
    let serial: String
    @State private var state: PaperDetailState?
    @State private var error: UiText?

    var body: some View {
        List {
            if let state = state {
                Section {
                    HStack {
                        Text(Texts.key(Keys.labelStatus)).foregroundColor(.secondary)
                        Spacer()
                        Text(state.status.localized).bold().foregroundColor(Color(ink: state.statusColor))
                    }
                    InfoRowsView(rows: state.header)
                }
                Section {
                    ForEach(state.fields, id: \.key) { field in
                        VStack(alignment: .leading, spacing: 2) {
                            Text(field.label.localized).font(.caption).foregroundColor(.secondary)
                            Text(field.value).accessibilityIdentifier("field-\(field.key)")
                            if let hint = field.hint {
                                Text(hint.localized).font(.caption2).foregroundColor(.accentColor)
                            }
                        }
                        .contentShape(Rectangle())
                        .onTapGesture { self.state = state.toggle(field.key) }
                    }
                }
                if state.detail.summary.status == .valid,
                   let type = paperTypes().first(where: { $0.code == state.detail.summary.typeCode }) {
                    Section {
                        NavigationLink(Texts.key("wallet.present")) {
                            FieldPickerView(session: session, paper: serial, type: type)
                        }
                        .accessibilityIdentifier("present")
                    }
                }
            } else if let error = error {
                Text(error.localized)
            }
        }
        .navigationTitle(state?.title.localized ?? "")
        .onAppear {
            guard state == nil else { return }
            do {
                state = PaperDetailState(detail: try session.wallet.detail(paper: serial), zone: model.zone)
            } catch {
                self.error = errorText(error)
            }
        }
    }
}

struct FieldPickerView: View {
    let session: Session
    let paper: String
    @State private var picker: FieldPicker

    init(session: Session, paper: String, type: PaperType) {
        self.session = session
        self.paper = paper
        _picker = State(initialValue: FieldPicker(type: type))
    }

    var body: some View {
        List {
            Section(header: Text(Texts.key("wallet.choose_fields"))) {
                ForEach(picker.options, id: \.key) { option in
                    Toggle(option.label.localized, isOn: Binding(
                        get: { option.checked },
                        set: { _ in picker = picker.toggle(option.key) }
                    ))
                    .accessibilityIdentifier("pick-\(option.key)")
                }
            }
            if let hint = picker.hint {
                Text(hint.localized).font(.footnote).foregroundColor(.secondary)
            }
            NavigationLink(Texts.key("wallet.present_qr")) {
                PresentView(session: session, paper: paper, fields: picker.selectedKeys)
            }
            .accessibilityIdentifier("showPresentationQr")
        }
        .navigationTitle(Texts.key("wallet.present"))
    }
}

struct PresentView: View {
    @StateObject private var ticker: Ticking<PresentState>
    @StateObject private var capture = ScreenCaptureMonitor()

    init(session: Session, paper: String, fields: [String]) {
        let controller = PresentController(wallet: session.wallet, citizen: session.citizen, paper: paper, fields: fields)
        _ticker = StateObject(wrappedValue: Ticking(tick: controller.tick, renew: controller.renew))
    }

    var body: some View {
        VStack(spacing: 16) {
            switch ticker.state {
            case nil:
                ProgressView()
            case let .showingQr(_, matrix, countdown)?:
                if ticker.state!.qrVisible(screenCaptured: capture.captured) {
                    CountdownRing(countdown: countdown) {
                        QrCodeView(matrix: matrix, label: Texts.key("wallet.present_qr"), value: countdown.label.localized)
                            .accessibilityIdentifier("presentationQr")
                            .accessibilityHint(Texts.key("home.tap_to_renew"))
                            .accessibilityAction { ticker.renew() }
                            .onTapGesture { ticker.renew() }
                    }
                } else {
                    Text(Texts.key(Keys.homeHiddenCapture)).multilineTextAlignment(.center)
                }
            case let .failed(message)?:
                Text(message.localized).accessibilityIdentifier("presentError")
            }
        }
        .padding()
        .navigationTitle(Texts.key("wallet.present_qr"))
        .onAppear { ticker.start() }
        .onDisappear { ticker.stop() }
        .onChange(of: ticker.state) { _ in capture.refresh() }
        .qrBrightness((ticker.state?.fullBrightness ?? false) && !capture.captured)
    }
}
