//! The server's logs carry no personal data: no names, no personal ID numbers, no dates of
//! birth, no passwords or session tokens, no full client addresses. (Its own test binary:
//! the log capture is process-wide.)

mod common;

use common::*;
use vneid_client::wire::Role;

#[test]
fn logs_carry_no_personal_data() {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::new("debug,sqlx::query=info"))
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    tracing::subscriber::set_global_default(subscriber).unwrap();

    let mut service = test_service_config();
    service.login_per_address_per_minute = 12;
    let bench = Bench::with(service, None);
    bench.add_named(CITIZEN_ID, CITIZEN_NAME, 2, Role::Citizen);
    let client = bench.client();
    let s = client.login(CITIZEN_ID, PASSWORD).unwrap();
    client.enrol(&s, &device(), &bench.android(|f| f)).unwrap();
    let e = client.enrol(&s, &device(), &bench.apple()).unwrap();
    client.papers(&s).unwrap();
    // Refusals, a lockout, a rate limit, a revocation by the holder.
    let _ = client.enrol(
        &s,
        &device(),
        &|_: &[u8], _: &vneid_core::keys::PublicKey| Ok(vneid_client::wire::Evidence::None),
    );
    for _ in 0..6 {
        let _ = client.login(CITIZEN_ID, "sai-mat-khau-77");
    }
    for _ in 0..6 {
        let _ = client.login("079099999999", "sai-mat-khau-77");
    }
    bench.clock.advance(3600);
    let s = client.login(CITIZEN_ID, PASSWORD).unwrap();
    client.revoke_device(&s).unwrap();
    bench.handle().sync_lists();
    drop(bench);

    let text = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    // The capture works: the events are there, by internal account id.
    for event in [
        "login",
        "enrolled",
        "attestation refused",
        "account locked",
        "rate limited",
        "revoked by the holder",
        "revocation list published",
    ] {
        assert!(text.contains(event), "no {event:?} in the logs:\n{text}");
    }
    assert!(
        text.contains("address=127.0.0.0/24"),
        "addresses are masked"
    );
    let serial = &e.serial;
    assert!(text.contains(serial.as_str()), "serials are not personal");
    for secret in [
        CITIZEN_ID,
        "079099999999",
        "090012345",
        CITIZEN_NAME,
        "Nguyễn",
        CITIZEN_DOB,
        "02/01/1990",
        PASSWORD,
        "sai-mat-khau-77",
        s.token(),
        "address=127.0.0.1",
    ] {
        assert!(!text.contains(secret), "{secret:?} in the logs:\n{text}");
    }
}
