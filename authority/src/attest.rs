//! The attestation check at enrolment: the evidence of the API (`wire::Evidence`) verified by
//! `vneid-attestation` under the policy the configuration names.

use vneid_attestation::{
    verify_android, verify_apple, AndroidApp, AndroidPolicy, AppAttestEvidence, AppleApp,
    AppleEvidence, ApplePolicy, Attestation, Refusal, RevocationList,
};
use vneid_client::wire::Evidence;

use crate::config::{AttestationConfig, Layout};
use crate::error::{Error, Result};

/// The two platforms' policies.
#[derive(Clone, Debug)]
pub struct Policies {
    /// Android Key Attestation.
    pub android: AndroidPolicy,
    /// Apple App Attest.
    pub apple: ApplePolicy,
}

fn hex32(s: &str) -> Result<[u8; 32]> {
    let s = s.trim();
    if s.len() != 64 || !s.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(Error::Config(format!("{s:?} is not 64 hex digits")));
    }
    let mut out = [0u8; 32];
    for (i, o) in out.iter_mut().enumerate() {
        *o = u8::from_str_radix(&s[2 * i..2 * i + 2], 16)
            .map_err(|_| Error::Config("hex".into()))?;
    }
    Ok(out)
}

impl Policies {
    /// The policies `config.json` describes: production unless it says development.
    pub fn from_config(c: &AttestationConfig, layout: &Layout) -> Result<Self> {
        let android_apps = c
            .android_apps
            .iter()
            .map(|a| {
                Ok(AndroidApp {
                    package_name: a.package_name.clone(),
                    signing_cert_digests: a
                        .signing_cert_digests
                        .iter()
                        .map(|d| hex32(d))
                        .collect::<Result<_>>()?,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        let apple_apps = c
            .apple_apps
            .iter()
            .map(|a| AppleApp::new(&a.team_id, &a.bundle_id))
            .collect::<Vec<_>>();
        let (mut android, apple) = if c.development {
            (
                AndroidPolicy::development(android_apps),
                ApplePolicy::development(apple_apps),
            )
        } else {
            (
                AndroidPolicy::production(android_apps),
                ApplePolicy::production(apple_apps),
            )
        };
        for pin in &c.android_extra_root_pins {
            android.root_pins.push(hex32(pin)?);
        }
        android.min_os_patch_level = c.android_min_os_patch_level;
        if let Some(path) = &c.android_status_list {
            let path = if path.is_absolute() {
                path.clone()
            } else {
                layout.dir().join(path)
            };
            let bytes = std::fs::read(&path).map_err(Error::io(path.display().to_string()))?;
            android.revocations = RevocationList::from_json(&bytes)
                .map_err(|e| Error::Config(format!("{}: {e}", path.display())))?;
        }
        Ok(Policies { android, apple })
    }
}

/// What the evidence proved, as the service keeps it.
#[derive(Clone, Debug)]
pub struct Verified {
    /// `android`, `ios` or `none`.
    pub platform: &'static str,
    /// Accepted only under a development policy.
    pub development: bool,
    /// The full result.
    pub attestation: Attestation,
}

/// The name of the check a refusal names (the `Refusal` variant), for the API's `check`.
pub fn check_name(r: &Refusal) -> String {
    let d = format!("{r:?}");
    d.split(|c: char| !c.is_ascii_alphanumeric())
        .next()
        .unwrap_or("Unknown")
        .to_owned()
}

/// Verifies the evidence for `challenge` and `device_key` at `now`.
pub fn verify(
    policies: &Policies,
    evidence: &Evidence,
    challenge: &[u8],
    device_key: &[u8],
    now: i64,
) -> std::result::Result<Verified, Refusal> {
    let (platform, attestation) = match evidence {
        Evidence::Android { chain } => {
            let chain: Vec<&[u8]> = chain.iter().map(|c| c.0.as_slice()).collect();
            (
                "android",
                verify_android(&chain, challenge, device_key, &policies.android, now)?,
            )
        }
        Evidence::Ios {
            attestation,
            key_id,
            assertion,
        } => {
            let e = AppleEvidence::AppAttest(AppAttestEvidence {
                attestation: attestation.0.clone(),
                key_id: key_id.0.clone(),
                assertion: assertion.0.clone(),
            });
            (
                "ios",
                verify_apple(&e, challenge, device_key, &policies.apple, now)?,
            )
        }
        Evidence::None => (
            "none",
            verify_apple(
                &AppleEvidence::None,
                challenge,
                device_key,
                &policies.apple,
                now,
            )?,
        ),
    };
    Ok(Verified {
        platform,
        development: attestation.development,
        attestation,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_names_are_the_variant() {
        assert_eq!(check_name(&Refusal::ChallengeMismatch), "ChallengeMismatch");
        assert_eq!(
            check_name(&Refusal::CertificateNotValidAt { index: 2 }),
            "CertificateNotValidAt"
        );
    }

    #[test]
    fn production_is_the_default_and_development_is_explicit() {
        let dir = tempfile::tempdir().unwrap();
        let layout = Layout::new(dir.path());
        let p = Policies::from_config(&AttestationConfig::default(), &layout).unwrap();
        assert!(!p.android.allow_software && !p.apple.allow_no_evidence);
        let c = AttestationConfig {
            development: true,
            ..Default::default()
        };
        let p = Policies::from_config(&c, &layout).unwrap();
        assert!(p.android.allow_software && p.apple.allow_no_evidence);
        let bad = AttestationConfig {
            android_extra_root_pins: vec!["xyz".into()],
            ..Default::default()
        };
        assert!(Policies::from_config(&bad, &layout).is_err());
    }
}
