// Đăng nhập: the personal ID number and the password of the electronic-identity account. The
// account's level and role are the authority's (the certificate says them), not the user's
// choice; enrolment with the authority follows at once (the core's SessionManager).
import SwiftUI

struct LoginScreen: View {
    @EnvironmentObject var model: AppModel
    let busy: Bool
    let error: String?
    @State private var personalId = ""
    // Not kept anywhere but this screen's state.
    @State private var password = ""

    private var complete: Bool { personalId.count == 12 && !password.isEmpty }

    var body: some View {
        NavigationStack {
            Form {
                Section(header: Text(Texts.key("login.subtitle"))) {
                    TextField(Texts.key("login.personal_id"), text: Binding(
                        get: { personalId },
                        set: { personalId = String($0.filter(\.isNumber).prefix(12)) }
                    ))
                    .keyboardType(.numberPad)
                    .textContentType(.username)
                    .accessibilityIdentifier("personalId")
                    SecureField(Texts.key("login.password"), text: $password)
                        .textContentType(.password)
                        .accessibilityIdentifier("password")
                }
                if let error = error {
                    Text(error)
                        .foregroundColor(Color(ink: .fake))
                        .accessibilityIdentifier("signInError")
                }
                Section {
                    if busy {
                        HStack {
                            ProgressView()
                            Text(Texts.key("login.enrolling"))
                        }
                    } else {
                        Button(Texts.key("login.submit")) { model.signIn(personalId: personalId, password: password) }
                            .disabled(!complete)
                            .accessibilityIdentifier("signIn")
                    }
                }
            }
            .navigationTitle(Texts.key("login.title"))
        }
    }
}
