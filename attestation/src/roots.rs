//! The roots this crate ships, as configuration the operator may use or replace.
//!
//! The certificates themselves are in `attestation/roots/` (PEM), and `tests/roots.rs`
//! recomputes every pin below from them.

/// SHA-256 of the DER `SubjectPublicKeyInfo` of a root certificate: how Android roots are pinned.
pub type SpkiPin = [u8; 32];

/// Google's hardware attestation roots, pinned by the SHA-256 of their public keys
/// (`SubjectPublicKeyInfo` DER), as published on
/// <https://developer.android.com/privacy-and-security/security-key-attestation#root_certificate>
/// and as JSON at <https://android.googleapis.com/attestation/root> (read 2026-12):
///
/// 1. the RSA-4096 key of the certificates with subject `serialNumber=f92009e853b6b045`. Google
///    has issued that key in four certificates (2016, valid to 2026-05-24; 2019, to 2034; 2021,
///    to 2036; 2022, to 2042); pinning the key accepts all four, which matters because a
///    factory-provisioned device keeps whichever copy it was provisioned with;
/// 2. the ECDSA P-384 key of `CN=Key Attestation CA1, OU=Android, O=Google LLC, C=US` (valid
///    2025-07-17 to 2035-07-15), which signs Remote-Key-Provisioned chains from February 2026
///    and exclusively from April 2026.
///
/// Google rotates roots (an ML-DSA root is announced): the pin set is configuration
/// ([`crate::AndroidPolicy::root_pins`]); update it through a reviewed change, never by
/// fetching the roots at run time (Google's own advice).
pub const GOOGLE_HARDWARE_ATTESTATION_ROOT_PINS: [SpkiPin; 2] = [
    // serialNumber=f92009e853b6b045 (RSA 4096)
    hex32("feb2ea7551ee316ed4bb443c8293b884dbfdea40b603ee3e4f4a897e4580fbae"),
    // CN=Key Attestation CA1 (ECDSA P-384)
    hex32("3ee44512a1af2beb39c889490c60ea3f82e43f5d5a5532f5ab9419f676cd07ec"),
];

/// The Android software attestation root (EC P-256,
/// `CN=Android Keystore Software Attestation Root`), whose private key is in AOSP's source:
/// chains under it prove nothing. The emulator's keystore uses it; only
/// [`crate::AndroidPolicy::development`] pins it. Source: AOSP
/// `trusty/keymaster/set_attestation_key/keymaster_soft_attestation_keys.xml`, as quoted by
/// Google's verifier library (`android/keyattestation`, `SoftwareRoot.kt`). The RSA-1024 software
/// root is not pinned: 1024-bit RSA signatures are refused anyway.
pub const ANDROID_SOFTWARE_ATTESTATION_ROOT_PIN: SpkiPin =
    hex32("d5100c7942ef2e8310dc30ef82729680cf48d690735c3f68179a33c7c370f286");

/// Apple App Attestation Root CA (P-384, valid 2020-03-18 to 2045-03-15), DER, from
/// <https://www.apple.com/certificateauthority/Apple_App_Attestation_Root_CA.pem>.
pub const APPLE_APP_ATTESTATION_ROOT_CA: &[u8] =
    include_bytes!("../roots/apple_app_attestation_root_ca.der");

/// SHA-256 of [`APPLE_APP_ATTESTATION_ROOT_CA`]'s DER: how the Apple root is pinned.
pub const APPLE_APP_ATTESTATION_ROOT_CA_SHA256: [u8; 32] =
    hex32("1cb9823ba28ba6ad2d33a006941de2ae4f513ef1d4e831b9f7e0fa7b6242c932");

/// Decodes 64 hex digits at compile time.
const fn hex32(s: &str) -> [u8; 32] {
    let b = s.as_bytes();
    assert!(b.len() == 64, "64 hex digits");
    let mut out = [0u8; 32];
    let mut i = 0;
    while i < 32 {
        out[i] = (nibble(b[2 * i]) << 4) | nibble(b[2 * i + 1]);
        i += 1;
    }
    out
}

const fn nibble(c: u8) -> u8 {
    match c {
        b'0'..=b'9' => c - b'0',
        b'a'..=b'f' => c - b'a' + 10,
        _ => panic!("lowercase hex digit"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn apple_root_matches_its_pin() {
        assert_eq!(
            crate::sha256(APPLE_APP_ATTESTATION_ROOT_CA),
            APPLE_APP_ATTESTATION_ROOT_CA_SHA256
        );
    }
}
