// Đăng nhập: the electronic-identity account (level 1 or 2), citizen or officer. Enrolment
// goes through the one AuthorityEndpoint (the local authority now, a server later).
import SwiftUI
import VneidCore
import VNeIDPresentation

struct LoginView: View {
    @EnvironmentObject var model: AppModel
    @State private var form = SignInForm()

    var body: some View {
        NavigationStack {
            Form {
                Section(header: Text(Texts.key("login.subtitle"))) {
                    TextField(Texts.key(Keys.labelFullName), text: $form.fullName)
                        .textContentType(.name)
                        .accessibilityIdentifier("fullName")
                    TextField(Texts.key(Keys.labelDateOfBirth), text: $form.dateOfBirth,
                              prompt: Text(Texts.key("login.date_hint")))
                        .keyboardType(.numbersAndPunctuation)
                        .accessibilityIdentifier("dateOfBirth")
                    TextField(Texts.key(Keys.labelPersonalId), text: $form.personalId)
                        .keyboardType(.numberPad)
                        .accessibilityIdentifier("personalId")
                    Picker(Texts.key(Keys.labelLevel), selection: $form.level) {
                        Text(Texts.key(Keys.level1)).tag(AssuranceLevel.level1)
                        Text(Texts.key(Keys.level2)).tag(AssuranceLevel.level2)
                    }
                    .pickerStyle(.segmented)
                    .accessibilityIdentifier("level")
                    Picker(Texts.key("login.role"), selection: $form.role) {
                        ForEach(VNeIDPresentation.Role.allCases, id: \.self) { role in
                            Text(Texts.key(role.key)).tag(role)
                        }
                    }
                    .pickerStyle(.segmented)
                    .accessibilityIdentifier("role")
                }
                if let error = model.signInError {
                    Text(error.localized)
                        .foregroundColor(Color(ink: Palette.fake))
                        .accessibilityIdentifier("signInError")
                }
                Section {
                    if model.busy {
                        HStack {
                            ProgressView()
                            Text(Texts.key("login.enrolling"))
                        }
                    } else {
                        Button(Texts.key("login.submit")) { model.signIn(form) }
                            .disabled(!form.complete)
                            .accessibilityIdentifier("signIn")
                    }
                }
            }
            .navigationTitle(Texts.key(Keys.loginTitle))
        }
    }
}
