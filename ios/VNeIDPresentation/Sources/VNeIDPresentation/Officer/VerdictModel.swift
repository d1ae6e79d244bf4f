// The result screen: "Ứng dụng thật / GENUINE" in green or "Ứng dụng giả / FAKE" in red, why,
// whose app it is, and the disclosed paper fields of a presentation.
import Foundation
import VneidCore

public struct DisclosedPaperModel: Hashable {
    public let name: UiText
    public let rows: [InfoRow]
    /// Only the fields the citizen chose, each checked by the core against the issuer's digest.
    public let fields: [InfoRow]
}

public struct VerdictModel: Hashable {
    public let genuine: Bool
    /// Both languages, big: "Ứng dụng thật / GENUINE".
    public let headline: UiText
    public let color: UInt32
    public let onColor: UInt32
    /// Why it is fake, in plain words.
    public let reason: UiText?
    /// The stable reason code (`token_expired`), for tests and logs.
    public let reasonCode: String?
    /// Name, date of birth, masked ID number, level (an identity QR only), certificate serial,
    /// expiry.
    public let rows: [InfoRow]
    /// "Mã này đã được quét trước đó": a repeat is never shown as a fresh scan.
    public let repeatNotice: UiText?
    public let warnings: [UiText]
    public let paper: DisclosedPaperModel?
    public let haptic: Haptic

    public static func of(_ verdict: Verdict, zone: TimeZone) -> VerdictModel {
        switch verdict {
        case let .genuine(subject, certificateSerial, _, expiresAt, repeatScan, warnings, paper):
            return genuine(subject: subject, serial: certificateSerial, expiresAt: expiresAt,
                           repeatScan: repeatScan, warnings: warnings, paper: paper, zone: zone)
        case let .fake(reason):
            return fake(reason)
        case let .cannotVerify(why):
            return cannotVerify(why)
        }
    }

    /// Neither genuine nor fake: the lists are too old. Its own colour and words.
    private static func cannotVerify(_ why: Unverifiable) -> VerdictModel {
        let detail: String
        switch why {
        case .listsTooOld: detail = "verdict.cannot_verify.lists_too_old"
        }
        return VerdictModel(
            genuine: false,
            headline: .bothLanguages(Keys.verdictCannotVerify),
            color: Palette.warning,
            onColor: Palette.onVerdict,
            reason: .key(detail),
            reasonCode: nil,
            rows: [],
            repeatNotice: nil,
            warnings: [],
            paper: nil,
            haptic: .warn
        )
    }

    public static func reasonKey(_ reason: Reason) -> String { "reason." + VneidCore.reasonCode(reason: reason) }

    public static func warningKey(_ w: TrustWarning) -> String {
        switch w {
        case .trustListStale: return Keys.verdictStaleTrust
        case .revocationListStale: return Keys.verdictStaleRevocation
        }
    }

    private static func fake(_ reason: Reason) -> VerdictModel {
        VerdictModel(
            genuine: false,
            headline: .bothLanguages(Keys.verdictFake),
            color: Palette.fake,
            onColor: Palette.onVerdict,
            reason: .key(reasonKey(reason)),
            reasonCode: VneidCore.reasonCode(reason: reason),
            rows: [],
            repeatNotice: nil,
            warnings: [],
            paper: nil,
            haptic: .reject
        )
    }

    private static func genuine(subject: Subject?, serial: String, expiresAt: Int64, repeatScan: Bool,
                                warnings: [TrustWarning], paper: DisclosedPaper?, zone: TimeZone) -> VerdictModel {
        // An identity QR names its subject (its certificate); a paper presentation carries none:
        // what it shows of its holder is the disclosed fields (see `paperModel`).
        var subjectRows: [InfoRow] = []
        if let s = subject {
            subjectRows = [
                InfoRow(label: .key(Keys.labelFullName), value: .plain(s.fullName)),
                InfoRow(label: .key(Keys.labelDateOfBirth), value: .plain(Dates.isoDate(s.dateOfBirth))),
                InfoRow(label: .key(Keys.labelPersonalId), value: .plain(s.maskedPersonalId)),
                InfoRow(label: .key(Keys.labelLevel), value: .key(levelKey(s.level))),
            ]
        }
        let rows = subjectRows + [
            InfoRow(label: .key(Keys.labelSerial), value: .plain(serial)),
            InfoRow(label: .key(Keys.labelExpiresAt), value: .plain(Dates.time(expiresAt, zone: zone))),
        ]
        let warningTexts: [UiText] = warnings.map { .key(warningKey($0)) }
        return VerdictModel(
            genuine: true,
            headline: .bothLanguages(Keys.verdictGenuine),
            color: Palette.genuine,
            onColor: Palette.onVerdict,
            reason: nil,
            reasonCode: nil,
            rows: rows,
            repeatNotice: repeatScan ? .key(Keys.verdictRepeat) : nil,
            warnings: warningTexts,
            paper: paper.map { paperModel($0, zone: zone) },
            haptic: repeatScan || !warningTexts.isEmpty ? .warn : .confirm
        )
    }

    private static func paperModel(_ p: DisclosedPaper, zone: TimeZone) -> DisclosedPaperModel {
        DisclosedPaperModel(
            name: .bilingual(vi: p.nameVi, en: p.nameEn),
            rows: [
                InfoRow(label: .key(Keys.labelIssuingAgency), value: .bilingual(vi: p.agencyNameVi, en: p.agencyNameEn)),
                InfoRow(label: .key(Keys.labelPaperSerial), value: .plain(p.serial)),
                InfoRow(label: .key(Keys.labelValidFrom), value: .plain(Dates.day(p.validFrom, zone: zone))),
                InfoRow(label: .key(Keys.labelValidUntil), value: .plain(Dates.lastDay(p.validUntil, zone: zone))),
            ],
            // A disclosed personal ID number stays masked on the officer's screen too.
            fields: p.fields.map { InfoRow(label: .bilingual(vi: $0.labelVi, en: $0.labelEn), value: .plain($0.text)) }
        )
    }
}
