#![no_main]
//! Android Key Attestation evidence, as an enrolling phone sends it: a typed refusal, never a
//! panic. Input: flags (1 byte: bit 0 production policy, bit 1 strict leaf issuer name, bit 2
//! a patch-level floor), the device key (65 bytes), the challenge (1 length byte, then the
//! bytes), then the certificates, each a big-endian u16 length and the DER, leaf first. The
//! seeds (`seeds/attestation_android/`) are the real chains of fixtures/attestation/ in this
//! form; the KeyDescription, application id and status list parsers are fuzzed directly too,
//! since the chain's signatures keep mutated bytes from reaching them.
use libfuzzer_sys::fuzz_target;
use vneid_attestation::android::asn1::{AttestationApplicationId, KeyDescription};
use vneid_attestation::{verify_android, AndroidApp, AndroidPolicy, RevocationList};

/// 2019-08-01, when the real chains are valid.
const NOW: i64 = 1_564_617_600;

fn take<'a>(data: &mut &'a [u8], n: usize) -> Option<&'a [u8]> {
    if data.len() < n {
        return None;
    }
    let (head, tail) = data.split_at(n);
    *data = tail;
    Some(head)
}

fuzz_target!(|input: &[u8]| {
    let _ = KeyDescription::parse(input);
    let _ = AttestationApplicationId::parse(input);
    let _ = RevocationList::from_json(input);

    let mut data = input;
    let Some(&[flags]) = take(&mut data, 1) else {
        return;
    };
    let Some(device_key) = take(&mut data, 65) else {
        return;
    };
    let Some(&[challenge_len]) = take(&mut data, 1) else {
        return;
    };
    let Some(challenge) = take(&mut data, usize::from(challenge_len)) else {
        return;
    };
    let mut chain = Vec::new();
    while let Some(len) = take(&mut data, 2) {
        let len = usize::from(u16::from_be_bytes([len[0], len[1]]));
        let Some(der) = take(&mut data, len) else {
            break;
        };
        chain.push(der.to_vec());
    }

    let app = AndroidApp {
        package_name: "com.android.keychain".into(),
        signing_cert_digests: vec![[
            0x30, 0x1a, 0xa3, 0xcb, 0x08, 0x11, 0x34, 0x50, 0x1c, 0x45, 0xf1, 0x42, 0x2a, 0xbc,
            0x66, 0xc2, 0x42, 0x24, 0xfd, 0x5d, 0xed, 0x5f, 0xdc, 0x8f, 0x17, 0xe6, 0x97, 0x17,
            0x6f, 0xd8, 0x66, 0xaa,
        ]],
    };
    let mut policy = if flags & 1 != 0 {
        AndroidPolicy::production(vec![app])
    } else {
        AndroidPolicy::development(vec![app])
    };
    // The StrongBox fixture's own root, so that both seeds reach the KeyDescription.
    policy.root_pins.push([
        0xd9, 0x0f, 0xf8, 0x6f, 0x70, 0xc8, 0x91, 0x2f, 0x90, 0x71, 0x07, 0x9f, 0x99, 0xc7, 0x48,
        0xc7, 0x3f, 0xd0, 0x1b, 0xd2, 0xc1, 0x0e, 0x30, 0x24, 0xf2, 0xf6, 0x1e, 0xc2, 0x60, 0x6f,
        0xb5, 0x12,
    ]);
    policy.strict_leaf_issuer_name = flags & 2 != 0;
    if flags & 4 != 0 {
        policy.min_os_patch_level = 201901;
    }
    if let Ok(proven) = verify_android(&chain, challenge, device_key, &policy, NOW) {
        // Whatever is accepted was proven for this key, challenge and app.
        assert!(proven.android.is_some());
        assert!(proven.app.is_some());
        assert!(proven.development || proven.security_level.is_hardware());
    }
});
