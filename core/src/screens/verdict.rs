//! The officer's result screen: "Ứng dụng thật / GENUINE" or "Ứng dụng giả / FAKE" or
//! "KHÔNG THỂ XÁC MINH / CANNOT VERIFY", why, whose app it is, and a presentation's fields.

use super::{DisclosedPaperView, Haptic, Locale, Row, Tone, VerdictKind, VerdictView};
use crate::paper::FieldView;
use crate::strings;
use crate::trust::TrustWarning;
use crate::verdict::{DisclosedPaper, Genuine, Verdict};

fn warning_key(w: TrustWarning) -> &'static str {
    match w {
        TrustWarning::TrustListStale => "verdict.stale_trust",
        TrustWarning::RevocationListStale => "verdict.stale_revocation",
    }
}

fn field_row(f: &FieldView, l: &Locale) -> Row {
    // `text` is the masked form of an ID number: never the full number on this screen.
    Row::new(l.pick(&f.label_vi, &f.label_en), f.text.clone())
}

fn paper(p: &DisclosedPaper, l: &Locale) -> DisclosedPaperView {
    DisclosedPaperView {
        name: l.pick(&p.name_vi, &p.name_en).to_owned(),
        rows: vec![
            Row::new(
                l.text("label.issuing_agency"),
                l.pick(&p.agency_name_vi, &p.agency_name_en),
            ),
            Row::new(l.text("label.paper_serial"), p.serial.to_string()),
            Row::new(l.text("label.valid_from"), l.day(p.valid_from)),
            Row::new(l.text("label.valid_until"), l.last_day(p.valid_until)),
        ],
        fields: p.fields.iter().map(|f| field_row(f, l)).collect(),
    }
}

fn genuine(g: &Genuine, l: &Locale) -> VerdictView {
    let mut rows = Vec::new();
    if let Some(s) = &g.subject {
        rows.push(Row::new(
            l.text("label.full_name"),
            s.identity.full_name.clone(),
        ));
        rows.push(Row::new(
            l.text("label.date_of_birth"),
            l.date(s.identity.date_of_birth),
        ));
        rows.push(Row::new(
            l.text("label.personal_id"),
            s.identity.masked_id.to_string(),
        ));
        rows.push(Row::new(
            l.text("label.level"),
            l.text(&format!("level.{}", s.level.number())),
        ));
    }
    rows.push(Row::new(
        l.text("label.serial"),
        g.certificate_serial.to_string(),
    ));
    rows.push(Row::new(l.text("label.expires_at"), l.time(g.expires_at)));
    let warnings: Vec<String> = g.warnings.iter().map(|w| l.text(warning_key(*w))).collect();
    let repeat = g.repeat.then(|| l.text("verdict.repeat"));
    let headline = strings::both("verdict.genuine");
    let mut announcement = l.text("verdict.genuine");
    if let Some(r) = &repeat {
        announcement = format!("{announcement}. {r}");
    }
    for w in &warnings {
        announcement = format!("{announcement}. {w}");
    }
    VerdictView {
        kind: VerdictKind::Genuine,
        headline,
        tone: Tone::Genuine,
        haptic: if g.repeat || !warnings.is_empty() {
            Haptic::Warn
        } else {
            Haptic::Confirm
        },
        reason: None,
        reason_code: None,
        rows,
        repeat,
        warnings,
        paper: g.paper.as_ref().map(|p| paper(p, l)),
        announcement,
    }
}

impl VerdictView {
    /// The screen for `verdict`.
    pub fn of(verdict: &Verdict, locale: &Locale) -> Self {
        let l = locale;
        match verdict {
            Verdict::Genuine(g) => genuine(g, l),
            Verdict::Fake { reason } => {
                let why = l.text(&reason.string_key());
                VerdictView {
                    kind: VerdictKind::Fake,
                    headline: strings::both("verdict.fake"),
                    tone: Tone::Fake,
                    haptic: Haptic::Reject,
                    announcement: format!("{}. {why}", l.text("verdict.fake")),
                    reason: Some(why),
                    reason_code: Some(reason.code().to_owned()),
                    rows: Vec::new(),
                    repeat: None,
                    warnings: Vec::new(),
                    paper: None,
                }
            }
            Verdict::CannotVerify { why } => {
                let why = l.text(&why.string_key());
                VerdictView {
                    kind: VerdictKind::CannotVerify,
                    headline: strings::both("verdict.cannot_verify"),
                    tone: Tone::Warning,
                    haptic: Haptic::Warn,
                    announcement: format!("{}. {why}", l.text("verdict.cannot_verify")),
                    reason: Some(why),
                    reason_code: None,
                    rows: Vec::new(),
                    repeat: None,
                    warnings: Vec::new(),
                    paper: None,
                }
            }
        }
    }
}
