//! Tab Ví giấy tờ: the list with statuses, a paper's detail with its ID numbers masked until
//! tapped, the field picker, and which papers may be presented at all.

use super::{FieldChoice, FieldPicker, FieldRow, Locale, PaperDetailView, PaperRow, Row, Tone};
use crate::paper::{paper_type, PaperStatus};
use crate::wallet::{PaperDetail, PaperSummary};

/// Whether the app offers "present" for a paper: only a valid one. An expired, revoked or not
/// yet valid paper would be fake at the officer's; offering it would only waste the queue.
pub fn is_presentable(status: PaperStatus) -> bool {
    status == PaperStatus::Valid
}

fn status_tone(s: PaperStatus) -> Tone {
    match s {
        PaperStatus::Valid => Tone::Genuine,
        PaperStatus::NotYetValid => Tone::Neutral,
        PaperStatus::Expired => Tone::Warning,
        PaperStatus::Revoked => Tone::Fake,
    }
}

/// The list's lines (the wallet gives them by type, then serial).
pub fn paper_rows(papers: &[PaperSummary], l: &Locale) -> Vec<PaperRow> {
    papers
        .iter()
        .map(|p| PaperRow {
            serial: p.serial.to_string(),
            type_code: p.type_code.clone(),
            name: l.pick(&p.name_vi, &p.name_en).to_owned(),
            status: l.text(&p.status.string_key()),
            status_tone: status_tone(p.status),
            valid_until: l.last_day(p.valid_until),
            presentable: is_presentable(p.status),
        })
        .collect()
}

/// The detail screen of `d`, with the ID-number fields in `revealed` shown in full.
pub fn paper_detail(d: &PaperDetail, revealed: &[String], l: &Locale) -> PaperDetailView {
    let s = &d.summary;
    PaperDetailView {
        title: l.pick(&s.name_vi, &s.name_en).to_owned(),
        status: l.text(&s.status.string_key()),
        status_tone: status_tone(s.status),
        header: vec![
            Row::new(
                l.text("label.issuing_agency"),
                l.pick(&d.agency_name_vi, &d.agency_name_en),
            ),
            Row::new(l.text("label.paper_serial"), s.serial.to_string()),
            Row::new(l.text("label.valid_from"), l.day(s.valid_from)),
            Row::new(l.text("label.valid_until"), l.last_day(s.valid_until)),
        ],
        fields: d
            .fields
            .iter()
            .map(|f| {
                let shown = f.personal_id && revealed.contains(&f.key);
                FieldRow {
                    key: f.key.clone(),
                    label: l.pick(&f.label_vi, &f.label_en).to_owned(),
                    value: if shown {
                        f.revealed_text.clone()
                    } else {
                        f.text.clone()
                    },
                    maskable: f.personal_id,
                    revealed: shown,
                    hint: f.personal_id.then(|| {
                        l.text(if shown {
                            "wallet.tap_to_hide"
                        } else {
                            "wallet.tap_to_show"
                        })
                    }),
                }
            })
            .collect(),
        presentable: is_presentable(s.status),
    }
}

impl FieldPicker {
    /// The picker for paper type `type_code` with `chosen` ticked (unknown keys ignored); an
    /// unknown type has no choices.
    pub fn of(type_code: &str, chosen: &[String], l: &Locale) -> Self {
        let fields = paper_type(type_code).map_or(&[][..], |t| t.fields);
        let is_chosen = |k: &str| chosen.iter().any(|c| c == k);
        let choices: Vec<FieldChoice> = fields
            .iter()
            .map(|f| FieldChoice {
                key: f.key.to_owned(),
                label: l.pick(f.label_vi, f.label_en).to_owned(),
                checked: is_chosen(f.key),
                personal_id: f.personal_id,
            })
            .collect();
        let selected: Vec<String> = choices
            .iter()
            .filter(|c| c.checked)
            .map(|c| c.key.clone())
            .collect();
        FieldPicker {
            hint: selected.is_empty().then(|| l.text("wallet.no_fields")),
            choices,
            selected,
        }
    }

    /// `chosen` with `key` flipped (a key the type lacks changes nothing).
    pub fn toggle(type_code: &str, chosen: &[String], key: &str) -> Vec<String> {
        let known = paper_type(type_code).is_some_and(|t| t.field(key).is_some());
        let mut out: Vec<String> = chosen.iter().filter(|c| *c != key).cloned().collect();
        if known && !chosen.iter().any(|c| c == key) {
            out.push(key.to_owned());
        }
        out
    }
}
