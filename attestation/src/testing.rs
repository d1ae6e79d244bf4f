//! Synthetic attestation evidence under freshly made test roots (feature `testing`), mirroring
//! the structure of the real evidence, for cases no public sample covers (an unlocked bootloader,
//! a software level, a production App Attest object, our binding assertion, …) and for the
//! authority service's tests.
//!
//! ```
//! use vneid_attestation::testing::{fake_android_chain, fake_apple_attestation, TestKey, TEST_NOW};
//! use vneid_attestation::{verify_android, verify_apple, AppleEvidence};
//!
//! let device_key = TestKey::generate();
//! let challenge = b"server challenge";
//!
//! let android = fake_android_chain(&device_key.public_key(), challenge);
//! let proven = verify_android(&android.chain, challenge, &device_key.public_key(), &android.policy(), TEST_NOW).unwrap();
//! assert!(!proven.development);
//!
//! let apple = fake_apple_attestation(challenge, &device_key.public_key());
//! let evidence = AppleEvidence::AppAttest(apple.evidence.clone());
//! let proven = verify_apple(&evidence, challenge, &device_key.public_key(), &apple.policy(), TEST_NOW).unwrap();
//! assert!(!proven.development);
//! ```
//!
//! Every builder makes new keys, so two chains never share a root: use the policy that comes with
//! the evidence ([`FakeAndroidChain::policy`], [`FakeAppleAttestation::policy`]), or add its root
//! to yours.

use ciborium::Value;
use der::asn1::{OctetString, SetOfVec};
use der::Encode;
use rcgen::{
    BasicConstraints, CertificateParams, CustomExtension, DistinguishedName, DnType, DnValue, IsCa,
    Issuer, KeyPair, KeyUsagePurpose, PublicKeyData, SerialNumber, SignatureAlgorithm,
    PKCS_ECDSA_P256_SHA256, PKCS_ECDSA_P384_SHA384,
};
use ring::rand::SystemRandom;
use ring::signature::{EcdsaKeyPair, KeyPair as _, ECDSA_P256_SHA256_ASN1_SIGNING};

use crate::android::asn1::{
    value, AttestationApplicationId, AttestationPackageInfo, AuthorizationList, KeyDescription,
    RootOfTrust, SecurityLevelAsn1, VerifiedBootStateAsn1,
};
use crate::apple::{
    attestation_client_data_hash, binding_client_data_hash, AppAttestEvidence, AppleApp,
    ApplePolicy, AAGUID_DEVELOPMENT, AAGUID_PRODUCTION,
};
use crate::{sha256, AndroidApp, AndroidPolicy, SecurityLevel, VerifiedBootState};

/// A time inside every synthetic certificate's default validity: 2026-01-01T00:00:00Z.
pub const TEST_NOW: i64 = 1_767_225_600;

/// The package name of the synthetic Android app.
pub const TEST_ANDROID_PACKAGE: &str = "vn.gov.vneid.test";
/// The team id of the synthetic iOS app.
pub const TEST_APPLE_TEAM_ID: &str = "VNEIDTEST1";
/// The bundle id of the synthetic iOS app.
pub const TEST_APPLE_BUNDLE_ID: &str = "vn.gov.vneid.test";

/// SHA-256 of the synthetic Android app's signing certificate (a stand-in: the digest of a
/// fixed string).
pub fn test_signing_cert_digest() -> [u8; 32] {
    sha256(b"vneid-attestation test signing certificate")
}

/// The synthetic Android app, as a policy names it.
pub fn test_android_app() -> AndroidApp {
    AndroidApp {
        package_name: TEST_ANDROID_PACKAGE.to_string(),
        signing_cert_digests: vec![test_signing_cert_digest()],
    }
}

/// The synthetic iOS app, as a policy names it.
pub fn test_apple_app() -> AppleApp {
    AppleApp::new(TEST_APPLE_TEAM_ID, TEST_APPLE_BUNDLE_ID)
}

/// A P-256 key for tests (a device key, or an App Attest key), made with `ring`.
#[derive(Clone, Debug)]
pub struct TestKey {
    pkcs8: Vec<u8>,
    public: Vec<u8>,
}

impl TestKey {
    /// A new random key.
    pub fn generate() -> Self {
        let rng = SystemRandom::new();
        let pkcs8 = EcdsaKeyPair::generate_pkcs8(&ECDSA_P256_SHA256_ASN1_SIGNING, &rng)
            .expect("P-256 key generation")
            .as_ref()
            .to_vec();
        Self::from_pkcs8(&pkcs8)
    }

    /// A key from its PKCS#8 DER.
    pub fn from_pkcs8(pkcs8: &[u8]) -> Self {
        let pair = Self::pair(pkcs8);
        TestKey {
            pkcs8: pkcs8.to_vec(),
            public: pair.public_key().as_ref().to_vec(),
        }
    }

    fn pair(pkcs8: &[u8]) -> EcdsaKeyPair {
        EcdsaKeyPair::from_pkcs8(&ECDSA_P256_SHA256_ASN1_SIGNING, pkcs8, &SystemRandom::new())
            .expect("a P-256 PKCS#8 key")
    }

    /// The public key, uncompressed SEC1 (65 bytes).
    pub fn public_key(&self) -> Vec<u8> {
        self.public.clone()
    }

    /// The PKCS#8 DER of the private key.
    pub fn pkcs8(&self) -> &[u8] {
        &self.pkcs8
    }

    /// An ECDSA P-256 SHA-256 signature (ASN.1 DER) over `message`.
    pub fn sign(&self, message: &[u8]) -> Vec<u8> {
        Self::pair(&self.pkcs8)
            .sign(&SystemRandom::new(), message)
            .expect("signing")
            .as_ref()
            .to_vec()
    }
}

/// A raw P-256 public key for rcgen (the subject key of a certificate we do not sign with).
struct RawP256<'a>(&'a [u8]);

impl PublicKeyData for RawP256<'_> {
    fn der_bytes(&self) -> &[u8] {
        self.0
    }

    fn algorithm(&self) -> &'static SignatureAlgorithm {
        &PKCS_ECDSA_P256_SHA256
    }
}

/// A calendar date (year, month, day) for certificate validity.
pub type Ymd = (i32, u8, u8);

fn dn(entries: &[(DnType, &str)]) -> DistinguishedName {
    let mut name = DistinguishedName::new();
    for (ty, text) in entries {
        let value = rcgen::string::PrintableString::try_from(*text)
            .map(DnValue::PrintableString)
            .unwrap_or_else(|_| DnValue::Utf8String(text.to_string()));
        name.push(ty.clone(), value);
    }
    name
}

fn serial_number_dn() -> DnType {
    DnType::CustomDnType(vec![2, 5, 4, 5])
}

fn title_dn() -> DnType {
    DnType::CustomDnType(vec![2, 5, 4, 12])
}

fn ca_params(name: DistinguishedName, serial: &[u8], validity: (Ymd, Ymd)) -> CertificateParams {
    let mut params = CertificateParams::default();
    params.distinguished_name = name;
    params.serial_number = Some(SerialNumber::from_slice(serial));
    params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
    params.not_before = rcgen::date_time_ymd(validity.0 .0, validity.0 .1, validity.0 .2);
    params.not_after = rcgen::date_time_ymd(validity.1 .0, validity.1 .1, validity.1 .2);
    params
}

fn new_key(alg: &'static SignatureAlgorithm) -> KeyPair {
    KeyPair::generate_for(alg).expect("test key generation")
}

// ------------------------------------------------------------------------------------------
// Android
// ------------------------------------------------------------------------------------------

/// The builder of a synthetic Android Key Attestation chain: root (P-384, like Google's
/// `Key Attestation CA1`) → intermediate (P-256) → attestation key (P-256) → leaf (the
/// attested key, with the KeyDescription), the names and extensions shaped like a real
/// factory-provisioned TEE chain. Change any field, then [`FakeAndroid::build`].
#[derive(Clone, Debug)]
pub struct FakeAndroid {
    /// The public key in the leaf (by default the device key given to [`FakeAndroid::new`]).
    pub leaf_public_key: Vec<u8>,
    /// The KeyDescription written into the leaf; edit it to make any check fail.
    pub key_description: KeyDescription,
    /// Serial numbers, leaf first (big-endian bytes).
    pub serials: [Vec<u8>; 4],
    /// Validity of the leaf.
    pub leaf_validity: (Ymd, Ymd),
    /// Validity of the intermediate and the attestation-key certificate.
    pub ca_validity: (Ymd, Ymd),
    /// Also put a KeyDescription into the attestation-key certificate (an attacker extending
    /// the chain below an attested key).
    pub key_description_in_parent: bool,
    /// The leaf's issuer name differs from its parent's subject (the StrongBox quirk).
    pub wrong_leaf_issuer_name: bool,
    /// Leave the KeyDescription extension out of the leaf.
    pub omit_key_description: bool,
    /// Write these bytes as the leaf's KeyDescription extension instead of
    /// [`FakeAndroid::key_description`].
    pub raw_key_description: Option<Vec<u8>>,
}

/// A synthetic Android chain and what verifies it.
#[derive(Clone, Debug)]
pub struct FakeAndroidChain {
    /// DER certificates, leaf first.
    pub chain: Vec<Vec<u8>>,
    /// SHA-256 of the test root's `SubjectPublicKeyInfo`.
    pub root_pin: [u8; 32],
    /// The app the chain names.
    pub app: AndroidApp,
}

impl FakeAndroidChain {
    /// The production policy for [`test_android_app`], pinning this chain's test root (and not
    /// Google's).
    pub fn policy(&self) -> AndroidPolicy {
        let mut policy = AndroidPolicy::production(vec![self.app.clone()]);
        policy.root_pins = vec![self.root_pin];
        policy
    }

    /// The development policy for [`test_android_app`], pinning this chain's test root.
    pub fn development_policy(&self) -> AndroidPolicy {
        let mut policy = AndroidPolicy::development(vec![self.app.clone()]);
        policy.root_pins = vec![self.root_pin];
        policy
    }
}

/// A TEE chain for `device_key` and `challenge`, as a locked, verified phone running
/// [`test_android_app`] would produce it.
pub fn fake_android_chain(device_key: &[u8], challenge: &[u8]) -> FakeAndroidChain {
    FakeAndroid::new(device_key, challenge).build()
}

/// The `attestationApplicationId` DER for one package and its signing digests.
pub fn attestation_application_id(package: &str, version: i64, digests: &[[u8; 32]]) -> Vec<u8> {
    let mut infos = SetOfVec::new();
    infos
        .insert(AttestationPackageInfo {
            package_name: OctetString::new(package.as_bytes()).expect("package name"),
            version,
        })
        .expect("one package");
    let mut set = SetOfVec::new();
    for d in digests {
        set.insert(OctetString::new(d.as_slice()).expect("digest"))
            .expect("distinct digests");
    }
    AttestationApplicationId {
        package_infos: infos,
        signature_digests: set,
    }
    .to_der()
    .expect("attestationApplicationId DER")
}

fn level_asn1(level: SecurityLevel) -> SecurityLevelAsn1 {
    match level {
        SecurityLevel::StrongBox => SecurityLevelAsn1::StrongBox,
        SecurityLevel::TrustedEnvironment => SecurityLevelAsn1::TrustedEnvironment,
        _ => SecurityLevelAsn1::Software,
    }
}

impl FakeAndroid {
    /// A KeyMint 300 (Android 14) TEE attestation of an EC P-256 signing key generated in the
    /// keystore, by [`test_android_app`], on a locked phone with verified boot and the
    /// 2025-01 patch level.
    pub fn new(device_key: &[u8], challenge: &[u8]) -> Self {
        let null = der::asn1::Null.to_der().expect("NULL");
        let creation_time = 1_735_689_600_000i64.to_der().expect("INTEGER");
        let software_enforced = AuthorizationList {
            attestation_application_id: Some(
                OctetString::new(attestation_application_id(
                    TEST_ANDROID_PACKAGE,
                    1,
                    &[test_signing_cert_digest()],
                ))
                .expect("application id"),
            ),
            other: vec![(701, creation_time)],
            ..Default::default()
        };
        let hardware_enforced = AuthorizationList {
            purpose: Some(SetOfVec::try_from(vec![value::PURPOSE_SIGN, 3]).expect("purposes")),
            algorithm: Some(value::ALGORITHM_EC),
            key_size: Some(256),
            digest: Some(SetOfVec::try_from(vec![4]).expect("digests")),
            ec_curve: Some(value::EC_CURVE_P_256),
            origin: Some(value::ORIGIN_GENERATED),
            root_of_trust: Some(RootOfTrust {
                verified_boot_key: OctetString::new(sha256(b"test verified boot key").to_vec())
                    .expect("boot key"),
                device_locked: true,
                verified_boot_state: VerifiedBootStateAsn1::Verified,
                verified_boot_hash: Some(
                    OctetString::new(sha256(b"test boot hash").to_vec()).expect("boot hash"),
                ),
            }),
            os_version: Some(140000),
            os_patch_level: Some(202501),
            vendor_patch_level: Some(20250105),
            boot_patch_level: Some(20250105),
            other: vec![(503, null)],
            ..Default::default()
        };
        FakeAndroid {
            leaf_public_key: device_key.to_vec(),
            key_description: KeyDescription {
                attestation_version: 300,
                attestation_security_level: SecurityLevelAsn1::TrustedEnvironment,
                keymint_version: 300,
                keymint_security_level: SecurityLevelAsn1::TrustedEnvironment,
                attestation_challenge: OctetString::new(challenge).expect("challenge"),
                unique_id: OctetString::new(Vec::new()).expect("empty"),
                software_enforced,
                hardware_enforced,
            },
            serials: [
                vec![0x01],
                vec![0x00, 0xb7, 0x4e, 0x2a, 0x91, 0x0c, 0x33, 0x5d, 0x18],
                vec![0x03, 0x88, 0x26, 0x76, 0x60, 0x65, 0x89, 0x96, 0x85, 0x7d],
                vec![0x5a, 0x17, 0x00, 0x2e],
            ],
            leaf_validity: ((2025, 1, 1), (2048, 1, 1)),
            ca_validity: ((2020, 1, 1), (2035, 1, 1)),
            key_description_in_parent: false,
            wrong_leaf_issuer_name: false,
            omit_key_description: false,
            raw_key_description: None,
        }
    }

    /// Sets both security levels. For [`SecurityLevel::Software`] (the emulator) the
    /// hardware-enforced properties move to the software-enforced list, as a software keystore
    /// writes them.
    pub fn with_security_level(mut self, level: SecurityLevel) -> Self {
        let kd = &mut self.key_description;
        kd.attestation_security_level = level_asn1(level);
        kd.keymint_security_level = level_asn1(level);
        if level_asn1(level) == SecurityLevelAsn1::Software {
            let hw = std::mem::take(&mut kd.hardware_enforced);
            let sw = &mut kd.software_enforced;
            sw.purpose = hw.purpose;
            sw.algorithm = hw.algorithm;
            sw.key_size = hw.key_size;
            sw.digest = hw.digest;
            sw.ec_curve = hw.ec_curve;
            sw.origin = hw.origin;
            sw.root_of_trust = hw.root_of_trust;
            sw.os_version = hw.os_version;
            sw.os_patch_level = hw.os_patch_level;
            sw.vendor_patch_level = hw.vendor_patch_level;
            sw.boot_patch_level = hw.boot_patch_level;
            sw.other.extend(hw.other);
        }
        self
    }

    /// Sets the root of trust's boot state and lock (in whichever list holds it).
    pub fn with_boot(mut self, state: VerifiedBootState, locked: bool) -> Self {
        let kd = &mut self.key_description;
        for list in [&mut kd.hardware_enforced, &mut kd.software_enforced] {
            if let Some(rot) = list.root_of_trust.as_mut() {
                rot.device_locked = locked;
                rot.verified_boot_state = match state {
                    VerifiedBootState::Verified => VerifiedBootStateAsn1::Verified,
                    VerifiedBootState::SelfSigned => VerifiedBootStateAsn1::SelfSigned,
                    VerifiedBootState::Unverified => VerifiedBootStateAsn1::Unverified,
                    VerifiedBootState::Failed => VerifiedBootStateAsn1::Failed,
                };
            }
        }
        self
    }

    /// Names another package and signing digests in `attestationApplicationId`.
    pub fn with_app(mut self, package: &str, digests: &[[u8; 32]]) -> Self {
        self.key_description
            .software_enforced
            .attestation_application_id = Some(
            OctetString::new(attestation_application_id(package, 1, digests))
                .expect("application id"),
        );
        self
    }

    /// Makes the chain.
    pub fn build(&self) -> FakeAndroidChain {
        let root_key = new_key(&PKCS_ECDSA_P384_SHA384);
        let root_params = ca_params(
            dn(&[(serial_number_dn(), "7e57a77e57a77e57")]),
            &self.serials[3],
            ((2020, 1, 1), (2045, 1, 1)),
        );
        let root_cert = root_params.self_signed(&root_key).expect("test root");
        let root_issuer = Issuer::new(root_params, root_key);

        let intermediate_key = new_key(&PKCS_ECDSA_P256_SHA256);
        let intermediate_params = ca_params(
            dn(&[
                (serial_number_dn(), "1e7e1e7e1e7e1e7e"),
                (title_dn(), "TEE"),
            ]),
            &self.serials[2],
            self.ca_validity,
        );
        let intermediate_cert = intermediate_params
            .signed_by(&intermediate_key, &root_issuer)
            .expect("test intermediate");
        let intermediate_issuer = Issuer::new(intermediate_params, intermediate_key);

        let attestation_key = new_key(&PKCS_ECDSA_P256_SHA256);
        let mut attestation_params = ca_params(
            dn(&[
                (serial_number_dn(), "a77e57a77e57a77e"),
                (title_dn(), "TEE"),
            ]),
            &self.serials[1],
            self.ca_validity,
        );
        let key_description = self.key_description.to_der().expect("KeyDescription DER");
        let oid: Vec<u64> = vec![1, 3, 6, 1, 4, 1, 11129, 2, 1, 17];
        if self.key_description_in_parent {
            attestation_params
                .custom_extensions
                .push(CustomExtension::from_oid_content(
                    &oid,
                    key_description.clone(),
                ));
        }
        let attestation_cert = attestation_params
            .signed_by(&attestation_key, &intermediate_issuer)
            .expect("test attestation key certificate");
        let mut leaf_issuer_params = attestation_params.clone();
        if self.wrong_leaf_issuer_name {
            leaf_issuer_params.distinguished_name = dn(&[
                (serial_number_dn(), "0000000000000000"),
                (title_dn(), "TEE"),
            ]);
        }
        let attestation_issuer = Issuer::new(leaf_issuer_params, attestation_key);

        let mut leaf_params = CertificateParams::default();
        leaf_params.distinguished_name = dn(&[(DnType::CommonName, "Android Keystore Key")]);
        leaf_params.serial_number = Some(SerialNumber::from_slice(&self.serials[0]));
        leaf_params.key_usages = vec![KeyUsagePurpose::DigitalSignature];
        leaf_params.not_before = rcgen::date_time_ymd(
            self.leaf_validity.0 .0,
            self.leaf_validity.0 .1,
            self.leaf_validity.0 .2,
        );
        leaf_params.not_after = rcgen::date_time_ymd(
            self.leaf_validity.1 .0,
            self.leaf_validity.1 .1,
            self.leaf_validity.1 .2,
        );
        if !self.omit_key_description {
            let content = self.raw_key_description.clone().unwrap_or(key_description);
            leaf_params
                .custom_extensions
                .push(CustomExtension::from_oid_content(&oid, content));
        }
        let leaf_cert = leaf_params
            .signed_by(&RawP256(&self.leaf_public_key), &attestation_issuer)
            .expect("test leaf");

        let root_spki = root_issuer.key().subject_public_key_info();
        FakeAndroidChain {
            chain: vec![
                leaf_cert.der().to_vec(),
                attestation_cert.der().to_vec(),
                intermediate_cert.der().to_vec(),
                root_cert.der().to_vec(),
            ],
            root_pin: sha256(&root_spki),
            app: test_android_app(),
        }
    }
}

// ------------------------------------------------------------------------------------------
// Apple
// ------------------------------------------------------------------------------------------

/// The builder of a synthetic App Attest attestation and binding assertion: root (P-384) →
/// intermediate (P-384) → credential certificate (the App Attest key, P-256, with the nonce
/// extension), an `authData` with the attested credential data and a COSE key, and an assertion
/// by the App Attest key. Change any field, then [`FakeApple::build`].
#[derive(Clone, Debug)]
pub struct FakeApple {
    /// The App Attest key.
    pub app_attest_key: TestKey,
    /// The App ID whose hash is the `rpIdHash` of the attestation.
    pub app: AppleApp,
    /// The App ID of the assertion (by default the same).
    pub assertion_app: AppleApp,
    /// The AAGUID (production by default).
    pub aaguid: [u8; 16],
    /// The attestation's counter (0 by default).
    pub counter: u32,
    /// The `clientDataHash` of the attestation (by default ours for the challenge and key).
    pub attestation_client_data_hash: [u8; 32],
    /// The `clientDataHash` of the binding assertion (by default ours).
    pub binding_client_data_hash: [u8; 32],
    /// The assertion's counter (1 by default).
    pub assertion_counter: u32,
    /// The key id sent in the evidence (by default SHA-256 of the App Attest public key).
    pub key_id: Vec<u8>,
    /// The credential id in `authData` (by default the key id).
    pub credential_id: Vec<u8>,
    /// Validity of the credential certificate.
    pub credential_validity: (Ymd, Ymd),
}

/// A synthetic App Attest evidence and what verifies it.
#[derive(Clone, Debug)]
pub struct FakeAppleAttestation {
    /// The evidence, as the app sends it.
    pub evidence: AppAttestEvidence,
    /// The test root certificate, DER.
    pub root_der: Vec<u8>,
    /// The app the attestation names.
    pub app: AppleApp,
    /// The App Attest key (to make more assertions).
    pub app_attest_key: TestKey,
}

impl FakeAppleAttestation {
    /// The production policy for the app, trusting this evidence's test root (and not Apple's).
    pub fn policy(&self) -> ApplePolicy {
        let mut policy = ApplePolicy::production(vec![self.app.clone()]);
        policy.roots = vec![self.root_der.clone()];
        policy
    }

    /// The development policy for the app, trusting this evidence's test root.
    pub fn development_policy(&self) -> ApplePolicy {
        let mut policy = ApplePolicy::development(vec![self.app.clone()]);
        policy.roots = vec![self.root_der.clone()];
        policy
    }

    /// Another assertion by the App Attest key, over `client_data_hash`, with `counter`.
    pub fn assertion(&self, client_data_hash: &[u8; 32], counter: u32) -> Vec<u8> {
        assertion(&self.app_attest_key, &self.app, client_data_hash, counter)
    }
}

/// An App Attest assertion (CBOR `{signature, authenticatorData}`) by `key` for `app`.
pub fn assertion(
    key: &TestKey,
    app: &AppleApp,
    client_data_hash: &[u8; 32],
    counter: u32,
) -> Vec<u8> {
    let mut auth_data = app.rp_id_hash().to_vec();
    auth_data.push(0x00);
    auth_data.extend_from_slice(&counter.to_be_bytes());
    let mut nonce_input = auth_data.clone();
    nonce_input.extend_from_slice(client_data_hash);
    let signature = key.sign(&sha256(&nonce_input));
    cbor(&Value::Map(vec![
        (Value::Text("signature".into()), Value::Bytes(signature)),
        (
            Value::Text("authenticatorData".into()),
            Value::Bytes(auth_data),
        ),
    ]))
}

fn cbor(value: &Value) -> Vec<u8> {
    let mut out = Vec::new();
    ciborium::ser::into_writer(value, &mut out).expect("CBOR");
    out
}

/// Production App Attest evidence for `device_key` and `challenge`, by [`test_apple_app`].
pub fn fake_apple_attestation(challenge: &[u8], device_key: &[u8]) -> FakeAppleAttestation {
    FakeApple::new(challenge, device_key).build()
}

impl FakeApple {
    /// Production evidence by [`test_apple_app`], binding `device_key` for `challenge` as
    /// `docs/attestation.md` defines.
    pub fn new(challenge: &[u8], device_key: &[u8]) -> Self {
        let key = TestKey::generate();
        let key_id = sha256(&key.public_key()).to_vec();
        FakeApple {
            app: test_apple_app(),
            assertion_app: test_apple_app(),
            aaguid: AAGUID_PRODUCTION,
            counter: 0,
            attestation_client_data_hash: attestation_client_data_hash(challenge, device_key),
            binding_client_data_hash: binding_client_data_hash(challenge, device_key),
            assertion_counter: 1,
            credential_id: key_id.clone(),
            key_id,
            app_attest_key: key,
            credential_validity: ((2025, 12, 30), (2026, 1, 30)),
        }
    }

    /// Uses the development environment's AAGUID.
    pub fn development(mut self) -> Self {
        self.aaguid = AAGUID_DEVELOPMENT;
        self
    }

    /// Makes the evidence.
    pub fn build(&self) -> FakeAppleAttestation {
        let public = self.app_attest_key.public_key();

        // authData: rpIdHash ‖ flags (AT) ‖ counter ‖ AAGUID ‖ credential id length ‖ id ‖ COSE key
        let mut auth_data = self.app.rp_id_hash().to_vec();
        auth_data.push(0x40);
        auth_data.extend_from_slice(&self.counter.to_be_bytes());
        auth_data.extend_from_slice(&self.aaguid);
        let id_len = u16::try_from(self.credential_id.len()).expect("credential id length");
        auth_data.extend_from_slice(&id_len.to_be_bytes());
        auth_data.extend_from_slice(&self.credential_id);
        auth_data.extend_from_slice(&cbor(&Value::Map(vec![
            (Value::Integer(1.into()), Value::Integer(2.into())),
            (Value::Integer(3.into()), Value::Integer((-7).into())),
            (Value::Integer((-1).into()), Value::Integer(1.into())),
            (
                Value::Integer((-2).into()),
                Value::Bytes(public[1..33].to_vec()),
            ),
            (
                Value::Integer((-3).into()),
                Value::Bytes(public[33..].to_vec()),
            ),
        ])));

        // The nonce extension: SEQUENCE { [1] EXPLICIT OCTET STRING SHA-256(authData ‖ cdh) }.
        let mut signed = auth_data.clone();
        signed.extend_from_slice(&self.attestation_client_data_hash);
        let nonce = sha256(&signed);
        let mut nonce_ext = vec![0x30, 0x24, 0xa1, 0x22, 0x04, 0x20];
        nonce_ext.extend_from_slice(&nonce);

        let root_key = new_key(&PKCS_ECDSA_P384_SHA384);
        let org = |cn: &str| {
            dn(&[
                (DnType::CommonName, cn),
                (DnType::OrganizationName, "vneid test"),
                (DnType::StateOrProvinceName, "Ha Noi"),
            ])
        };
        let root_params = ca_params(
            org("Test App Attestation Root CA"),
            &[0x01, 0x01],
            ((2020, 1, 1), (2045, 1, 1)),
        );
        let root_cert = root_params.self_signed(&root_key).expect("test root");
        let root_issuer = Issuer::new(root_params, root_key);

        let intermediate_key = new_key(&PKCS_ECDSA_P384_SHA384);
        let intermediate_params = ca_params(
            org("Test App Attestation CA 1"),
            &[0x02, 0x02],
            ((2020, 1, 1), (2030, 1, 1)),
        );
        let intermediate_cert = intermediate_params
            .signed_by(&intermediate_key, &root_issuer)
            .expect("test intermediate");
        let intermediate_issuer = Issuer::new(intermediate_params, intermediate_key);

        let mut leaf_params = CertificateParams::default();
        let key_id_hex: String = self.key_id.iter().map(|b| format!("{b:02x}")).collect();
        leaf_params.distinguished_name = dn(&[
            (DnType::CommonName, key_id_hex.as_str()),
            (DnType::OrganizationalUnitName, "AAA Certification"),
            (DnType::OrganizationName, "vneid test"),
        ]);
        leaf_params.serial_number = Some(SerialNumber::from_slice(&[0x03, 0x03]));
        leaf_params.key_usages = vec![KeyUsagePurpose::DigitalSignature];
        let (nb, na) = self.credential_validity;
        leaf_params.not_before = rcgen::date_time_ymd(nb.0, nb.1, nb.2);
        leaf_params.not_after = rcgen::date_time_ymd(na.0, na.1, na.2);
        leaf_params
            .custom_extensions
            .push(CustomExtension::from_oid_content(
                &[1, 2, 840, 113635, 100, 8, 2],
                nonce_ext,
            ));
        let leaf_cert = leaf_params
            .signed_by(&RawP256(&public), &intermediate_issuer)
            .expect("test credential certificate");

        let attestation = cbor(&Value::Map(vec![
            (
                Value::Text("fmt".into()),
                Value::Text("apple-appattest".into()),
            ),
            (
                Value::Text("attStmt".into()),
                Value::Map(vec![
                    (
                        Value::Text("x5c".into()),
                        Value::Array(vec![
                            Value::Bytes(leaf_cert.der().to_vec()),
                            Value::Bytes(intermediate_cert.der().to_vec()),
                        ]),
                    ),
                    (
                        Value::Text("receipt".into()),
                        Value::Bytes(b"test receipt".to_vec()),
                    ),
                ]),
            ),
            (Value::Text("authData".into()), Value::Bytes(auth_data)),
        ]));
        let assertion = assertion(
            &self.app_attest_key,
            &self.assertion_app,
            &self.binding_client_data_hash,
            self.assertion_counter,
        );
        FakeAppleAttestation {
            evidence: AppAttestEvidence {
                attestation,
                key_id: self.key_id.clone(),
                assertion,
            },
            root_der: root_cert.der().to_vec(),
            app: self.app.clone(),
            app_attest_key: self.app_attest_key.clone(),
        }
    }
}
