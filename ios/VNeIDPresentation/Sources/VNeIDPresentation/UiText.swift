// Words on screen as the presentation layer hands them to a screen: a key of the one string
// table (core/src/strings.tsv, generated into Localizable.strings), a pair of Vietnamese and
// English texts that arrive as data (paper labels), or plain data (a name, a date).
import Foundation
import VneidCore

/// Text for a screen. The app resolves `.key` from its `Localizable.strings` (same table).
public enum UiText: Hashable {
    /// A key of the string table (`verdict.genuine`), with arguments for its `%d`.
    case key(String, args: [Int] = [])
    /// Both languages of a key side by side, "Ứng dụng thật / GENUINE" (the verdict headline).
    case bothLanguages(String)
    /// A text that arrives in both languages as data (paper names, field labels).
    case bilingual(vi: String, en: String)
    /// Data shown as it is (a name, a date, a masked ID number).
    case plain(String)

    /// Resolves against the core's string table: what the tests use. The app resolves keys
    /// with `Bundle.localizedString` instead (see `UiText.localized` in the app).
    public func resolve(_ lang: Lang) -> String {
        switch self {
        case let .key(key, args):
            return UiText.format(VneidCore.text(key: key, lang: lang), args)
        case let .bothLanguages(key):
            return VneidCore.text(key: key, lang: .vi) + " / " + VneidCore.text(key: key, lang: .en)
        case let .bilingual(vi, en):
            return lang == .vi ? vi : en
        case let .plain(text):
            return text
        }
    }

    /// Fills a table text's `%d` with `args`.
    public static func format(_ template: String, _ args: [Int]) -> String {
        if args.isEmpty { return template }
        return String(format: template, arguments: args.map { Int32(truncatingIfNeeded: $0) as CVarArg })
    }
}

/// The string keys the presentation layer hands out; each is a row of core/src/strings.tsv.
public enum Keys {
    public static let tabPersonal = "tab.personal"
    public static let tabHome = "tab.home"
    public static let tabWallet = "tab.wallet"
    public static let officerScan = "officer.scan"
    public static let officerHistory = "officer.history"
    public static let officerScanAgain = "officer.scan_again"
    public static let officerHistoryEmpty = "officer.history_empty"
    public static let officerHistoryBroken = "officer.history_broken"
    public static let officerFrameHint = "officer.frame_hint"
    public static let officerCameraPermission = "officer.camera_permission"
    public static let officerGrantPermission = "officer.grant_permission"
    public static let loginTitle = "login.title"

    public static let settingQr = "setting.qr_verification"
    public static let settingQrLevel1 = "setting.qr_verification.level1"
    public static let settingQrNeedsEnrolment = "setting.qr_verification.needs_enrolment"

    public static let homeSecondsLeft = "home.seconds_left"
    public static let homeExpired = "home.expired"
    public static let homeSettingOff = "home.setting_off"
    /// iOS: the QR is hidden while the screen is recorded or mirrored (Android uses FLAG_SECURE).
    public static let homeHiddenCapture = "home.hidden_capture"

    public static let verdictGenuine = "verdict.genuine"
    public static let verdictFake = "verdict.fake"
    public static let verdictCannotVerify = "verdict.cannot_verify"
    public static let verdictRepeat = "verdict.repeat"
    public static let verdictStaleTrust = "verdict.stale_trust"
    public static let verdictStaleRevocation = "verdict.stale_revocation"
    public static let verdictDisclosed = "verdict.disclosed"

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
    public static let labelScannedAt = "label.scanned_at"

    public static let level1 = "level.1"
    public static let level2 = "level.2"
    public static let roleCitizen = "role.citizen"
    public static let roleOfficer = "role.officer"

    public static let walletEmpty = "wallet.empty"
    public static let walletTapToShow = "wallet.tap_to_show"
    public static let walletTapToHide = "wallet.tap_to_hide"
    public static let walletNoFields = "wallet.no_fields"

    public static let loginErrorMissing = "login.error.missing"
    public static let loginErrorInvalid = "login.error.invalid"
    public static let loginErrorOfficerLevel = "login.error.officer_level"

    public static let errorNetwork = "error.network"
    public static let errorKeystore = "error.keystore"
    public static let errorStorage = "error.storage"
    public static let errorCorrupt = "error.corrupt"
    public static let errorNoTrustList = "error.no_trust_list"
    public static let errorNotEnrolled = "error.not_enrolled"
    public static let errorListRefused = "error.list_refused"
    public static let errorInvalidInput = "error.invalid_input"
    public static let errorNotFound = "error.not_found"
    public static let errorInternal = "error.internal"

    /// Every constant above, for the test that checks each is in the table.
    public static let all: [String] = [
        tabPersonal, tabHome, tabWallet, officerScan, officerHistory, officerScanAgain,
        officerHistoryEmpty, officerHistoryBroken, officerFrameHint, officerCameraPermission,
        officerGrantPermission, loginTitle,
        settingQr, settingQrLevel1, settingQrNeedsEnrolment,
        homeSecondsLeft, homeExpired, homeSettingOff, homeHiddenCapture,
        verdictGenuine, verdictFake, verdictCannotVerify, verdictRepeat, verdictStaleTrust, verdictStaleRevocation,
        verdictDisclosed,
        labelFullName, labelDateOfBirth, labelPersonalId, labelLevel, labelSerial, labelExpiresAt,
        labelPaper, labelPaperSerial, labelIssuingAgency, labelValidFrom, labelValidUntil,
        labelStatus, labelHolder, labelScannedAt,
        level1, level2, roleCitizen, roleOfficer,
        walletEmpty, walletTapToShow, walletTapToHide, walletNoFields,
        loginErrorMissing, loginErrorInvalid, loginErrorOfficerLevel,
        errorNetwork, errorKeystore, errorStorage, errorCorrupt, errorNoTrustList,
        errorNotEnrolled, errorListRefused, errorInvalidInput, errorNotFound, errorInternal,
    ]
}
