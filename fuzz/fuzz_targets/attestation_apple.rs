#![no_main]
//! Apple App Attest evidence, as an enrolling iPhone sends it: a typed refusal, never a panic.
//! Input: the time (i64, big-endian), the attestation object (u16 big-endian length, then the
//! CBOR), the key id (1 length byte, then the bytes), a client data hash (32 bytes), then the
//! assertion (the rest). The seeds (`seeds/attestation_apple/`) are the real App Attest
//! documents of fixtures/attestation/ in this form.
use libfuzzer_sys::fuzz_target;
use vneid_attestation::apple::{verify_assertion, verify_attestation};
use vneid_attestation::{verify_apple, AppAttestEvidence, AppleApp, AppleEvidence, ApplePolicy};

fn take<'a>(data: &mut &'a [u8], n: usize) -> Option<&'a [u8]> {
    if data.len() < n {
        return None;
    }
    let (head, tail) = data.split_at(n);
    *data = tail;
    Some(head)
}

fuzz_target!(|input: &[u8]| {
    let app = AppleApp::new("6MURL8TA57", "de.vincent-haupert.apple-appattest-poc");
    let development = ApplePolicy::development(vec![app.clone()]);
    let production = ApplePolicy::production(vec![app.clone()]);

    // Each part alone, as the whole input.
    let _ = verify_attestation(input, &[0; 32], &[0; 32], &development, 1_606_000_000);
    let _ = verify_assertion(input, &[4; 65], &app, &[0; 32], 0);

    let mut data = input;
    let Some(time) = take(&mut data, 8) else {
        return;
    };
    let now = i64::from_be_bytes(time.try_into().unwrap());
    let Some(len) = take(&mut data, 2) else {
        return;
    };
    let Some(attestation) = take(&mut data, usize::from(u16::from_be_bytes([len[0], len[1]])))
    else {
        return;
    };
    let Some(&[key_id_len]) = take(&mut data, 1) else {
        return;
    };
    let Some(key_id) = take(&mut data, usize::from(key_id_len)) else {
        return;
    };
    let Some(cdh) = take(&mut data, 32) else {
        return;
    };
    let cdh: [u8; 32] = cdh.try_into().unwrap();
    let assertion = data;

    for policy in [&development, &production] {
        if let Ok(key) = verify_attestation(attestation, key_id, &cdh, policy, now) {
            assert_eq!(key.key_id.as_slice(), key_id);
            let _ = verify_assertion(assertion, &key.public_key, &key.app, &cdh, 0);
        }
    }
    let evidence = AppleEvidence::AppAttest(AppAttestEvidence {
        attestation: attestation.to_vec(),
        key_id: key_id.to_vec(),
        assertion: assertion.to_vec(),
    });
    let device_key = [4u8; 65];
    if let Ok(proven) = verify_apple(&evidence, &cdh[..16], &device_key, &development, now) {
        assert!(proven.apple.is_some());
    }
});
