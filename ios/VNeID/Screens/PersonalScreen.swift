// Cá nhân: the account as the core shows it (ID masked), the "Xác minh ứng dụng qua QR code"
// switch (disabled with the reason at level 1: the core's PersonalView), the tab's other items as
// in the seeds' screenshot, sign-out.
import SwiftUI
import VneidCore
import VNeIDPresentation

struct PersonalScreen: View {
    @EnvironmentObject var model: AppModel
    let session: OpenSession
    @State private var view: PersonalView?
    @State private var error: String?
    /// The switch as the user just set it, until the core's view is read again.
    @State private var pending: Bool?

    var body: some View {
        NavigationStack {
            List {
                if let view = view {
                    Section { InfoRowsView(rows: view.rows) }
                    Section {
                        Toggle(view.qrSwitch.label, isOn: Binding(
                            get: { pending ?? view.qrSwitch.checked },
                            set: { on in
                                pending = on
                                model.setQrVerification(on) { error = $0; load() }
                            }
                        ))
                        .disabled(!view.qrSwitch.enabled)
                        .accessibilityIdentifier("qrVerificationSwitch")
                        if let reason = view.qrSwitch.reason {
                            Text(reason)
                                .font(.footnote)
                                .foregroundColor(.secondary)
                                .accessibilityIdentifier("qrVerificationReason")
                        }
                        if let error = error {
                            Text(error)
                                .font(.footnote)
                                .foregroundColor(Color(ink: .fake))
                                .accessibilityIdentifier("personalError")
                        }
                    }
                }
                Section {
                    // Not part of this app's job: shown as in VNeID, inactive.
                    ForEach(["personal.biometric", "personal.change_password", "personal.change_passcode",
                             "personal.devices", "personal.terms"], id: \.self) { key in
                        Text(Texts.key(key)).foregroundColor(.secondary)
                    }
                }
                Section {
                    Button(Texts.key("personal.sign_out"), role: .destructive) { model.signOut() }
                        .accessibilityIdentifier("signOut")
                }
            }
            .navigationTitle(Texts.key("tab.personal"))
        }
        .onAppear(perform: load)
        .onChange(of: model.revision) { _ in load() }
    }

    private func load() {
        let citizen = session.citizen
        Background.run(session, { citizen.personalView(locale: Texts.locale) }) { result in
            if case let .success(v) = result { view = v }
            pending = nil
        }
    }
}
