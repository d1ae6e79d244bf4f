// Ví giấy tờ: the papers with their status (the core's PaperRow: only valid papers are offered
// for presentation); one paper with its ID number masked until tapped (PaperDetailView);
// "Xuất trình giấy tờ" with the field picker (FieldPicker: nothing chosen at first); the
// presentation QR with its countdown (QrScreenModel.presentation).
import SwiftUI
import VneidCore
import VNeIDPresentation

struct WalletScreen: View {
    @EnvironmentObject var model: AppModel
    let session: OpenSession
    @State private var rows: [PaperRow]?

    var body: some View {
        NavigationStack {
            List {
                if rows?.isEmpty == true {
                    Text(Texts.key("wallet.empty")).foregroundColor(.secondary)
                }
                ForEach(rows ?? [], id: \.serial) { row in
                    NavigationLink(value: row) {
                        VStack(alignment: .leading, spacing: 4) {
                            Text(row.name).font(.headline)
                            HStack {
                                Text(row.status)
                                    .font(.caption.bold())
                                    .foregroundColor(Color(ink: row.statusTone))
                                Spacer()
                                Text(row.validUntil).font(.caption).foregroundColor(.secondary)
                            }
                        }
                    }
                    .accessibilityIdentifier("paper-\(row.typeCode)")
                }
            }
            .navigationTitle(Texts.key("tab.wallet"))
            .navigationDestination(for: PaperRow.self) { row in
                PaperDetailScreen(session: session, serial: row.serial, typeCode: row.typeCode)
            }
        }
        .onAppear(perform: load)
        .onChange(of: model.revision) { _ in load() }
    }

    private func load() {
        let wallet = session.wallet
        Background.run(session, { wallet.rows(locale: Texts.locale) }) { result in
            if case let .success(r) = result { rows = r }
        }
    }
}

struct PaperDetailScreen: View {
    @EnvironmentObject var model: AppModel
    let session: OpenSession
    let serial: String
    let typeCode: String
    @State private var view: PaperDetailView?
    @State private var error: String?
    /// The ID-number fields shown in full (tapped).
    @State private var revealed: [String] = []

    var body: some View {
        List {
            if let view = view {
                Section {
                    HStack {
                        Text(Texts.key("label.status")).foregroundColor(.secondary)
                        Spacer()
                        Text(view.status).bold().foregroundColor(Color(ink: view.statusTone))
                    }
                    InfoRowsView(rows: view.header)
                }
                Section {
                    ForEach(view.fields, id: \.key) { field in
                        VStack(alignment: .leading, spacing: 2) {
                            Text(field.label).font(.caption).foregroundColor(.secondary)
                            Text(field.value).accessibilityIdentifier("field-\(field.key)")
                            if let hint = field.hint {
                                Text(hint).font(.caption2).foregroundColor(.accentColor)
                            }
                        }
                        .contentShape(Rectangle())
                        .onTapGesture { if field.maskable { toggle(field.key) } }
                    }
                }
                if view.presentable {
                    Section {
                        NavigationLink(Texts.key("wallet.present")) {
                            FieldPickerScreen(session: session, serial: serial, typeCode: typeCode)
                        }
                        .accessibilityIdentifier("present")
                    }
                }
            } else if let error = error {
                Text(error)
            }
        }
        .navigationTitle(view?.title ?? "")
        .onAppear(perform: load)
        .onChange(of: model.revision) { _ in load() }
    }

    private func toggle(_ key: String) {
        if let i = revealed.firstIndex(of: key) { revealed.remove(at: i) } else { revealed.append(key) }
        load()
    }

    private func load() {
        let wallet = session.wallet, serial = self.serial, revealed = self.revealed
        Background.run(session, { try wallet.detailView(paper: serial, revealed: revealed, locale: Texts.locale) }) { result in
            switch result {
            case let .success(v): view = v
            case let .failure(e): error = Background.words(e)
            }
        }
    }
}

struct FieldPickerScreen: View {
    let session: OpenSession
    let serial: String
    let typeCode: String
    /// Nothing chosen at first: disclose no more than asked.
    @State private var chosen: [String] = []

    var body: some View {
        let picker = fieldPicker(typeCode: typeCode, chosen: chosen, locale: Texts.locale)
        List {
            Section(header: Text(Texts.key("wallet.choose_fields"))) {
                ForEach(picker.choices, id: \.key) { choice in
                    Toggle(choice.label, isOn: Binding(
                        get: { choice.checked },
                        set: { _ in chosen = fieldPickerToggle(typeCode: typeCode, chosen: chosen, key: choice.key) }
                    ))
                    .accessibilityIdentifier("pick-\(choice.key)")
                }
            }
            if let hint = picker.hint {
                Text(hint).font(.footnote).foregroundColor(.secondary)
            }
            NavigationLink(Texts.key("wallet.present_qr")) {
                PresentScreen(session: session, serial: serial, fields: picker.selected)
            }
            .accessibilityIdentifier("showPresentationQr")
        }
        .navigationTitle(Texts.key("wallet.present"))
    }
}

struct PresentScreen: View {
    @StateObject private var ticker: QrTicker
    @StateObject private var capture = ScreenCaptureMonitor()

    init(session: OpenSession, serial: String, fields: [String]) {
        _ticker = StateObject(wrappedValue: QrTicker(session: session, model: QrScreenModel.presentation(
            citizen: session.citizen, wallet: session.wallet, paper: serial, fields: fields)))
    }

    var body: some View {
        VStack(spacing: 16) {
            QrScreenBody(ticker: ticker, capture: capture, label: Texts.key("wallet.present_qr"), identifier: "presentationQr")
        }
        .padding()
        .navigationTitle(Texts.key("wallet.present_qr"))
        .modifier(QrScreenLifecycle(ticker: ticker, capture: capture))
    }
}
