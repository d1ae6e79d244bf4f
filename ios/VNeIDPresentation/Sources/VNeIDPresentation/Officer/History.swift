// The scan history screen, from the core's audit log (which holds nothing more personal than
// the masked ID number).
import Foundation
import VneidCore

public struct HistoryRow: Hashable {
    public let seq: Int64
    public let time: UiText
    public let headline: UiText
    public let color: UInt32
    /// The masked ID number of a genuine scan, the reason of a fake one.
    public let detail: UiText?
    public let repeatScan: Bool
    /// Paper type code of a presentation (`gplx`), nil for an identity QR.
    public let paper: String?
}

public struct HistoryState: Hashable {
    /// Newest first.
    public let rows: [HistoryRow]
    public let empty: UiText?
    /// The log was altered: say where.
    public let broken: UiText?
}

public func historyState(_ entries: [AuditEntry], integrity: AuditIntegrity?, zone: TimeZone) -> HistoryState {
    let rows = entries.reversed().map { e -> HistoryRow in
        let detail: UiText?
        if e.genuine {
            detail = e.maskedPersonalId.map { .plain($0) }
        } else if let code = e.reasonCode {
            detail = .key("reason." + code)
        } else {
            detail = nil
        }
        return HistoryRow(
            seq: Int64(e.seq),
            time: .plain(Dates.time(e.time, zone: zone)),
            headline: .key(e.genuine ? Keys.verdictGenuine : Keys.verdictFake),
            color: !e.genuine ? Palette.fake : (e.repeatScan ? Palette.warning : Palette.genuine),
            detail: detail,
            repeatScan: e.repeatScan,
            paper: e.paper
        )
    }
    var broken: UiText?
    if case let .broken(line, _)? = integrity {
        broken = .key(Keys.officerHistoryBroken, args: [Int(line)])
    }
    return HistoryState(rows: rows, empty: rows.isEmpty ? .key(Keys.officerHistoryEmpty) : nil, broken: broken)
}
