// The scan history screen, from the core's audit log (which holds nothing more personal than
// the masked ID number).
package vn.gov.vneid.presentation.officer

import java.time.ZoneId
import vn.gov.vneid.core.AuditEntry
import vn.gov.vneid.core.AuditIntegrity
import vn.gov.vneid.presentation.Keys
import vn.gov.vneid.presentation.Palette
import vn.gov.vneid.presentation.UiText

data class HistoryRow(
    val seq: Long,
    val time: UiText,
    val headline: UiText,
    val color: Long,
    /** The masked ID number of a genuine scan, the reason of a fake one. */
    val detail: UiText?,
    val repeat: Boolean,
    /** Paper type code of a presentation (`gplx`), null for an identity QR. */
    val paper: String?,
)

data class HistoryState(
    /** Newest first. */
    val rows: List<HistoryRow>,
    val empty: UiText?,
    /** The log was altered: say where. */
    val broken: UiText?,
)

fun historyState(entries: List<AuditEntry>, integrity: AuditIntegrity?, zone: ZoneId): HistoryState {
    val rows = entries.asReversed().map { e ->
        HistoryRow(
            seq = e.seq.toLong(),
            time = UiText.Plain(vn.gov.vneid.presentation.Dates.time(e.time, zone)),
            headline = UiText.Key(if (e.genuine) Keys.VERDICT_GENUINE else Keys.VERDICT_FAKE),
            color = if (!e.genuine) Palette.FAKE else if (e.repeatScan) Palette.WARNING else Palette.GENUINE,
            detail = when {
                e.genuine -> e.maskedPersonalId?.let { UiText.Plain(it) }
                e.reasonCode != null -> UiText.Key("reason.${e.reasonCode}")
                else -> null
            },
            repeat = e.repeatScan,
            paper = e.paper,
        )
    }
    val broken = (integrity as? AuditIntegrity.Broken)?.let { UiText.Key(Keys.OFFICER_HISTORY_BROKEN, listOf(it.line.toInt())) }
    return HistoryState(rows, if (rows.isEmpty()) UiText.Key(Keys.OFFICER_HISTORY_EMPTY) else null, broken)
}
