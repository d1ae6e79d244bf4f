import Foundation

/// Keys of the one string table, `core/src/strings.tsv` (Vietnamese first, English second).
/// `scripts/gen-strings.py` writes them into `Localizable.strings` (iOS) and `strings.xml`
/// (Android); the presentation logic names keys only, and the app looks them up.
public enum StringKey {
    public static let appName = "app.name"
    public static let tabPersonal = "tab.personal"
    public static let tabHome = "tab.home"
    public static let tabWallet = "tab.wallet"

    public static let settingQrVerification = "setting.qr_verification"
    public static let settingQrVerificationLevel1 = "setting.qr_verification.level1"
    public static let settingNeedsEnrolment = "setting.qr_verification.needs_enrolment"

    public static let homeIdentityQr = "home.identity_qr"
    public static let homeValidFor = "home.valid_for"
    /// Has one `%d`: the seconds left.
    public static let homeSecondsLeft = "home.seconds_left"
    public static let homeExpired = "home.expired"
    public static let homeSettingOff = "home.setting_off"
    public static let homeRenew = "home.renew"
    public static let homeHiddenWhileCaptured = "home.hidden_capture"

    public static let officerScan = "officer.scan"
    public static let officerHistory = "officer.history"
    public static let officerFrameHint = "officer.frame_hint"
    public static let officerCameraDenied = "officer.camera_denied"
    public static let officerNoTrustList = "officer.no_trust_list"
    public static let officerUpdateLists = "officer.update_lists"
    public static let officerScanAgain = "officer.scan_again"
    public static let historyEmpty = "history.empty"
    public static let historyLogBroken = "history.log_broken"

    public static let verdictGenuine = "verdict.genuine"
    public static let verdictFake = "verdict.fake"
    public static let verdictRepeat = "verdict.repeat"
    public static let verdictStaleTrust = "verdict.stale_trust"
    public static let verdictStaleRevocation = "verdict.stale_revocation"
    public static let verdictDisclosedFields = "verdict.disclosed_fields"

    public static let labelFullName = "label.full_name"
    public static let labelDateOfBirth = "label.date_of_birth"
    public static let labelPersonalId = "label.personal_id"
    public static let labelLevel = "label.level"
    public static let labelSerial = "label.serial"
    public static let labelExpiresAt = "label.expires_at"
    public static let labelPaper = "label.paper"
    public static let labelPaperSerial = "label.paper_serial"
    public static let labelIssuingAgency = "label.issuing_agency"
    public static let labelValidFrom = "label.valid_from"
    public static let labelValidUntil = "label.valid_until"
    public static let labelStatus = "label.status"
    public static let labelHolder = "label.holder"

    public static let paperStatusValid = "paper.status.valid"
    public static let paperStatusNotYetValid = "paper.status.not_yet_valid"
    public static let paperStatusExpired = "paper.status.expired"
    public static let paperStatusRevoked = "paper.status.revoked"

    public static let walletEmpty = "wallet.empty"
    public static let walletPresent = "wallet.present"
    public static let walletChooseFields = "wallet.choose_fields"
    public static let walletTapToReveal = "wallet.tap_to_reveal"
    public static let walletTapToHide = "wallet.tap_to_hide"
    public static let walletShowQr = "wallet.show_qr"
    public static let walletNoFields = "wallet.no_fields"
    public static let walletAddSamples = "wallet.add_samples"

    public static let accountTitle = "account.title"
    public static let accountSignIn = "account.sign_in"
    public static let accountSignOut = "account.sign_out"
    public static let accountRoleCitizen = "account.role_citizen"
    public static let accountRoleOfficer = "account.role_officer"
    public static let accountLevel1 = "account.level1"
    public static let accountLevel2 = "account.level2"
    public static let accountEnrol = "account.enrol"
    public static let accountEnrolled = "account.enrolled"
    public static let accountNotEnrolled = "account.not_enrolled"
    public static let accountInvalid = "account.invalid"
    public static let accountOfficerNeedsLevel2 = "account.officer_needs_level2"

    public static let errorGeneric = "error.generic"
    public static let errorKeystore = "error.keystore"
    public static let errorStorage = "error.storage"
    public static let errorCorrupt = "error.corrupt"
    public static let errorNetwork = "error.network"

    /// The key of a verdict reason's plain words, from the core's stable reason code
    /// (`token_expired` → `reason.token_expired`).
    public static func reason(code: String) -> String { "reason." + code }

    /// The key of an account level's name.
    public static func level(_ level: Int) -> String { level >= 2 ? accountLevel2 : accountLevel1 }

    /// Every key the presentation logic and the app name (the tests check each is in the
    /// table, in both languages), the reasons excepted: those come from the core's codes.
    public static let all: [String] = [
        appName, tabPersonal, tabHome, tabWallet,
        settingQrVerification, settingQrVerificationLevel1, settingNeedsEnrolment,
        homeIdentityQr, homeValidFor, homeSecondsLeft, homeExpired, homeSettingOff, homeRenew,
        homeHiddenWhileCaptured,
        officerScan, officerHistory, officerFrameHint, officerCameraDenied, officerNoTrustList,
        officerUpdateLists, officerScanAgain, historyEmpty, historyLogBroken,
        verdictGenuine, verdictFake, verdictRepeat, verdictStaleTrust, verdictStaleRevocation,
        verdictDisclosedFields,
        labelFullName, labelDateOfBirth, labelPersonalId, labelLevel, labelSerial, labelExpiresAt,
        labelPaper, labelPaperSerial, labelIssuingAgency, labelValidFrom, labelValidUntil,
        labelStatus, labelHolder,
        paperStatusValid, paperStatusNotYetValid, paperStatusExpired, paperStatusRevoked,
        walletEmpty, walletPresent, walletChooseFields, walletTapToReveal, walletTapToHide,
        walletShowQr, walletNoFields, walletAddSamples,
        accountTitle, accountSignIn, accountSignOut, accountRoleCitizen, accountRoleOfficer,
        accountLevel1, accountLevel2, accountEnrol, accountEnrolled, accountNotEnrolled,
        accountInvalid, accountOfficerNeedsLevel2,
        errorGeneric, errorKeystore, errorStorage, errorCorrupt, errorNetwork,
    ]
}
