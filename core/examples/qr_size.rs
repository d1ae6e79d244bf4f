//! Measures the identity token's size and QR version for each candidate text encoding.
//! `cargo run -p vneid-core --example qr_size`
use std::sync::Arc;

use vneid_core::certificate::{CertificateClaims, Serial};
use vneid_core::identity::{parse_date, AssuranceLevel, Identity, PersonalId};
use vneid_core::issuer::Authority;
use vneid_core::keys::{Signer, SoftwareSigner};
use vneid_core::qr::QrMatrix;
use vneid_core::qrtext;
use vneid_core::token::{IdentityToken, TokenId};

fn main() {
    let now = 1_795_000_000;
    let auth = Authority::create(now).unwrap();
    println!("| name (bytes) | token bytes | digits: chars / version | base45: chars / version | base64url (byte mode): version |");
    println!("|---|---|---|---|---|");
    for name in [
        "Nguyễn Văn An",
        "Nguyễn Thị Minh Khai",
        "Công Tôn Nữ Thị Hoàng Phương Thảo",
        &"Â".repeat(40),
    ] {
        let device: Arc<dyn Signer> = Arc::new(SoftwareSigner::generate().unwrap());
        let claims = CertificateClaims {
            serial: Serial::random().unwrap(),
            identity: Identity::new(
                name,
                parse_date("1990-01-02").unwrap(),
                PersonalId::new("079190012345").unwrap(),
            )
            .unwrap(),
            level: AssuranceLevel::Level2,
            not_before: now,
            expires_at: now + 365 * 86400,
            device_key: device.public_key().unwrap(),
        };
        let cert = auth.issue_certificate(claims).unwrap();
        let bytes =
            IdentityToken::create(&cert, device.as_ref(), now, TokenId::random().unwrap()).unwrap();
        let digits = qrtext::encode(qrtext::Payload::Identity, &bytes);
        let b45 = format!("VN1:{}", base45::encode(&bytes));
        let b64 = format!("VN1:{}", b64url(&bytes));
        let v = |t: &str| QrMatrix::encode(t).unwrap().version;
        println!(
            "| {} ({}) | {} (cert {}) | {} / {} | {} / {} | {} |",
            name.chars().take(12).collect::<String>(),
            name.len(),
            bytes.len(),
            cert.to_bytes().len(),
            digits.len(),
            v(&digits),
            b45.len(),
            v(&b45),
            v(&b64)
        );
    }
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
