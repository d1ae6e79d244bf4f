//! Measures the identity token's size and QR version for each candidate text encoding.
//! `cargo run -p vneid-core --example qr_size`
use std::sync::Arc;

use vneid_core::certificate::{CertificateClaims, Serial};
use vneid_core::identity::{parse_date, AssuranceLevel, Identity, PersonalId, Role};
use vneid_core::issuer::Authority;
use vneid_core::keys::{Signer, SoftwareSigner};
use vneid_core::paper::Holder;
use vneid_core::qr::QrMatrix;
use vneid_core::qrtext;
use vneid_core::token::{IdentityToken, TokenId};

fn main() {
    let now = 1_795_000_000;
    let mut auth = Authority::create(now).unwrap();
    println!("Identity QR (protocol v2: no personal ID number, masked form only)\n");
    println!("| name (bytes) | token bytes | digits: chars / version | base45: chars / version | base64url (byte mode): version |");
    println!("|---|---|---|---|---|");
    let mut first = None;
    for name in [
        "Nguyễn Văn An",
        "Nguyễn Thị Minh Khai",
        "Công Tôn Nữ Thị Hoàng Phương Thảo",
        &"Â".repeat(40),
    ] {
        let device: Arc<dyn Signer> = Arc::new(SoftwareSigner::generate().unwrap());
        let identity = Identity::new(
            name,
            parse_date("1990-01-02").unwrap(),
            PersonalId::new("079190012345").unwrap(),
        )
        .unwrap();
        let claims = CertificateClaims {
            serial: Serial::random().unwrap(),
            identity: identity.certified(),
            level: AssuranceLevel::Level2,
            role: Role::Citizen,
            development: false,
            not_before: now,
            expires_at: now + 365 * 86400,
            device_key: device.public_key().unwrap(),
        };
        let cert = auth.issue_certificate(claims).unwrap();
        let bytes =
            IdentityToken::create(&cert, device.as_ref(), now, TokenId::random().unwrap()).unwrap();
        let digits = qrtext::encode(qrtext::Payload::Identity, &bytes);
        let b45 = format!("VN2:{}", base45::encode(&bytes));
        let b64 = format!("VN2:{}", b64url(&bytes));
        println!(
            "| {} ({}) | {} (cert {}) | {} / {} | {} / {} | {} |",
            name.chars().take(12).collect::<String>(),
            name.len(),
            bytes.len(),
            cert.to_bytes().len(),
            digits.len(),
            version(&digits),
            b45.len(),
            version(&b45),
            version(&b64)
        );
        first.get_or_insert((identity, device, cert));
    }
    // Paper presentations: the sample papers of the first citizen, issued to their device.
    let (identity, device, cert) = first.unwrap();
    let holder = Holder {
        device_key: device.public_key().unwrap(),
        device_serial: cert.claims().serial,
        level: cert.claims().level,
        device_expires_at: cert.claims().expires_at,
    };
    let _ = auth.publish(now).unwrap();
    let papers = auth.issue_sample_papers(&identity, &holder, now).unwrap();
    let find = |code: &str| papers.iter().find(|p| p.paper_type().code == code).unwrap();
    println!("\nPaper presentations (protocol v2: bound to the device key, hash-tree proof)\n");
    println!("| paper · fields disclosed | bytes | digits | QR version (M) | target |");
    println!("|---|---|---|---|---|");
    let gplx = find("gplx");
    let cccd = find("cccd");
    let all: Vec<&str> = cccd.fields().iter().map(|f| f.spec.key).collect();
    for (label, paper, fields, target) in [
        (
            "gplx · full_name, date_of_birth, classes, expiry_date",
            gplx,
            vec!["full_name", "date_of_birth", "classes", "expiry_date"],
            "≤ 16",
        ),
        ("gplx · classes", gplx, vec!["classes"], "—"),
        ("gplx · none (type and validity only)", gplx, vec![], "—"),
        ("cccd · all 10 fields", cccd, all.clone(), "≤ 22"),
        (
            "cccd · full_name, date_of_birth, number",
            cccd,
            vec!["full_name", "date_of_birth", "number"],
            "—",
        ),
        (
            "bhyt · card_number, valid_until",
            find("bhyt"),
            vec!["card_number", "valid_until"],
            "—",
        ),
    ] {
        let bytes = vneid_core::presentation::create(
            paper,
            &fields,
            device.as_ref(),
            now,
            TokenId::random().unwrap(),
        )
        .unwrap();
        let text = qrtext::encode(qrtext::Payload::Presentation, &bytes);
        println!(
            "| {label} | {} | {} | {} | {target} |",
            bytes.len(),
            text.len(),
            version(&text)
        );
    }
}

fn version(text: &str) -> u8 {
    QrMatrix::encode(text).unwrap().version
}

fn b64url(b: &[u8]) -> String {
    const A: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut s = String::new();
    for c in b.chunks(3) {
        let n = (u32::from(c[0]) << 16)
            | (u32::from(*c.get(1).unwrap_or(&0)) << 8)
            | u32::from(*c.get(2).unwrap_or(&0));
        for i in 0..=c.len() {
            s.push(A[((n >> (18 - 6 * i)) & 63) as usize] as char);
        }
    }
    s
}
