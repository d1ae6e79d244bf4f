//! The storage suite, run against SQLite always and against PostgreSQL when
//! `VNEID_TEST_POSTGRES_URL` names a server (`scripts/postgres-test.sh` starts a throwaway
//! cluster and sets it): the same statements, the same guarantees (single-use challenges,
//! one winner per enrolment race, disjoint serials, one sequence number per publication,
//! revocation deltas made from the database), and the whole service on each (deltas too).

mod common;

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::Arc;

use common::*;
use sqlx::Executor as _;
use vneid_authority::challenge::ChallengeClaims;
use vneid_authority::config::ServiceConfig;
use vneid_authority::store::{Count, Enrolment, NewAccount, NewIssued, Store};
use vneid_client::wire::Role;
use vneid_client::{Fetched, FetchedDelta, ListKind, ListUpdate};
use vneid_core::trust::{RevocationDelta, RevocationList, TrustCache};

const NOW: i64 = 1_767_225_600;

fn postgres_url() -> Option<String> {
    match std::env::var("VNEID_TEST_POSTGRES_URL") {
        Ok(u) if !u.is_empty() => Some(u),
        _ => {
            // Straight to the file descriptor, past the test harness's capture, so that a
            // plain `cargo test` shows it.
            use std::io::Write as _;
            let _ = writeln!(
                std::io::stderr(),
                "PostgreSQL storage tests skipped: VNEID_TEST_POSTGRES_URL is not set \
                 (bash scripts/postgres-test.sh starts a throwaway cluster and sets it)"
            );
            None
        }
    }
}

/// A new, empty database on the server `admin_url` names.
async fn fresh_postgres(admin_url: &str) -> String {
    sqlx::any::install_default_drivers();
    static N: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let name = format!(
        "vneid_test_{}_{}_{}",
        std::process::id(),
        N.fetch_add(1, std::sync::atomic::Ordering::SeqCst),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .subsec_nanos()
    );
    let pool = sqlx::any::AnyPoolOptions::new()
        .max_connections(1)
        .connect(admin_url)
        .await
        .unwrap();
    pool.execute(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
        .await
        .unwrap();
    pool.close().await;
    let base = admin_url.split('?').next().unwrap();
    let (server, _) = base.rsplit_once('/').unwrap();
    format!("{server}/{name}")
}

fn account(pid: &str) -> NewAccount {
    NewAccount {
        personal_id: pid.into(),
        full_name: "Lê Thị Hồng Nhung".into(),
        date_of_birth: "1988-03-08".into(),
        sex: "Nữ".into(),
        level: 2,
        role: Role::Citizen,
    }
}

fn issued(serial: u64, device_serial: u64, not_after: i64) -> NewIssued {
    NewIssued {
        serial,
        device: serial == device_serial,
        device_serial,
        type_code: (serial != device_serial).then(|| "gplx".to_owned()),
        platform: "android".into(),
        development: false,
        body: vec![serial as u8; 40],
        not_after,
    }
}

/// Everything the service asks of its database.
async fn suite(url: &str) {
    // Migrations run once; opening again is a no-op.
    let store = Store::open(url, 8, "normal").await.unwrap();
    let again = Store::open(url, 2, "normal").await.unwrap();
    again.close().await;

    // Accounts: UTF-8 round trip, one per personal ID.
    let id = store
        .add_account(&account("001088000001"), "$argon2id$x", NOW)
        .await
        .unwrap();
    let other = store
        .add_account(&account("001088000002"), "$argon2id$y", NOW)
        .await
        .unwrap();
    assert!(store
        .add_account(&account("001088000001"), "h", NOW)
        .await
        .is_err());
    let a = store
        .account_by_personal_id("001088000001")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (a.id, a.full_name.as_str(), a.sex.as_str()),
        (id, "Lê Thị Hồng Nhung", "Nữ")
    );
    assert_eq!(
        (a.level, a.role, a.failed_logins, a.locked_until),
        (2, Role::Citizen, 0, 0)
    );
    assert!(store
        .account_by_personal_id("001088000009")
        .await
        .unwrap()
        .is_none());

    // Lockout counting: the fifth failure locks and resets the count.
    for _ in 0..4 {
        assert_eq!(store.login_failed(id, 5, NOW + 900).await.unwrap(), 0);
    }
    assert_eq!(
        store.login_failed(id, 5, NOW + 900).await.unwrap(),
        NOW + 900
    );
    let a = store.account(id).await.unwrap().unwrap();
    assert_eq!((a.failed_logins, a.locked_until), (0, NOW + 900));
    store.login_failed(id, 5, NOW + 900).await.unwrap();
    store.login_succeeded(id).await.unwrap();
    assert_eq!(store.account(id).await.unwrap().unwrap().failed_logins, 0);

    // Sessions expire; deleting ends them.
    store
        .create_session(&[1; 32], id, NOW, NOW + 60)
        .await
        .unwrap();
    store
        .create_session(&[2; 32], id, NOW, NOW + 60)
        .await
        .unwrap();
    let s = store.session(&[1; 32], NOW).await.unwrap().unwrap();
    assert_eq!((s.account_id, s.level, s.role), (id, 2, Role::Citizen));
    assert!(store.session(&[1; 32], NOW + 60).await.unwrap().is_none());
    store.delete_session(&[1; 32]).await.unwrap();
    assert!(store.session(&[1; 32], NOW).await.unwrap().is_none());

    // A challenge's use is recorded once, even when eight requests race to use it (its
    // claims are checked by the service before; see challenge.rs).
    let claims = |account_id: i64, generation: i64| ChallengeClaims {
        account_id,
        generation,
        expires_at: NOW + 300,
    };
    let mut tasks = Vec::new();
    for _ in 0..8 {
        let st = store.clone();
        tasks.push(tokio::spawn(async move {
            st.consume_challenge(&[7; 32], &claims(id, 0), NOW + 1)
                .await
                .unwrap()
        }));
    }
    let mut firsts = 0;
    for t in tasks {
        firsts += usize::from(t.await.unwrap());
    }
    assert_eq!(firsts, 1);
    assert!(store.challenge_used(&[7; 32]).await.unwrap());
    assert!(!store.challenge_used(&[8; 32]).await.unwrap());

    // Serials: concurrent allocations never overlap and leave no hole.
    let mut tasks = Vec::new();
    for _ in 0..8 {
        let st = store.clone();
        tasks.push(tokio::spawn(async move {
            let mut v = Vec::new();
            for _ in 0..25 {
                v.push(st.allocate_serials(5).await.unwrap());
            }
            v
        }));
    }
    let mut all = BTreeSet::new();
    for t in tasks {
        for first in t.await.unwrap() {
            for s in first..first + 5 {
                assert!(all.insert(s), "serial {s} allocated twice");
            }
        }
    }
    assert_eq!(all.len(), 1000);
    assert_eq!(*all.first().unwrap(), 1);
    assert_eq!(*all.last().unwrap(), 1000);

    // Enrolment: two racing enrolments (two challenges of one generation), one winner; the
    // challenge is used, the generation checked and the rows stored in one transaction.
    let rows = |d: u64| {
        vec![
            issued(d, d, NOW + 1000),
            issued(d + 1, d, NOW + 1000),
            issued(d + 2, d, NOW + 10),
        ]
    };
    // Returns the outcome and the serial the rows were signed under.
    let enrol = |st: Store, account: i64, c: u8, generation: i64, at: i64| async move {
        let first = st.allocate_serials(3).await.unwrap();
        let e = st
            .enrol(&[c; 32], &claims(account, generation), at, &rows(first))
            .await
            .unwrap();
        (e, first)
    };
    let (r1, r2) = tokio::join!(
        tokio::spawn(enrol(store.clone(), id, 20, 0, NOW)),
        tokio::spawn(enrol(store.clone(), id, 21, 0, NOW)),
    );
    let (r1, r2) = (r1.unwrap(), r2.unwrap());
    let (done, lost) = match (&r1.0, &r2.0) {
        (Enrolment::Done { .. }, Enrolment::Conflict) => (r1.clone(), 21u8),
        (Enrolment::Conflict, Enrolment::Done { .. }) => (r2.clone(), 20u8),
        other => panic!("exactly one winner: {other:?}"),
    };
    let (Enrolment::Done { replaced }, winner) = done else {
        unreachable!()
    };
    assert!(replaced.is_empty());
    assert!(winner > 1000, "after the serials allocated above");
    let d = store.active_device(id).await.unwrap().unwrap();
    assert_eq!(
        (d.serial, d.platform.as_str(), d.development),
        (winner, "android", false)
    );
    assert_eq!(store.papers(id, winner).await.unwrap().len(), 2);
    assert!(
        !store.list_state().await.unwrap().2,
        "nothing to revoke yet"
    );
    // The loser's challenge was not used, but its generation is gone.
    assert!(matches!(
        enrol(store.clone(), id, lost, 0, NOW).await.0,
        Enrolment::Conflict
    ));
    // A used challenge stays used.
    assert!(matches!(
        enrol(store.clone(), id, 20 + 21 - lost, 0, NOW).await.0,
        Enrolment::ChallengeUsed
    ));

    // The next enrolment (a challenge issued after the first, at generation 1) revokes the previous device and
    // its papers.
    let (Enrolment::Done { replaced }, next) = enrol(store.clone(), id, 22, 1, NOW + 5).await
    else {
        panic!("enrolled")
    };
    assert_eq!(
        replaced.iter().copied().collect::<BTreeSet<_>>(),
        [winner, winner + 1, winner + 2].into()
    );
    assert_eq!(store.active_device(id).await.unwrap().unwrap().serial, next);
    assert!(next > winner, "serials increase");

    // Lists: the revocation is waiting; publication numbers each list once, names the
    // revoked serials still valid (not the expired paper), and clears the flag.
    store
        .init_lists(
            (1, b"trust-1"),
            (1, b"revocation-1"),
            Some((NOW, NOW + 100)),
            NOW,
            NOW + 100,
        )
        .await
        .unwrap();
    store
        .init_lists((9, b"x"), (9, b"x"), Some((NOW, NOW)), NOW, NOW)
        .await
        .unwrap();
    let (t, r, dirty) = store.list_state().await.unwrap();
    assert_eq!((t, r, dirty), (1, 1, true));
    let seen = Arc::new(std::sync::Mutex::new(Vec::new()));
    let seen2 = seen.clone();
    let seq = store
        .publish("revocation", NOW + 20, NOW + 1000, move |seq, revoked| {
            *seen2.lock().unwrap() = revoked.to_vec();
            Ok(format!("revocation-{seq}").into_bytes())
        })
        .await
        .unwrap();
    assert_eq!(seq, 2);
    assert_eq!(
        *seen.lock().unwrap(),
        vec![winner],
        "the device only: its papers are bound to its serial (one has ended besides)"
    );
    let l = store.list("revocation").await.unwrap().unwrap();
    assert_eq!(
        (l.sequence, l.body.as_slice(), l.dirty),
        (2, &b"revocation-2"[..], false)
    );
    // Each revocation list is recorded as published (the empty one of `init` too, once),
    // and the change between two is made from the database.
    let p1 = store.revocation_publication(1).await.unwrap().unwrap();
    let p2 = store.revocation_publication(2).await.unwrap().unwrap();
    assert_eq!(
        (p1.issued_at, p1.next_update, p1.revoked),
        (NOW, NOW + 100, 0)
    );
    assert_eq!(
        (p2.issued_at, p2.next_update, p2.revoked),
        (NOW + 20, NOW + 1000, 1)
    );
    assert!(store.revocation_publication(9).await.unwrap().is_none());
    assert_eq!(
        store.revocation_changes(&p1, &p2).await.unwrap(),
        (vec![winner], vec![])
    );

    // Racing publications get distinct numbers.
    let mut tasks = Vec::new();
    for _ in 0..6 {
        let st = store.clone();
        tasks.push(tokio::spawn(async move {
            st.publish("trust", NOW, NOW + 10, |seq, _| {
                Ok(seq.to_string().into_bytes())
            })
            .await
            .unwrap()
        }));
    }
    let mut seqs = BTreeSet::new();
    for t in tasks {
        seqs.insert(t.await.unwrap());
    }
    assert_eq!(seqs, (2..8).collect());
    let l = store.list("trust").await.unwrap().unwrap();
    assert_eq!(l.body, b"7");

    // The holder's revocation: everything held, other sessions ended, challenges voided.
    let revoked = store
        .revoke_by_holder(id, &[2; 32], NOW + 30)
        .await
        .unwrap();
    assert_eq!(revoked.len(), 3);
    assert!(store.active_device(id).await.unwrap().is_none());
    assert!(
        store.session(&[2; 32], NOW).await.unwrap().is_some(),
        "the session asking stays"
    );
    assert!(store.list_state().await.unwrap().2);
    assert!(
        matches!(
            enrol(store.clone(), id, 10, 2, NOW + 31).await.0,
            Enrolment::Conflict
        ),
        "voided"
    );

    // Deltas: list 3 adds the holder's revocation; list 4, later, drops what has ended; list
    // 5, from a replica whose clock is behind, names again what had not ended by its time.
    let publish = |at: i64| {
        let st = store.clone();
        let seen = seen.clone();
        async move {
            let into = seen.clone();
            let seq = st
                .publish("revocation", at, at + 1000, move |seq, revoked| {
                    *into.lock().unwrap() = revoked.to_vec();
                    Ok(format!("revocation-{seq}").into_bytes())
                })
                .await
                .unwrap();
            let p = st.revocation_publication(seq).await.unwrap().unwrap();
            (p, seen.lock().unwrap().clone())
        }
    };
    // Devices only: their papers are bound to their serials and named by no list.
    let all = vec![winner, next];
    assert_eq!(
        store.count(Count::Pending).await.unwrap(),
        3,
        "next and its papers"
    );
    let (p3, l3) = publish(NOW + 500).await;
    assert_eq!((p3.sequence, &l3, p3.revoked), (3, &all, 2));
    assert_eq!(
        store.count(Count::Pending).await.unwrap(),
        0,
        "the papers are settled, not left for every later publication to look at again"
    );
    assert_eq!(
        store.revocation_changes(&p2, &p3).await.unwrap(),
        (vec![next], vec![]),
        "next's papers (next + 1, next + 2) are named by no list"
    );
    assert_eq!(
        store.revocation_changes(&p1, &p3).await.unwrap(),
        (all.clone(), vec![])
    );
    let (p4, l4) = publish(NOW + 1000).await;
    assert!(l4.is_empty(), "everything ended at NOW + 1000");
    assert_eq!(
        store.revocation_changes(&p3, &p4).await.unwrap(),
        (vec![], all.clone())
    );
    assert_eq!(
        store.revocation_changes(&p2, &p4).await.unwrap(),
        (vec![], vec![winner]),
        "named after list 2 and ended by list 4: in neither"
    );
    let (p5, l5) = publish(NOW + 600).await;
    assert_eq!(l5, all);
    assert_eq!(
        store.revocation_changes(&p4, &p5).await.unwrap(),
        (all.clone(), vec![])
    );
    // A signed delta is stored once: the first one stays, for every replica.
    assert_eq!(
        store.store_revocation_delta(4, 5, b"first").await.unwrap(),
        b"first"
    );
    assert_eq!(
        store.store_revocation_delta(4, 5, b"second").await.unwrap(),
        b"first"
    );
    assert_eq!(
        store.revocation_delta(4, 5).await.unwrap().unwrap(),
        b"first"
    );
    assert!(store.revocation_delta(3, 5).await.unwrap().is_none());
    // Purging: publications issued before the window and deltas to superseded lists.
    store.purge_revocation_deltas(NOW + 15, 5).await.unwrap();
    assert!(store.revocation_publication(1).await.unwrap().is_none());
    assert!(store.revocation_publication(2).await.unwrap().is_some());
    assert!(store.revocation_delta(4, 5).await.unwrap().is_some());
    store.purge_revocation_deltas(NOW + 2000, 5).await.unwrap();
    assert!(store.revocation_publication(4).await.unwrap().is_none());
    assert!(
        store.revocation_publication(5).await.unwrap().is_some(),
        "kept while it is the current list"
    );
    assert!(store.revocation_delta(4, 5).await.unwrap().is_some());
    store.purge_revocation_deltas(NOW, 6).await.unwrap();
    assert!(store.revocation_delta(4, 5).await.unwrap().is_none());

    // Operator revocation of one serial (a device with its papers) and of an account.
    let (Enrolment::Done { .. }, o) = enrol(store.clone(), other, 30, 0, NOW).await else {
        panic!("enrolled")
    };
    assert_eq!(store.revoke_serial(o + 1, NOW).await.unwrap(), vec![o + 1]);
    let (_, l) = publish(NOW + 700).await;
    assert!(l.contains(&(o + 1)), "a paper withdrawn alone is named");
    let mut r = store.revoke_serial(o, NOW).await.unwrap();
    r.sort();
    assert_eq!(r, vec![o, o + 2]);
    let (_, l) = publish(NOW + 700).await;
    assert!(
        l.contains(&o) && l.contains(&(o + 1)),
        "the device now, and the paper withdrawn before it still: {l:?}"
    );
    assert!(store.revoke_serial(o, NOW).await.unwrap().is_empty());
    assert!(store.serial_exists(o).await.unwrap());
    assert!(!store.serial_exists(99).await.unwrap());
    assert!(store.revoke_account(other, NOW).await.unwrap().is_empty());

    assert_eq!(store.count(Count::Accounts).await.unwrap(), 2);
    assert_eq!(store.count(Count::ActiveDevices).await.unwrap(), 0);
    assert_eq!(store.count(Count::Issued).await.unwrap(), 9);

    // Purging drops expired sessions.
    store.purge(NOW + 100).await.unwrap();
    assert!(store.session(&[2; 32], NOW).await.unwrap().is_none());
    store.close().await;
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap()
}

#[test]
fn storage_suite_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}?mode=rwc", dir.path().join("t.db").display());
    runtime().block_on(suite(&url));
}

#[test]
fn storage_suite_on_postgres() {
    let Some(admin) = postgres_url() else { return };
    let rt = runtime();
    let url = rt.block_on(fresh_postgres(&admin));
    rt.block_on(suite(&url));
}

/// The whole service on a database: enrolment, re-enrolment, the holder's revocation
/// reaching an officer, a restart.
fn service_flow(database_url: Option<String>) {
    let mut bench = Bench::with(test_service_config(), database_url);
    bench.add_account(CITIZEN_ID, 2, Role::Citizen);
    bench.add_account("001080000001", 2, Role::Officer);
    let client = bench.client();
    let s = client.login(CITIZEN_ID, PASSWORD).unwrap();
    let first = client.enrol(&s, &device(), &bench.android(|f| f)).unwrap();
    let second = client.enrol(&s, &device(), &bench.apple()).unwrap();
    assert_eq!(second.replaced.len(), 5);
    let officer = client.login("001080000001", PASSWORD).unwrap();
    let o = client
        .enrol(&officer, &device(), &bench.android(|f| f))
        .unwrap();
    assert_eq!(o.role, Role::Officer);
    let cache_dir = tempfile::tempdir().unwrap();
    let mut cache = bench.officer_cache(cache_dir.path());
    bench.handle().sync_lists();
    client.refresh(&mut cache).unwrap();
    let list = cache.store().lists().unwrap().1.clone();
    assert!(list.revoked.contains(&first.certificate.claims().serial));
    let r = client.revoke_device(&s).unwrap();
    assert!(r.revoked.contains(&second.serial));
    client.refresh(&mut cache).unwrap();
    assert!(cache
        .store()
        .lists()
        .unwrap()
        .1
        .revoked
        .contains(&second.certificate.claims().serial));

    bench.restart();
    let client = bench.client();
    assert_eq!(
        client.account(&officer).unwrap().device.unwrap().serial,
        o.serial
    );
    assert!(client.account(&s).unwrap().device.is_none());
    let u = client.refresh(&mut cache).unwrap();
    assert_eq!(u.revocation, ListUpdate::NotModified);
    let again = client.enrol(&s, &device(), &bench.android(|f| f)).unwrap();
    assert!(again.serial > o.serial);
}

#[test]
fn the_service_on_sqlite() {
    service_flow(None);
}

#[test]
fn the_service_on_postgres() {
    let Some(admin) = postgres_url() else { return };
    let url = runtime().block_on(fresh_postgres(&admin));
    service_flow(Some(url));
}

/// The officer's revocation list is the one the service serves in full, and so is the one
/// its state folder gives after a restart.
fn held_is_served(client: &vneid_client::AuthorityClient, officer: &TrustCache, dir: &Path) {
    let Fetched::List { bytes, .. } = client.fetch_list(ListKind::Revocation, None).unwrap() else {
        panic!("a list")
    };
    let full = RevocationList::verify(&bytes, officer.root()).unwrap();
    assert_eq!(officer.store().revocation_list(), Some(&full));
    let reopened = TrustCache::open(dir).unwrap();
    assert_eq!(reopened.store().revocation_list(), Some(&full));
}

/// `n` devices of an account of their own, revoked: the store's own calls, as enrolments would
/// make them (each enrolment revokes the device before; the operator revokes the last). Devices,
/// since a paper whose device is revoked is not named on the list.
fn revoke_many(bench: &Bench, n: u64) {
    let store = bench.handle().store();
    bench.handle().block_on(async {
        let id = store
            .add_account(&account("001088000777"), "$argon2id$x", NOW)
            .await
            .unwrap();
        for batch in 0..n {
            let serial = store.allocate_serials(1).await.unwrap();
            let rows = [issued(
                serial,
                serial,
                vneid_attestation::testing::TEST_NOW + 30 * 86_400,
            )];
            let claims = ChallengeClaims {
                account_id: id,
                generation: batch as i64,
                expires_at: i64::MAX,
            };
            let mut challenge = [0u8; 32];
            challenge[..8].copy_from_slice(&batch.to_be_bytes());
            let e = store.enrol(&challenge, &claims, NOW, &rows).await.unwrap();
            assert!(matches!(e, Enrolment::Done { .. }));
        }
        store.revoke_account(id, NOW).await.unwrap();
    });
}

/// Revocation deltas end to end on a database: a refresh applies the delta from the held list
/// and ends on the full list's content; 304 when current; the same bytes after a restart; a
/// base older than the window is 410 and the client takes the full list.
fn delta_flow(database_url: Option<String>) {
    let service = ServiceConfig {
        revocation_delta_window_secs: 3600,
        ..test_service_config()
    };
    let mut bench = Bench::with(service, database_url);
    bench.add_account(CITIZEN_ID, 2, Role::Citizen);
    let client = bench.client();
    let s = client.login(CITIZEN_ID, PASSWORD).unwrap();
    let cache_dir = tempfile::tempdir().unwrap();
    let mut officer = bench.officer_cache(cache_dir.path());
    let first = client.refresh(&mut officer).unwrap();
    assert!(matches!(
        first.revocation,
        ListUpdate::Installed { delta: false, .. }
    ));

    // A thousand devices revoked, then six enrolments of one account: five re-enrolments,
    // each revoking a device (named on the list) and its four papers (not named: bound to it).
    revoke_many(&bench, 1000);
    for _ in 0..6 {
        client.enrol(&s, &device(), &bench.android(|f| f)).unwrap();
    }
    bench.handle().sync_lists();
    let u = client.refresh(&mut officer).unwrap();
    let ListUpdate::Installed {
        sequence: prev,
        delta: true,
    } = u.revocation
    else {
        panic!("a delta from the list of init: {u:?}")
    };
    assert_eq!(
        officer.store().revocation_list().unwrap().revoked.len(),
        1005
    );
    held_is_served(&client, &officer, cache_dir.path());

    // One more: the delta from the previous list names those five only, and is smaller.
    let last = client.enrol(&s, &device(), &bench.android(|f| f)).unwrap();
    assert_eq!(last.replaced.len(), 5);
    bench.handle().sync_lists();
    let (_, cur) = bench.handle().served_sequences();
    let FetchedDelta::Delta { bytes, etag } = client.fetch_revocation_delta(prev, None).unwrap()
    else {
        panic!("a delta")
    };
    assert_eq!(etag, Some(vneid_client::list_etag("revocation", cur)));
    let d = RevocationDelta::verify(&bytes, officer.root()).unwrap();
    assert_eq!(
        (d.base_sequence, d.sequence, d.added.len(), d.removed.len()),
        (prev, cur, 1, 0)
    );
    let Fetched::List { bytes: full, .. } = client.fetch_list(ListKind::Revocation, None).unwrap()
    else {
        panic!("a list")
    };
    assert!(
        bytes.len() + 100 < full.len(),
        "{} and {}",
        bytes.len(),
        full.len()
    );
    assert_eq!(
        client.fetch_revocation_delta(prev, None).unwrap(),
        FetchedDelta::Delta {
            bytes: bytes.clone(),
            etag: etag.clone()
        },
        "the same bytes again"
    );
    let u = client.refresh(&mut officer).unwrap();
    assert_eq!(
        u.revocation,
        ListUpdate::Installed {
            sequence: cur,
            delta: true
        }
    );
    assert_eq!(officer.store().signed_deltas().len(), 2);
    held_is_served(&client, &officer, cache_dir.path());

    // Current: 304, by the number or by the ETag; a base the service never published: 410.
    assert_eq!(
        client.refresh(&mut officer).unwrap().revocation,
        ListUpdate::NotModified
    );
    assert_eq!(
        client.fetch_revocation_delta(cur, None).unwrap(),
        FetchedDelta::NotModified
    );
    assert_eq!(
        client
            .fetch_revocation_delta(prev, etag.as_deref())
            .unwrap(),
        FetchedDelta::NotModified
    );
    for unknown in [0, cur + 1, u64::MAX] {
        assert_eq!(
            client.fetch_revocation_delta(unknown, None).unwrap(),
            FetchedDelta::Unavailable
        );
    }

    // Stored: a restarted service (or another replica) serves the same bytes.
    bench.restart();
    let client = bench.client();
    assert_eq!(
        client.fetch_revocation_delta(prev, None).unwrap(),
        FetchedDelta::Delta { bytes, etag }
    );

    // Past the window (an hour here), the held list is too old for a delta: 410, and the
    // refresh takes the full list.
    bench.clock.advance(2 * 3600);
    let s = client.login(CITIZEN_ID, PASSWORD).unwrap();
    client.enrol(&s, &device(), &bench.android(|f| f)).unwrap();
    bench.handle().sync_lists();
    let (_, newest) = bench.handle().served_sequences();
    assert_eq!(
        client.fetch_revocation_delta(cur, None).unwrap(),
        FetchedDelta::Unavailable
    );
    let u = client.refresh(&mut officer).unwrap();
    assert_eq!(
        u.revocation,
        ListUpdate::Installed {
            sequence: newest,
            delta: false
        }
    );
    assert!(officer.store().signed_deltas().is_empty());
    assert_eq!(
        officer.store().revocation_list().unwrap().revoked.len(),
        1007
    );
    held_is_served(&client, &officer, cache_dir.path());
}

#[test]
fn revocation_deltas_on_sqlite() {
    delta_flow(None);
}

#[test]
fn revocation_deltas_on_postgres() {
    let Some(admin) = postgres_url() else { return };
    let url = runtime().block_on(fresh_postgres(&admin));
    delta_flow(Some(url));
}

/// A database of schema 1 (before deltas), with revocations and a published list, opened by
/// this version: migrated, its revoked serials named by the next list, deltas from there on.
async fn upgrade(url: &str) {
    use sqlx::migrate::{Migration, MigrationType, Migrator};
    use sqlx::SqlSafeStr as _;
    sqlx::any::install_default_drivers();
    let schema_1 = if url.starts_with("sqlite:") {
        include_str!("../migrations/sqlite/0001_initial.sql")
    } else {
        include_str!("../migrations/postgres/0001_initial.sql")
    };
    let pool = sqlx::any::AnyPoolOptions::new()
        .max_connections(1)
        .connect(url)
        .await
        .unwrap();
    Migrator::with_migrations(vec![Migration::new(
        1,
        "initial".into(),
        MigrationType::Simple,
        schema_1.into_sql_str(),
        false,
    )])
    .run(&pool)
    .await
    .unwrap();
    pool.execute(
        "INSERT INTO accounts (personal_id, full_name, date_of_birth, sex, level, role, \
         password_hash, created_at) VALUES ('001088000001', 'A', '1988-03-08', 'Nam', 2, \
         'citizen', 'h', 0)",
    )
    .await
    .unwrap();
    // Serials 1–3 revoked (3 has ended), 4 valid.
    for (serial, not_after, revoked_at) in [
        (1i64, NOW + 1000, Some(NOW)),
        (2, NOW + 1000, Some(NOW)),
        (3, NOW - 1, Some(NOW - 10)),
        (4, NOW + 1000, None),
    ] {
        sqlx::query(
            "INSERT INTO issued (serial, account_id, kind, device_serial, platform, body, \
             issued_at, not_after, revoked_at) VALUES ($1, 1, 'paper', 1, 'android', $2, 0, \
             $3, $4)",
        )
        .bind(serial)
        .bind(vec![0u8; 4])
        .bind(not_after)
        .bind(revoked_at)
        .execute(&pool)
        .await
        .unwrap();
    }
    pool.execute(
        "INSERT INTO lists (name, sequence, body, issued_at, next_update, dirty) VALUES \
         ('trust', 5, 'x', 0, 0, 0), ('revocation', 5, 'x', 0, 0, 0)",
    )
    .await
    .unwrap();
    pool.close().await;

    let store = Store::open(url, 2, "normal").await.unwrap();
    assert!(
        store.revocation_publication(5).await.unwrap().is_none(),
        "no delta from a list published before the upgrade"
    );
    let publish = |at: i64| {
        let st = store.clone();
        async move {
            let seen = Arc::new(std::sync::Mutex::new(Vec::new()));
            let into = seen.clone();
            let seq = st
                .publish("revocation", at, at + 1000, move |seq, revoked| {
                    *into.lock().unwrap() = revoked.to_vec();
                    Ok(seq.to_string().into_bytes())
                })
                .await
                .unwrap();
            let p = st.revocation_publication(seq).await.unwrap().unwrap();
            let named = seen.lock().unwrap().clone();
            (p, named)
        }
    };
    let (p6, named) = publish(NOW + 1).await;
    assert_eq!((p6.sequence, named, p6.revoked), (6, vec![1, 2], 2));
    assert_eq!(store.revoke_serial(4, NOW + 2).await.unwrap(), vec![4]);
    let (p7, named) = publish(NOW + 3).await;
    assert_eq!(named, vec![1, 2, 4]);
    assert_eq!(
        store.revocation_changes(&p6, &p7).await.unwrap(),
        (vec![4], vec![])
    );
    store.close().await;
}

#[test]
fn a_database_of_schema_1_is_upgraded_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}?mode=rwc", dir.path().join("t.db").display());
    runtime().block_on(upgrade(&url));
}

#[test]
fn a_database_of_schema_1_is_upgraded_on_postgres() {
    let Some(admin) = postgres_url() else { return };
    let rt = runtime();
    let url = rt.block_on(fresh_postgres(&admin));
    rt.block_on(upgrade(&url));
}
