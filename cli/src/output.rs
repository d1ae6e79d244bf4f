//! What the CLI prints: verdicts for people (Vietnamese first, English beside it) and as JSON,
//! and a few labels of the terminal front end.

use std::io::Write;

use serde_json::{json, Map, Value};
use vneid_core::clock::{rfc3339, UnixTime};
use vneid_core::identity::display_safe;
use vneid_core::paper::vn_date;
use vneid_core::paper::FieldView;
use vneid_core::qrtext::{IDENTITY_PREFIX, PRESENTATION_PREFIX};
use vneid_core::strings::{self, Lang};
use vneid_core::trust::TrustWarning;
use vneid_core::verdict::DisclosedPaper;
use vneid_core::verdict::{Genuine, Reason, Verdict};

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
    pub const PAPER_REVOKED: (&str, &str) = ("Đã thu hồi giấy tờ", "Paper revoked");
    pub const PAPERS_ISSUED: (&str, &str) = (
        "Các cơ quan đã cấp giấy tờ vào ví",
        "Papers issued into the wallet",
    );
    pub const DISCLOSED: (&str, &str) = ("Thông tin được xuất trình", "Disclosed fields");
    pub const NO_FIELD: (&str, &str) = (
        "không có thông tin nào ngoài loại và hiệu lực",
        "no field besides type and validity",
    );
    pub const REVOCATION_LIST: (&str, &str) = ("Danh sách thu hồi", "Revocation list");
    pub const NO_REVOCATION_LIST: (&str, &str) = (
        "không có danh sách thu hồi: chưa kiểm tra giấy tờ bị thu hồi",
        "no revocation list: revoked papers are not shown as revoked",
    );
    pub const DEVICE_REVOKED_NOTE: (&str, &str) = (
        "giấy tờ vẫn được lưu, nhưng cán bộ sẽ từ chối mã QR từ thiết bị này",
        "the papers are still held, but officers will refuse QR codes from this device",
    );
    pub const PAPERS: (&str, &str) = ("giấy tờ", "papers");
    pub const TRUST_LIST: (&str, &str) = ("Danh sách tin cậy", "Trust list");
    pub const NOT_MODIFIED: (&str, &str) = ("không thay đổi", "not modified");
    pub const ALREADY_HELD: (&str, &str) = ("đã có", "already held");
    pub const INSTALLED: (&str, &str) = ("đã cài", "installed");
    pub const LIST_REFUSED: (&str, &str) = ("không xác minh được", "does not verify");
    pub const HELD_KEPT: (&str, &str) = ("giữ danh sách đang có", "the held list is kept");
    pub const ROLE: (&str, &str) = ("Vai trò", "Role");
    pub const ROLE_CITIZEN: (&str, &str) = ("công dân", "citizen");
    pub const ROLE_OFFICER: (&str, &str) = ("cán bộ", "officer");
    pub const FROM_ACCOUNT: (&str, &str) = (
        "theo tài khoản tại cơ quan định danh",
        "from the account at the authority",
    );
    pub const SERVER: (&str, &str) = ("Máy chủ", "Server");
    pub const DEVELOPMENT_DEVICE: (&str, &str) = (
        "thiết bị phát triển: khóa phần mềm, không có chứng thực phần cứng — chỉ máy chủ có \
         chính sách chứng thực development chấp nhận, và cán bộ chỉ thấy THẬT nếu chính sách \
         của họ chấp nhận thiết bị development",
        "development device: a software key without hardware attestation — accepted only by a \
         server whose attestation policy is development, and GENUINE only to officers whose \
         policy accepts development devices",
    );
    pub const PAPERS_DOWNLOADED: (&str, &str) = (
        "Đã tải giấy tờ từ máy chủ",
        "Papers downloaded from the server",
    );
    pub const DEVICE_REVOKED_BY_HOLDER: (&str, &str) = (
        "Đã thu hồi thiết bị (điện thoại bị mất cắp)",
        "Device revoked (phone stolen)",
    );
    pub const NOTHING_TO_REVOKE: (&str, &str) = (
        "không có thiết bị đang hoạt động",
        "no active device to revoke",
    );
    pub const NO_LISTS_KEPT: (&str, &str) = (
        "không có khóa gốc (--root FILE hoặc --trust DIR): không lưu danh sách của cơ quan",
        "no root key given (--root FILE or --trust DIR): the authority's lists are not kept, \
         so revoked papers are not shown as revoked",
    );
}

/// The big verdict line.
pub fn banner(v: &Verdict) -> String {
    match v {
        Verdict::Genuine(_) => format!("✔ {}", strings::both("verdict.genuine")),
        Verdict::Fake { .. } => format!("✘ {}", strings::both("verdict.fake")),
        Verdict::CannotVerify { .. } => format!("? {}", strings::both("verdict.cannot_verify")),
    }
}

/// "label (vi / en): value", aligned.
pub fn field(key: &str, value: &str) -> String {
    padded(&strings::both(key), value)
}

/// "label: value" with a label already in both languages, aligned like [`field`].
pub fn padded(label: &str, value: &str) -> String {
    let pad = 44usize.saturating_sub(label.chars().count());
    format!("  {label}{}  {value}", ".".repeat(pad))
}

/// A paper field's line: its two labels and its value, the personal ID number masked unless
/// `reveal`.
pub fn paper_field(f: &FieldView, reveal: bool) -> String {
    let value = if reveal {
        f.revealed_text.clone()
    } else {
        f.text.clone()
    };
    padded(&f.label(), &value)
}

/// The last day a paper is valid, in Vietnam: its validity ends (exclusive) at the next
/// midnight, so a paper "valid until 02/01/2030" shows 2030-01-02.
pub fn last_valid_day(valid_until: UnixTime) -> String {
    vn_date(valid_until.saturating_sub(1))
        .map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_else(|_| rfc3339(valid_until))
}

/// The first day a paper is valid, in Vietnam.
pub fn first_valid_day(valid_from: UnixTime) -> String {
    vn_date(valid_from)
        .map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_else(|_| rfc3339(valid_from))
}

/// What kind of QR a text is by its prefix: `identity` (`VN2:`), `paper` (`VP2:`), or neither.
pub fn kind_of_text(text: &str) -> Option<&'static str> {
    let t = text.trim_start();
    if t.starts_with(IDENTITY_PREFIX) {
        Some("identity")
    } else if t.starts_with(PRESENTATION_PREFIX) {
        Some("paper")
    } else {
        None
    }
}

/// The reason of a fake, in both languages, with its code.
pub fn reason_lines(r: Reason) -> Vec<String> {
    let key = r.string_key();
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
            if let Some(p) = &g.paper {
                lines.extend(paper_lines(p));
            }
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
        Verdict::CannotVerify { why } => {
            lines.push(rule);
            lines.push(format!("  {}", strings::both(&why.string_key())));
        }
    }
    let mut s = lines.join("\n");
    s.push('\n');
    s
}

fn genuine_fields(g: &Genuine) -> Vec<String> {
    // An identity QR names its subject (the certificate); a paper presentation shows of its
    // holder only what the citizen disclosed.
    let mut lines = match &g.subject {
        Some(s) => vec![
            field("label.full_name", &display_safe(&s.identity.full_name)),
            field(
                "label.date_of_birth",
                &s.identity.date_of_birth.format("%Y-%m-%d").to_string(),
            ),
            // The certificate carries the masked form only.
            field("label.personal_id", &s.identity.masked_id.to_string()),
            field("label.level", &s.level.number().to_string()),
        ],
        None => Vec::new(),
    };
    lines.push(field("label.serial", &g.certificate_serial.to_string()));
    lines.push(field("label.expires_at", &rfc3339(g.expires_at)));
    lines
}

/// The verified paper of a presentation and its disclosed fields, for the officer's screen.
fn paper_lines(p: &DisclosedPaper) -> Vec<String> {
    let mut lines = vec![
        format!("  ── {}", strings::both("label.paper")),
        padded(
            &strings::both("label.paper"),
            &format!("{} / {} ({})", p.name_vi, p.name_en, p.type_code),
        ),
        field(
            "label.issuing_agency",
            &format!("{} · {} / {}", p.agency, p.agency_name_vi, p.agency_name_en),
        ),
        field("label.paper_serial", &p.serial.to_string()),
        field("label.valid_from", &first_valid_day(p.valid_from)),
        field("label.valid_until", &last_valid_day(p.valid_until)),
        format!("  ── {}", label::both(label::DISCLOSED)),
    ];
    if p.fields.is_empty() {
        lines.push(format!("  ({})", label::both(label::NO_FIELD)));
    }
    // Personal ID numbers masked: the officer's screen never shows the full digits.
    lines.extend(p.fields.iter().map(|f| paper_field(f, false)));
    lines
}

/// A disclosed paper as JSON: `type`, names, `agency`, `serial`, `valid_from`, `valid_until`.
pub fn paper_json(p: &DisclosedPaper) -> Value {
    json!({
        "type": p.type_code,
        "name_vi": p.name_vi,
        "name_en": p.name_en,
        "agency": p.agency,
        "agency_name_vi": p.agency_name_vi,
        "agency_name_en": p.agency_name_en,
        "serial": p.serial.to_string(),
        "valid_from": rfc3339(p.valid_from),
        "valid_until": rfc3339(p.valid_until),
    })
}

/// Fields as a JSON object `{key: text}`; personal ID numbers masked unless `reveal`.
pub fn fields_json(fields: &[FieldView], reveal: bool) -> Value {
    let m: Map<String, Value> = fields
        .iter()
        .map(|f| {
            let text = if reveal {
                f.revealed_text.clone()
            } else {
                f.text.clone()
            };
            (f.key.clone(), Value::String(text))
        })
        .collect();
    Value::Object(m)
}

/// A verdict as JSON: `verdict`, `reason`, `repeat`, `kind` (`identity`, `paper`, or null for
/// text that is neither), `subject`, `certificate_serial`, `expires_at`, `warnings`, and for a
/// genuine presentation `paper` and `fields` (`{key: text}`; null otherwise). `text_kind` is
/// [`kind_of_text`] of the scanned text, used when the verdict itself does not tell. The
/// personal ID number only masked.
pub fn verdict_json(v: &Verdict, text_kind: Option<&str>) -> Value {
    match v {
        Verdict::Genuine(g) => {
            let kind = if g.paper.is_some() {
                "paper"
            } else {
                "identity"
            };
            json!({
                "verdict": "genuine",
                "kind": kind,
                "reason": Value::Null,
                "repeat": g.repeat,
                "subject": g.subject.as_ref().map(|s| json!({
                    "full_name": display_safe(&s.identity.full_name),
                    "date_of_birth": s.identity.date_of_birth.format("%Y-%m-%d").to_string(),
                    "personal_id_masked": s.identity.masked_id.to_string(),
                    "level": s.level.number(),
                })),
                "certificate_serial": g.certificate_serial.to_string(),
                "expires_at": rfc3339(g.expires_at),
                "warnings": g.warnings.iter().map(|w| warning_code(*w)).collect::<Vec<_>>(),
                "paper": g.paper.as_ref().map(paper_json),
                "fields": g.paper.as_ref().map(|p| fields_json(&p.fields, false)),
            })
        }
        Verdict::CannotVerify { why } => json!({
            "verdict": "unverifiable",
            "kind": text_kind,
            "reason": why.code(),
            "repeat": false,
            "subject": Value::Null,
            "certificate_serial": Value::Null,
            "expires_at": Value::Null,
            "warnings": Vec::<&str>::new(),
            "paper": Value::Null,
            "fields": Value::Null,
        }),
        Verdict::Fake { reason } => json!({
            "verdict": "fake",
            "kind": text_kind,
            "reason": reason.code(),
            "repeat": false,
            "subject": Value::Null,
            "certificate_serial": Value::Null,
            "expires_at": Value::Null,
            "warnings": Vec::<&str>::new(),
            "paper": Value::Null,
            "fields": Value::Null,
        }),
    }
}
