//! The pins shipped in `vneid_attestation::roots` are those of the certificates in
//! `attestation/roots/`.

mod common;

use der::{Decode, Encode};
use vneid_attestation::roots::{
    ANDROID_SOFTWARE_ATTESTATION_ROOT_PIN, APPLE_APP_ATTESTATION_ROOT_CA,
    APPLE_APP_ATTESTATION_ROOT_CA_SHA256, GOOGLE_HARDWARE_ATTESTATION_ROOT_PINS,
};

fn sha256(data: &[u8]) -> [u8; 32] {
    ring::digest::digest(&ring::digest::SHA256, data)
        .as_ref()
        .try_into()
        .unwrap()
}

fn spki_pin(pem: &[u8]) -> [u8; 32] {
    let der = common::pem_to_der(pem);
    let cert = x509_cert::Certificate::from_der(&der).unwrap();
    sha256(
        &cert
            .tbs_certificate()
            .subject_public_key_info()
            .to_der()
            .unwrap(),
    )
}

#[test]
fn google_pins_are_the_published_roots_keys() {
    let rsa_2016 = spki_pin(include_bytes!(
        "../roots/google_hardware_attestation_root_rsa_2016.pem"
    ));
    let rsa_2022 = spki_pin(include_bytes!(
        "../roots/google_hardware_attestation_root_rsa_2022.pem"
    ));
    let ec_2025 = spki_pin(include_bytes!(
        "../roots/google_key_attestation_ca1_ec_2025.pem"
    ));
    // The 2016 and 2022 certificates carry one key.
    assert_eq!(rsa_2016, rsa_2022);
    assert_eq!(GOOGLE_HARDWARE_ATTESTATION_ROOT_PINS, [rsa_2016, ec_2025]);
    // The TEE fixture's root is the 2016 certificate.
    assert_eq!(
        common::pem_to_der(&common::fixture("android/ec_tee/cert3.pem")),
        common::pem_to_der(include_bytes!(
            "../roots/google_hardware_attestation_root_rsa_2016.pem"
        ))
    );
}

#[test]
fn software_root_pin() {
    assert_eq!(
        spki_pin(include_bytes!(
            "../roots/android_software_attestation_root_ec.pem"
        )),
        ANDROID_SOFTWARE_ATTESTATION_ROOT_PIN
    );
}

#[test]
fn apple_root_is_the_published_one() {
    assert_eq!(
        sha256(APPLE_APP_ATTESTATION_ROOT_CA),
        APPLE_APP_ATTESTATION_ROOT_CA_SHA256
    );
    assert_eq!(
        common::pem_to_der(include_bytes!("../roots/apple_app_attestation_root_ca.pem")),
        APPLE_APP_ATTESTATION_ROOT_CA
    );
    assert_eq!(
        common::pem_to_der(&common::fixture("apple/apple_app_attestation_root_ca.pem")),
        APPLE_APP_ATTESTATION_ROOT_CA
    );
}
