// Sign-in, enrolment, restore and sign-out: the order of core calls an app makes, in one place,
// with the platform (keystore, secret storage, clock, a private directory) passed in.
import Foundation
import VneidCore

/// Who uses the app: a citizen, or an officer (who is a citizen too, with officer screens).
public enum Role: String, CaseIterable, Hashable {
    case citizen = "CITIZEN"
    case officer = "OFFICER"

    public var key: String { self == .citizen ? Keys.roleCitizen : Keys.roleOfficer }
}

/// The string key of an account level.
public func levelKey(_ level: AssuranceLevel) -> String {
    switch level {
    case .level1: return Keys.level1
    case .level2: return Keys.level2
    }
}

/// What the sign-in screen collects.
public struct SignInForm: Hashable {
    public var fullName: String
    public var dateOfBirth: String
    public var personalId: String
    public var level: AssuranceLevel
    public var role: Role

    public init(fullName: String = "", dateOfBirth: String = "", personalId: String = "",
                level: AssuranceLevel = .level2, role: Role = .citizen) {
        self.fullName = fullName
        self.dateOfBirth = dateOfBirth
        self.personalId = personalId
        self.level = level
        self.role = role
    }

    private static func trimmed(_ s: String) -> String { s.trimmingCharacters(in: .whitespacesAndNewlines) }

    /// Whether the button may be pressed (the core checks the values themselves).
    public var complete: Bool {
        ![fullName, dateOfBirth, personalId].contains { SignInForm.trimmed($0).isEmpty }
    }

    public func account() -> CitizenAccount {
        CitizenAccount(fullName: SignInForm.trimmed(fullName), dateOfBirth: SignInForm.trimmed(dateOfBirth),
                       personalId: SignInForm.trimmed(personalId), level: level)
    }
}

/// What the app implements for the core, and where it keeps its files.
public final class Platform {
    public let keystore: DeviceKeystore
    public let secrets: SecretStorage
    public let clock: VneidCore.Clock
    /// The app's private directory (iOS: Application Support, complete file protection).
    public let dataDir: URL

    public init(keystore: DeviceKeystore, secrets: SecretStorage, clock: VneidCore.Clock, dataDir: URL) {
        self.keystore = keystore
        self.secrets = secrets
        self.clock = clock
        self.dataDir = dataDir
    }
}

/// A signed-in app: the citizen side always, the officer side for an officer account.
public final class Session {
    public let role: Role
    public let citizen: CitizenApp
    public let wallet: Wallet
    public let officer: OfficerApp?
    /// Whether the scan log's hash chain was intact when opened (officer only).
    public let auditIntegrity: AuditIntegrity?

    public init(role: Role, citizen: CitizenApp, wallet: Wallet, officer: OfficerApp?, auditIntegrity: AuditIntegrity?) {
        self.role = role
        self.citizen = citizen
        self.wallet = wallet
        self.officer = officer
        self.auditIntegrity = auditIntegrity
    }
}

/// The result of signing in.
public enum SignInResult {
    case signedIn(Session)
    case refused(UiText)
}

/// Signs in, restores and signs out. Every call may block (keystore, files, the authority's
/// server): call it off the main thread.
public final class SessionManager {
    private let platform: Platform
    private let authority: AuthorityEndpoint

    public init(platform: Platform, authority: AuthorityEndpoint) {
        self.platform = platform
        self.authority = authority
    }

    private var dir: URL { platform.dataDir }
    private var citizenFile: URL { dir.appendingPathComponent("citizen.json") }
    private var sessionFile: URL { dir.appendingPathComponent("session.txt") }
    public var walletFile: URL { dir.appendingPathComponent("wallet.bin") }
    public var auditDir: URL { dir.appendingPathComponent("audit") }
    public var officerTrustDir: URL { dir.appendingPathComponent("officer-trust") }
    private var trustFile: URL { dir.appendingPathComponent("trust-list.cose") }
    private var revocationFile: URL { dir.appendingPathComponent("revocation-list.cose") }

    /// The device key's alias in the platform keystore.
    public static let keyAlias = "vneid-device-key"

    /// Signs in with `form`: makes the citizen app (device key in the keystore), enrols it with
    /// the authority, opens the wallet with the citizen's papers, and for an officer makes the
    /// officer app with the authority's lists and the scan log. The core refuses what it must
    /// (a bad ID number, an officer below level 2); those refusals come back as messages.
    public func signIn(_ form: SignInForm) -> SignInResult {
        guard form.complete else { return .refused(.key(Keys.loginErrorMissing)) }
        do {
            let citizen = try CitizenApp(account: form.account(), keystore: platform.keystore,
                                         keyAlias: SessionManager.keyAlias, clock: platform.clock)
            let officer = form.role == .officer ? try openOfficer(citizen.account()) : nil
            try citizen.enrol(service: authority.enrolment)
            try makeDir()
            // A new sign-in replaces the previous person's papers.
            try? FileManager.default.removeItem(at: walletFile)
            let wallet = try Wallet.openOrCreate(path: walletFile.path, secrets: platform.secrets, clock: platform.clock)
            for paper in try authority.papersFor(citizen) {
                _ = try wallet.addOrReplace(paper: paper)
            }
            // Every role: the wallet shows a revoked paper as revoked from the authority's list.
            let lists = try authority.trustBundle()
            try wallet.updateRevocationList(rootPublicKey: try authority.rootPublicKey(),
                                            revocationList: lists.revocationList)
            try saveLists(lists.trustList, lists.revocationList)
            var integrity: AuditIntegrity?
            if let officer = officer {
                try officer.openTrustStore(directory: officerTrustDir.path)
                try officer.updateTrust(trustList: lists.trustList, revocationList: lists.revocationList)
                integrity = try officer.openAuditLog(directory: auditDir.path, secrets: platform.secrets)
            }
            try save(role: form.role, citizen: citizen)
            return .signedIn(Session(role: form.role, citizen: citizen, wallet: wallet, officer: officer,
                                     auditIntegrity: integrity))
        } catch {
            return .refused(.key(SessionManager.signInErrorKey(error)))
        }
    }

    /// The session saved by the last sign-in, or nil when there is none (show sign-in).
    public func restore() throws -> Session? {
        guard let roleText = try? String(contentsOf: sessionFile, encoding: .utf8),
              let role = Role(rawValue: roleText.trimmingCharacters(in: .whitespacesAndNewlines)),
              let state = try? String(contentsOf: citizenFile, encoding: .utf8)
        else { return nil }
        let citizen = try CitizenApp.restore(savedState: state, keystore: platform.keystore,
                                             keyAlias: SessionManager.keyAlias, clock: platform.clock)
        let wallet = try Wallet.openOrCreate(path: walletFile.path, secrets: platform.secrets, clock: platform.clock)
        if let revocation = try? Data(contentsOf: revocationFile) {
            try wallet.updateRevocationList(rootPublicKey: try authority.rootPublicKey(), revocationList: revocation)
        }
        var officer: OfficerApp?
        var integrity: AuditIntegrity?
        if role == .officer {
            let o = try openOfficer(citizen.account())
            // The core's trust store holds the newest lists it accepted (never older).
            try o.openTrustStore(directory: officerTrustDir.path)
            _ = refreshTrust(o)
            integrity = try o.openAuditLog(directory: auditDir.path, secrets: platform.secrets)
            officer = o
        }
        return Session(role: role, citizen: citizen, wallet: wallet, officer: officer, auditIntegrity: integrity)
    }

    /// Fetches the authority's newest lists and installs them; a list older than the one held
    /// is refused by the core and the held one kept. Returns the refusal, if any.
    @discardableResult
    public func refreshTrust(_ officer: OfficerApp) -> ApiError? {
        do {
            let lists = try authority.trustBundle()
            try officer.updateTrust(trustList: lists.trustList, revocationList: lists.revocationList)
            try saveLists(lists.trustList, lists.revocationList)
            return nil
        } catch let e as ApiError {
            return e
        } catch {
            return .Storage(detail: "saving the lists failed")
        }
    }

    /// Forgets the signed-in person (the scan log stays: it is the device's record).
    public func signOut() {
        for f in [citizenFile, sessionFile, walletFile, trustFile, revocationFile] {
            try? FileManager.default.removeItem(at: f)
        }
    }

    /// Saves the citizen state after a change (the QR setting).
    public func save(role: Role, citizen: CitizenApp) throws {
        try makeDir()
        let state = try citizen.savedState()
        try SessionManager.writeAtomic(citizenFile, Data(state.utf8))
        try SessionManager.writeAtomic(sessionFile, Data(role.rawValue.utf8))
    }

    private func openOfficer(_ account: CitizenAccount) throws -> OfficerApp {
        try OfficerApp(account: OfficerAccount(fullName: account.fullName, level: account.level),
                       rootPublicKey: authority.rootPublicKey(), clock: platform.clock)
    }

    private func saveLists(_ trust: Data, _ revocation: Data) throws {
        try makeDir()
        try SessionManager.writeAtomic(trustFile, trust)
        try SessionManager.writeAtomic(revocationFile, revocation)
    }

    private func makeDir() throws {
        do {
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        } catch {
            throw ApiError.Storage(detail: "could not create the app's directory")
        }
    }

    /// Sign-in wording for the core's refusals.
    public static func signInErrorKey(_ e: Error) -> String {
        switch e as? ApiError {
        case .InvalidInput?: return Keys.loginErrorInvalid
        case .LevelTooLow?: return Keys.loginErrorOfficerLevel
        default: return errorKey(e)
        }
    }

    /// Writes `bytes` to `file` atomically, readable only while the phone is unlocked.
    static func writeAtomic(_ file: URL, _ bytes: Data) throws {
        var options: Data.WritingOptions = [.atomic]
        #if os(iOS)
        options.insert(.completeFileProtection)
        #endif
        do {
            try bytes.write(to: file, options: options)
        } catch {
            throw ApiError.Storage(detail: "could not write \(file.lastPathComponent)")
        }
    }
}
