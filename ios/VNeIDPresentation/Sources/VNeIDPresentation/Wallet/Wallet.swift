// Tab Ví giấy tờ: the list with statuses, one paper with its ID number masked until tapped,
// and the field picker that makes a presentation QR.
import Foundation
import VneidCore

/// The status's words and colour.
public func statusKey(_ status: PaperStatus) -> String {
    switch status {
    case .valid: return "paper.status.valid"
    case .notYetValid: return "paper.status.not_yet_valid"
    case .expired: return "paper.status.expired"
    case .revoked: return "paper.status.revoked"
    }
}

public func statusColor(_ status: PaperStatus) -> UInt32 {
    switch status {
    case .valid: return Palette.genuine
    case .notYetValid: return Palette.neutral
    case .expired: return Palette.warning
    case .revoked: return Palette.fake
    }
}

/// One line of the list.
public struct PaperRow: Hashable {
    public let serial: String
    public let typeCode: String
    public let name: UiText
    public let status: UiText
    public let statusColor: UInt32
    /// "Có hiệu lực đến 31/12/2030".
    public let validUntil: UiText
    /// Only a valid paper can be presented.
    public let presentable: Bool
}

public func paperRows(_ papers: [PaperSummary], zone: TimeZone) -> [PaperRow] {
    papers.map { p in
        PaperRow(
            serial: p.serial,
            typeCode: p.typeCode,
            name: .bilingual(vi: p.nameVi, en: p.nameEn),
            status: .key(statusKey(p.status)),
            statusColor: statusColor(p.status),
            validUntil: .plain(Dates.lastDay(p.validUntil, zone: zone)),
            presentable: p.status == .valid
        )
    }
}

/// A field on the detail screen.
public struct FieldRow: Hashable {
    public let key: String
    public let label: UiText
    /// What to show now: masked until the user taps a personal ID number.
    public let value: String
    /// A personal ID number, masked until tapped.
    public let maskable: Bool
    public let revealed: Bool
    /// "Chạm để hiện" / "Chạm để ẩn" under a maskable field.
    public let hint: UiText?
}

/// The detail screen; `toggle` reveals or hides a masked field. Immutable: each tap makes a new state.
public struct PaperDetailState: Hashable {
    public let detail: PaperDetail
    public let revealed: Set<String>
    public let zone: TimeZone

    public init(detail: PaperDetail, revealed: Set<String> = [], zone: TimeZone) {
        self.detail = detail
        self.revealed = revealed
        self.zone = zone
    }

    public var title: UiText { .bilingual(vi: detail.summary.nameVi, en: detail.summary.nameEn) }
    public var status: UiText { .key(statusKey(detail.summary.status)) }
    public var statusColor: UInt32 { VNeIDPresentation.statusColor(detail.summary.status) }

    /// No holder row: a paper is bound to the device, not to an ID number; the ID card's
    /// `number` field shows it (masked).
    public var header: [InfoRow] {
        [
            InfoRow(label: .key(Keys.labelIssuingAgency), value: .bilingual(vi: detail.agencyNameVi, en: detail.agencyNameEn)),
            InfoRow(label: .key(Keys.labelPaperSerial), value: .plain(detail.summary.serial)),
            InfoRow(label: .key(Keys.labelValidFrom), value: .plain(Dates.day(detail.summary.validFrom, zone: zone))),
            InfoRow(label: .key(Keys.labelValidUntil), value: .plain(Dates.lastDay(detail.summary.validUntil, zone: zone))),
        ]
    }

    public var fields: [FieldRow] { detail.fields.map { row($0) } }

    public func toggle(_ key: String) -> PaperDetailState {
        guard let field = detail.fields.first(where: { $0.key == key }), field.personalId else { return self }
        var next = revealed
        if next.contains(key) { next.remove(key) } else { next.insert(key) }
        return PaperDetailState(detail: detail, revealed: next, zone: zone)
    }

    private func row(_ f: FieldView) -> FieldRow {
        let shown = revealed.contains(f.key)
        let hint: UiText?
        if !f.personalId {
            hint = nil
        } else {
            hint = .key(shown ? Keys.walletTapToHide : Keys.walletTapToShow)
        }
        return FieldRow(
            key: f.key,
            label: .bilingual(vi: f.labelVi, en: f.labelEn),
            value: f.personalId && !shown ? f.text : f.revealedText,
            maskable: f.personalId,
            revealed: f.personalId && shown,
            hint: hint
        )
    }
}

/// One choice of the field picker.
public struct FieldOption: Hashable {
    public let key: String
    public let label: UiText
    public let checked: Bool
    public let personalId: Bool
}

/// "Chọn thông tin muốn xuất trình": which fields of the paper the presentation QR discloses.
/// Nothing is chosen at first (disclose no more than asked); the QR then shows type and
/// validity only.
public struct FieldPicker: Hashable {
    public let type: PaperType
    public let chosen: Set<String>

    public init(type: PaperType, chosen: Set<String> = []) {
        self.type = type
        self.chosen = chosen
    }

    public var options: [FieldOption] {
        type.fields.map {
            FieldOption(key: $0.key, label: .bilingual(vi: $0.labelVi, en: $0.labelEn),
                        checked: chosen.contains($0.key), personalId: $0.personalId)
        }
    }

    public func toggle(_ key: String) -> FieldPicker {
        guard type.fields.contains(where: { $0.key == key }) else { return self }
        var next = chosen
        if next.contains(key) { next.remove(key) } else { next.insert(key) }
        return FieldPicker(type: type, chosen: next)
    }

    /// The chosen keys in the paper type's order, as the core takes them.
    public var selectedKeys: [String] { type.fields.map(\.key).filter { chosen.contains($0) } }

    /// Shown while nothing is chosen.
    public var hint: UiText? { chosen.isEmpty ? .key(Keys.walletNoFields) : nil }
}

public enum PresentState: Equatable {
    case showingQr(qr: PresentationQr, matrix: QrMatrix, countdown: Countdown)
    case failed(message: UiText)

    public var secureScreen: Bool {
        if case .showingQr = self { return true }
        return false
    }

    public var fullBrightness: Bool { secureScreen }

    /// Whether to draw the QR now: never while the screen is being captured.
    public func qrVisible(screenCaptured: Bool) -> Bool { secureScreen && !screenCaptured }
}

/// The presentation QR screen: like Trang chủ, remade when its 60 seconds are over.
public final class PresentController {
    private let wallet: WalletProtocol
    private let citizen: CitizenApp
    private let paper: String
    private let fields: [String]
    private let lock = NSLock()
    private var qr: PresentationQr?
    private var matrix: QrMatrix?

    public init(wallet: WalletProtocol, citizen: CitizenApp, paper: String, fields: [String]) {
        self.wallet = wallet
        self.citizen = citizen
        self.paper = paper
        self.fields = fields
    }

    public func tick() -> PresentState {
        lock.lock(); defer { lock.unlock() }
        return tickLocked()
    }

    public func renew() -> PresentState {
        lock.lock(); defer { lock.unlock() }
        qr = nil
        return tickLocked()
    }

    private func tickLocked() -> PresentState {
        let now = citizen.now()
        if let current = qr, let m = matrix, !current.isExpired(now: now) {
            return .showingQr(qr: current, matrix: m, countdown: .of(current, now: now))
        }
        do {
            let fresh = try wallet.present(citizen: citizen, paper: paper, fields: fields)
            let m = try fresh.matrix()
            qr = fresh
            matrix = m
            return .showingQr(qr: fresh, matrix: m, countdown: .of(fresh, now: citizen.now()))
        } catch {
            qr = nil
            return .failed(message: errorText(error))
        }
    }
}

/// The list screen.
public struct WalletState: Hashable {
    public let rows: [PaperRow]
    public let empty: UiText?
}

public func walletState(_ wallet: WalletProtocol, zone: TimeZone) -> WalletState {
    let rows = paperRows(wallet.list(), zone: zone)
    return WalletState(rows: rows, empty: rows.isEmpty ? .key(Keys.walletEmpty) : nil)
}
