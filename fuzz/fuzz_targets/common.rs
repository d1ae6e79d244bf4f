// Shared by the fuzz targets: one officer with a loaded trust bundle.
use std::sync::{Arc, OnceLock};

use vneid_core::issuer::Authority;
use vneid_core::clock::TestClock;
use vneid_core::flows::{OfficerAccount, OfficerApp};
use vneid_core::identity::AssuranceLevel;
use vneid_core::keys::PublicKey;
use vneid_core::verifier::Policy;

pub const T0: i64 = 1_795_402_800;

pub fn officer() -> &'static (OfficerApp, PublicKey) {
    static O: OnceLock<(OfficerApp, PublicKey)> = OnceLock::new();
    O.get_or_init(|| {
        let mut a = Authority::create(T0 - 86_400).expect("authority");
        let b = a.publish(T0).expect("publish");
        let root = a.root_public_key().expect("root");
        let o = OfficerApp::new(
            OfficerAccount { full_name: "fuzz".into(), level: AssuranceLevel::Level2 },
            root.clone(),
            Policy::default(),
            Arc::new(TestClock::at(T0)),
        )
        .expect("officer");
        o.update_trust(&b.trust_list, &b.revocation_list).expect("trust");
        (o, root)
    })
}
