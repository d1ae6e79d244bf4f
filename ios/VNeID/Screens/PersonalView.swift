// Cá nhân: the account, the "Xác minh ứng dụng qua QR code" switch (disabled at level 1 with
// the reason; the core decides), the other items of the seeds' screenshot, sign-out.
import SwiftUI
import VNeIDPresentation

struct PersonalView: View {
    @EnvironmentObject var model: AppModel
    let session: Session
    @State private var state: PersonalState?

    private var controller: PersonalController {
        let app = model
        return PersonalController(citizen: session.citizen) { app.citizenChanged() }
    }

    var body: some View {
        NavigationStack {
            List {
                if let state = state {
                    Section { InfoRowsView(rows: state.rows) }
                    Section {
                        Toggle(state.qrSwitch.label.localized, isOn: Binding(
                            get: { state.qrSwitch.checked },
                            set: { self.state = controller.setQrVerification($0) }
                        ))
                        .disabled(!state.qrSwitch.enabled)
                        .accessibilityIdentifier("qrVerificationSwitch")
                        if let reason = state.qrSwitch.reason {
                            Text(reason.localized)
                                .font(.footnote)
                                .foregroundColor(.secondary)
                                .accessibilityIdentifier("qrVerificationReason")
                        }
                        if let error = state.error {
                            Text(error.localized)
                                .font(.footnote)
                                .foregroundColor(Color(ink: Palette.fake))
                                .accessibilityIdentifier("personalError")
                        }
                    }
                }
                Section {
                    ForEach(["personal.biometric", "personal.change_password", "personal.change_passcode",
                             "personal.devices", "personal.terms"], id: \.self) { key in
                        Text(Texts.key(key))
                    }
                }
                Section {
                    Button(Texts.key("personal.sign_out"), role: .destructive) { model.signOut() }
                        .accessibilityIdentifier("signOut")
                }
            }
            .navigationTitle(Texts.key(Keys.tabPersonal))
        }
        .onAppear { state = controller.state() }
        .onChange(of: model.revision) { _ in state = controller.state() }
    }
}
