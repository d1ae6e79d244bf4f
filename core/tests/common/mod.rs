//! A small world for integration tests: an authority, an enrolled level-2 citizen with the QR
//! setting on, and an officer holding the authority's lists, all on one test clock.
#![allow(dead_code)]

use std::sync::Arc;

use vneid_core::clock::{Clock, TestClock};
use vneid_core::flows::{CitizenAccount, CitizenApp, OfficerAccount, OfficerApp};
use vneid_core::identity::{parse_date, AssuranceLevel, Identity, PersonalId};
use vneid_core::issuer::Authority;
use vneid_core::keys::{Signer, SoftwareSigner};
use vneid_core::trust::TrustBundle;
use vneid_core::verifier::Policy;

/// 2026-11-23T03:00:00Z.
pub const T0: i64 = 1_795_402_800;
pub const DAY: i64 = 86_400;

pub struct World {
    pub clock: TestClock,
    pub authority: Authority,
    pub bundle: TrustBundle,
    pub citizen: CitizenApp,
    pub officer: OfficerApp,
}

pub fn identity() -> Identity {
    Identity::new(
        "Nguyễn Văn An",
        parse_date("1990-01-02").unwrap(),
        PersonalId::new("001090012345").unwrap(),
    )
    .unwrap()
}

pub fn citizen(clock: &TestClock, level: AssuranceLevel) -> CitizenApp {
    let device: Arc<dyn Signer> = Arc::new(SoftwareSigner::generate().unwrap());
    CitizenApp::new(
        CitizenAccount {
            identity: identity(),
            level,
        },
        device,
        Arc::new(clock.clone()),
    )
}

pub fn officer(
    clock: &TestClock,
    authority: &Authority,
    bundle: &TrustBundle,
    policy: Policy,
) -> OfficerApp {
    let o = OfficerApp::new(
        OfficerAccount {
            full_name: "Trần Thị Bình".into(),
            level: AssuranceLevel::Level2,
        },
        authority.root_public_key().unwrap(),
        policy,
        Arc::new(clock.clone()),
    )
    .unwrap();
    o.update_trust(&bundle.trust_list, &bundle.revocation_list)
        .unwrap();
    o
}

pub fn world_with(policy: Policy) -> World {
    // The authority has existed for a month and the citizen enrolled yesterday, as in life:
    // nothing in a test should hinge on keys made in the same second.
    let clock = TestClock::at(T0 - 30 * DAY);
    let mut authority = Authority::create(clock.now()).unwrap();
    clock.set(T0 - DAY);
    let mut citizen = citizen(&clock, AssuranceLevel::Level2);
    citizen.enrol(&authority).unwrap();
    citizen.set_qr_verification(true).unwrap();
    clock.set(T0);
    let bundle = authority.publish(clock.now()).unwrap();
    let officer = officer(&clock, &authority, &bundle, policy);
    World {
        clock,
        authority,
        bundle,
        citizen,
        officer,
    }
}

/// The device a citizen's papers are issued to: its key and certificate serial.
#[allow(dead_code)] // not every test binary issues papers
pub fn holder(citizen: &CitizenApp) -> vneid_core::paper::Holder {
    vneid_core::paper::Holder {
        device_key: citizen.device().public_key().unwrap(),
        device_serial: citizen.certificate().unwrap().claims().serial,
        level: citizen.certificate().unwrap().claims().level,
        device_expires_at: citizen.certificate().unwrap().claims().expires_at,
    }
}

impl World {
    /// The authority publishes fresh lists now and the officer installs them: an officer who
    /// keeps the lists up to date, as the policy requires (`max_list_staleness_secs`).
    #[allow(dead_code)] // not every test binary moves time that far
    pub fn refresh_lists(&mut self) {
        self.bundle = self.authority.publish(self.clock.now()).unwrap();
        self.officer
            .update_trust(&self.bundle.trust_list, &self.bundle.revocation_list)
            .unwrap();
    }
}

pub fn world() -> World {
    world_with(Policy::default())
}
