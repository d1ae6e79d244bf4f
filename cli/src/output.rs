//! What the CLI prints: verdicts for people (Vietnamese first, English beside it) and as JSON,
//! and a few labels of the terminal front end.

use std::io::Write;

use serde_json::{json, Value};
use vneid_core::clock::rfc3339;
use vneid_core::strings::{self, Lang};
use vneid_core::trust::TrustWarning;
use vneid_core::verify::{Genuine, Reason, Verdict};

/// Prints a line to stdout. A closed stdout (`vneid … | head -1`) is not an error worth a
/// panic: the exit code still carries the answer.
macro_rules! outln {
    () => { $crate::output::emit("\n") };
    ($($arg:tt)*) => { $crate::output::emit(&format!("{}\n", format_args!($($arg)*))) };
}
pub(crate) use outln;

/// Writes `s` to stdout, ignoring a closed pipe.
pub fn emit(s: &str) {
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(s.as_bytes());
    let _ = out.flush();
}

/// Writes a line to stderr (warnings), ignoring failures.
pub fn warn(s: &str) {
    let _ = writeln!(std::io::stderr().lock(), "warning: {s}");
}

/// Words of the terminal front end that the shared table (`core/src/strings.tsv`, owned by the
/// apps as well) does not have. Vietnamese first, English second, as there.
pub mod label {
    /// "vi / en".
    pub fn both(l: (&str, &str)) -> String {
        format!("{} / {}", l.0, l.1)
    }
    pub const REASON: (&str, &str) = ("Lý do", "Reason");
    pub const STEP: (&str, &str) = ("Bước", "Step");
    pub const REPEAT: (&str, &str) = ("QUÉT LẶP LẠI", "REPEAT SCAN");
    pub const WARNING: (&str, &str) = ("Cảnh báo", "Warning");
    pub const ENROLLED: (&str, &str) = ("Đã đăng ký thiết bị", "Device enrolled");
    pub const SETTING_ON: (&str, &str) = ("Đã bật", "Turned on");
    pub const SETTING_OFF: (&str, &str) = ("Đã tắt", "Turned off");
    pub const REFUSED: (&str, &str) = ("Bị từ chối", "Refused");
    pub const AUTHORITY: (&str, &str) = ("Cơ quan định danh", "Identity authority");
    pub const OFFICER: (&str, &str) = ("Cán bộ", "Officer");
    pub const REVOKED: (&str, &str) = ("Đã thu hồi chứng thư", "Certificate revoked");
    pub const PNG_WRITTEN: (&str, &str) = ("Đã ghi ảnh PNG", "PNG written");
    pub const CHAIN_INTACT: (&str, &str) = (
        "Chuỗi băm nguyên vẹn — nhật ký không bị sửa",
        "Hash chain intact — the log was not altered",
    );
    pub const CHAIN_BROKEN: (&str, &str) = (
        "Chuỗi băm bị đứt — nhật ký đã bị sửa",
        "Hash chain BROKEN — the log was altered",
    );
    pub const LOG_EMPTY: (&str, &str) = ("Nhật ký trống", "The log is empty");
}

/// The big verdict line.
pub fn banner(v: &Verdict) -> String {
    match v {
        Verdict::Genuine(_) => format!("✔ {}", strings::both("verdict.genuine")),
        Verdict::Fake { .. } => format!("✘ {}", strings::both("verdict.fake")),
    }
}

/// "label (vi / en): value", aligned.
pub fn field(key: &str, value: &str) -> String {
    let l = strings::both(key);
    let pad = 44usize.saturating_sub(l.chars().count());
    format!("  {l}{}  {value}", ".".repeat(pad))
}

/// The reason of a fake, in both languages, with its code.
pub fn reason_lines(r: Reason) -> Vec<String> {
    let key = strings::reason_key(r);
    vec![
        format!("  {}: {}", label::both(label::REASON), r.code()),
        format!("    {}", strings::text(&key, Lang::Vi)),
        format!("    {}", strings::text(&key, Lang::En)),
    ]
}

fn warning_key(w: TrustWarning) -> &'static str {
    match w {
        TrustWarning::TrustListStale => "verdict.stale_trust",
        TrustWarning::RevocationListStale => "verdict.stale_revocation",
    }
}

fn warning_code(w: TrustWarning) -> &'static str {
    match w {
        TrustWarning::TrustListStale => "trust_list_stale",
        TrustWarning::RevocationListStale => "revocation_list_stale",
    }
}

/// A verdict for the officer's screen. The personal ID number is shown masked only.
pub fn verdict_human(v: &Verdict) -> String {
    let rule = "=".repeat(64);
    let mut lines = vec![rule.clone(), format!("  {}", banner(v))];
    match v {
        Verdict::Genuine(g) => {
            if g.repeat {
                lines.push(format!(
                    "  ⚠ {}: {}",
                    label::both(label::REPEAT),
                    strings::both("verdict.repeat")
                ));
            }
            lines.push(rule);
            lines.extend(genuine_fields(g));
            for w in &g.warnings {
                lines.push(format!(
                    "  ⚠ {}: {}",
                    label::both(label::WARNING),
                    strings::both(warning_key(*w))
                ));
            }
        }
        Verdict::Fake { reason } => {
            lines.push(rule);
            lines.extend(reason_lines(*reason));
        }
    }
    let mut s = lines.join("\n");
    s.push('\n');
    s
}

fn genuine_fields(g: &Genuine) -> Vec<String> {
    let id = &g.subject.identity;
    vec![
        field("label.full_name", &id.full_name),
        field(
            "label.date_of_birth",
            &id.date_of_birth.format("%Y-%m-%d").to_string(),
        ),
        // Display masks the number; the full digits are never printed.
        field("label.personal_id", &id.personal_id.masked()),
        field("label.level", &g.subject.level.number().to_string()),
        field("label.serial", &g.certificate_serial.to_string()),
        field("label.expires_at", &rfc3339(g.expires_at)),
    ]
}

/// A verdict as JSON: `verdict`, `reason`, `repeat`, `subject`, `certificate_serial`,
/// `expires_at`, `warnings`. The personal ID number only masked.
pub fn verdict_json(v: &Verdict) -> Value {
    match v {
        Verdict::Genuine(g) => {
            let id = &g.subject.identity;
            json!({
                "verdict": "genuine",
                "reason": Value::Null,
                "repeat": g.repeat,
                "subject": {
                    "full_name": id.full_name,
                    "date_of_birth": id.date_of_birth.format("%Y-%m-%d").to_string(),
                    "personal_id_masked": id.personal_id.masked(),
                    "level": g.subject.level.number(),
                },
                "certificate_serial": g.certificate_serial.to_string(),
                "expires_at": rfc3339(g.expires_at),
                "warnings": g.warnings.iter().map(|w| warning_code(*w)).collect::<Vec<_>>(),
            })
        }
        Verdict::Fake { reason } => json!({
            "verdict": "fake",
            "reason": reason.code(),
            "repeat": false,
            "subject": Value::Null,
            "certificate_serial": Value::Null,
            "expires_at": Value::Null,
            "warnings": Vec::<&str>::new(),
        }),
    }
}
