//! The officer's scan history, from the keyed audit log (nothing in it more personal than the
//! masked ID number).

use super::{HistoryRow, HistoryView, Locale, Tone};
use crate::audit::{AuditEntry, Integrity};

/// The history of `entries` (oldest first, as the log holds them).
pub fn history(entries: &[AuditEntry], integrity: Option<&Integrity>, l: &Locale) -> HistoryView {
    let rows: Vec<HistoryRow> = entries
        .iter()
        .rev()
        .map(|e| {
            let (key, tone) = match e.verdict.as_str() {
                "genuine" if e.repeat => ("verdict.genuine", Tone::Warning),
                "genuine" => ("verdict.genuine", Tone::Genuine),
                "fake" => ("verdict.fake", Tone::Fake),
                _ => ("verdict.cannot_verify", Tone::Warning),
            };
            let detail = match (&e.reason, &e.masked_id) {
                (Some(r), _) => Some(l.text(&format!("reason.{r}"))),
                (None, Some(m)) if e.verdict == "genuine" => Some(m.clone()),
                _ => None,
            };
            HistoryRow {
                seq: e.seq,
                time: l.time(e.time),
                headline: l.text(key),
                tone,
                detail,
                repeat: e.repeat,
                paper: e.paper.clone(),
            }
        })
        .collect();
    let broken = match integrity {
        Some(Integrity::Broken { line, .. }) => {
            Some(l.text_n("officer.history_broken", *line as i64))
        }
        _ => None,
    };
    HistoryView {
        empty: rows.is_empty().then(|| l.text("officer.history_empty")),
        rows,
        broken,
    }
}
