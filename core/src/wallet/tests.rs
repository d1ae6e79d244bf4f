//! The wallet's own tests: add / replace / remove, list and detail, the encrypted file and its
//! errors, and writes interrupted at every step.

use std::collections::BTreeSet;
use std::fs;
use std::sync::Arc;

use super::*;
use crate::identity::PersonalId;
use crate::identity::{parse_date, Identity};
use crate::issuer::Authority;
use crate::paper::{FieldValue, Holder};
use crate::testing::{FileSecretStore, MemorySecretStore};
use crate::trust::RevocationList;

/// 2026-11-23T03:00:00Z.
const T0: UnixTime = 1_795_402_800;
const DAY: i64 = 86_400;

fn identity(id: &str) -> Identity {
    Identity::new(
        "Nguyễn Văn An",
        parse_date("1990-01-02").unwrap(),
        PersonalId::new(id).unwrap(),
    )
    .unwrap()
}

struct Fixture {
    _dir: tempfile::TempDir,
    path: PathBuf,
    secrets: Arc<dyn SecretStore>,
    authority: Authority,
    /// The device the papers are issued to.
    holder: Holder,
    samples: Vec<Paper>,
}

/// A device the papers are issued to, with `serial` as its certificate serial.
fn device(serial: u8) -> Holder {
    Holder {
        device_key: crate::keys::SoftwareSigner::generate()
            .unwrap()
            .public_key()
            .unwrap(),
        device_serial: Serial([serial; 8]),
        level: crate::identity::AssuranceLevel::Level2,
        device_expires_at: T0 + 365 * DAY,
    }
}

fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("wallet.bin");
    let authority = Authority::create(T0 - 30 * DAY).unwrap();
    let holder = device(1);
    let samples = authority
        .issue_sample_papers(&identity("001090012345"), &holder, T0 - DAY)
        .unwrap();
    Fixture {
        _dir: dir,
        path,
        secrets: Arc::new(MemorySecretStore::new()),
        authority,
        holder,
        samples,
    }
}

fn serials(w: &Wallet) -> BTreeSet<Serial> {
    w.papers().iter().map(|p| p.serial()).collect()
}

fn revocation(serials: &[Serial]) -> RevocationList {
    RevocationList {
        sequence: 1,
        issued_at: T0,
        next_update: T0 + DAY,
        revoked: serials.iter().copied().collect(),
    }
}

#[test]
fn samples_are_one_of_each_type_for_the_holder() {
    let f = fixture();
    let codes: Vec<_> = f.samples.iter().map(|p| p.paper_type().code).collect();
    assert_eq!(codes, ["cccd", "gplx", "bhyt", "dkx"]);
    for p in &f.samples {
        assert_eq!(p.holder(), &f.holder);
        assert_eq!(p.status(T0, None), PaperStatus::Valid, "{p:?}");
        assert_eq!(p.fields().len(), p.paper_type().fields.len(), "{p:?}");
    }
    // Each signed by its agency's paper key.
    let trust = crate::trust::TrustList {
        sequence: 1,
        issued_at: T0,
        next_update: T0 + DAY,
        issuers: PAPER_TYPES
            .iter()
            .map(|t| f.authority.paper_issuer(t.agency).unwrap().entry.clone())
            .collect(),
    };
    for p in &f.samples {
        crate::verifier::presentation::paper_issuer(&trust, p.signed(), T0, 0).unwrap();
    }
}

#[test]
fn add_list_detail_remove_and_reopen() {
    let f = fixture();
    let mut w = Wallet::create(&f.path, f.secrets.clone()).unwrap();
    assert!(w.papers().is_empty());
    assert_eq!(w.generation(), 1);
    for p in f.samples.iter().rev() {
        w.add(p.clone()).unwrap();
    }
    // Listed in type order whatever the order of adding.
    let list = w.list(T0, None);
    let codes: Vec<_> = list.iter().map(|s| s.type_code.as_str()).collect();
    assert_eq!(codes, ["cccd", "gplx", "bhyt", "dkx"]);
    assert!(list.iter().all(|s| s.status == PaperStatus::Valid));
    assert_eq!(list[1].name_vi, "Giấy phép lái xe");
    assert_eq!(list[1].agency, "C08");

    let again = Wallet::open(&f.path, f.secrets.clone()).unwrap();
    assert_eq!(again.papers(), w.papers());
    assert_eq!(again.generation(), w.generation());

    let gplx = f.samples[1].serial();
    let d = w.detail("gplx", T0, None).unwrap();
    assert_eq!(d.summary.serial, gplx);
    assert_eq!(d.agency_name_vi, "Cục Cảnh sát giao thông");
    let classes = d.fields.iter().find(|v| v.key == "classes").unwrap();
    assert_eq!(classes.label_vi, "Hạng");
    assert_eq!(classes.label_en, "Classes");
    assert_eq!(classes.text, "A1, B2");
    assert_eq!(w.find(&gplx.to_string()).unwrap().serial(), gplx);
    assert!(matches!(w.find("passport"), Err(Error::NotFound { .. })));

    let removed = w.remove(gplx).unwrap();
    assert_eq!(removed.serial(), gplx);
    assert!(matches!(w.remove(gplx), Err(Error::NotFound { .. })));
    let again = Wallet::open(&f.path, f.secrets.clone()).unwrap();
    assert_eq!(again.papers().len(), 3);
    assert!(again.get(gplx).is_none());
}

#[test]
fn the_id_number_is_masked_unless_revealed() {
    let f = fixture();
    let mut w = Wallet::create(&f.path, f.secrets.clone()).unwrap();
    w.add(f.samples[0].clone()).unwrap();
    let d = w.detail("cccd", T0, None).unwrap();
    let number = &d.fields[0];
    assert_eq!(number.key, "number");
    assert_eq!(number.label_vi, "Số định danh cá nhân");
    assert_eq!(number.text, "***********5");
    assert_eq!(number.revealed_text.clone(), "001090012345");
    let shown: String = d.fields.iter().map(|v| v.text.clone()).collect();
    assert!(!shown.contains("001090012345"));
    let debug = format!("{d:?} {w:?}");
    assert!(
        !debug.contains("090012") && !debug.contains("Nguyễn"),
        "{debug}"
    );
}

#[test]
fn status_valid_expired_not_yet_valid_revoked() {
    let f = fixture();
    let mut w = Wallet::create(&f.path, f.secrets.clone()).unwrap();
    let bhyt = f.samples[2].clone();
    let (from, until) = (bhyt.valid_from(), bhyt.valid_until());
    w.add(bhyt.clone()).unwrap();
    let status = |t, r: Option<&RevocationList>| w.list(t, r)[0].status;
    assert_eq!(status(from - 1, None), PaperStatus::NotYetValid);
    assert_eq!(status(from, None), PaperStatus::Valid);
    assert_eq!(status(until - 1, None), PaperStatus::Valid);
    assert_eq!(status(until, None), PaperStatus::Expired);
    let r = revocation(&[bhyt.serial()]);
    assert_eq!(status(T0, Some(&r)), PaperStatus::Revoked);
    // The phone it was issued to, revoked (stolen, or enrolled again): its papers too.
    let r = revocation(&[bhyt.holder().device_serial]);
    assert_eq!(status(T0, Some(&r)), PaperStatus::Revoked);
    assert_eq!(
        status(T0, Some(&revocation(&[Serial([0; 8])]))),
        PaperStatus::Valid
    );
    for s in [
        PaperStatus::Valid,
        PaperStatus::NotYetValid,
        PaperStatus::Expired,
        PaperStatus::Revoked,
    ] {
        let k = s.string_key();
        assert_ne!(crate::strings::text(&k, crate::strings::Lang::Vi), k);
    }
}

#[test]
fn replace_re_issues_and_add_refuses_duplicates() {
    let f = fixture();
    let mut w = Wallet::create(&f.path, f.secrets.clone()).unwrap();
    w.add(f.samples[1].clone()).unwrap();
    w.add(f.samples[3].clone()).unwrap();
    // The same paper again, or a second driving licence: refused by add.
    assert!(w.add(f.samples[1].clone()).is_err());
    let new_gplx = f
        .authority
        .issue_sample_papers(&identity("001090012345"), &f.holder, T0)
        .unwrap()
        .swap_remove(1);
    assert!(w.add(new_gplx.clone()).is_err());
    // Replace: the single-per-citizen type is replaced by the new serial.
    let old = w.replace(new_gplx.clone()).unwrap();
    assert_eq!(old.serial(), f.samples[1].serial());
    assert_eq!(w.find("gplx").unwrap().serial(), new_gplx.serial());
    // A second vehicle is added next to the first; a re-issue with the same serial replaces.
    let mut content =
        crate::issuer::samples::sample_contents(&identity("001090012345"), &f.holder, T0)
            .unwrap()
            .swap_remove(3);
    let second = f.authority.issue_paper(&content, T0).unwrap();
    assert_eq!(w.add_or_replace(second.clone()).unwrap(), None);
    assert_eq!(w.papers().len(), 3);
    assert!(matches!(w.find("dkx"), Err(Error::InvalidArgument(_))));
    content.fields[4].1 = FieldValue::Text("Trắng".into());
    let repainted = f.authority.issue_paper(&content, T0 + 10).unwrap();
    let old = w.add_or_replace(repainted).unwrap().unwrap();
    assert_eq!(old, second);
    let held = w.get(content.serial).unwrap();
    assert_eq!(held.value("colour").unwrap().plain(), "Trắng");
    assert_eq!(w.papers().len(), 3);
    // Replacing what is not held is an error.
    let cccd = f.samples[0].clone();
    assert!(matches!(w.replace(cccd), Err(Error::NotFound { .. })));
    // Papers issued to another device do not go in.
    let other = f
        .authority
        .issue_sample_papers(&identity("079200000001"), &device(2), T0)
        .unwrap();
    assert!(w.add(other[0].clone()).is_err());
    let again = Wallet::open(&f.path, f.secrets.clone()).unwrap();
    assert_eq!(again.papers(), w.papers());
}

#[test]
fn create_open_and_keys() {
    let f = fixture();
    assert!(matches!(
        Wallet::open(&f.path, f.secrets.clone()),
        Err(Error::NotFound {
            what: "wallet file"
        })
    ));
    let mut w = Wallet::open_or_create(&f.path, f.secrets.clone()).unwrap();
    w.add(f.samples[0].clone()).unwrap();
    assert!(Wallet::create(&f.path, f.secrets.clone()).is_err());
    assert_eq!(
        Wallet::open_or_create(&f.path, f.secrets.clone())
            .unwrap()
            .papers()
            .len(),
        1
    );
    // The key is gone from the keystore: an error, not a new empty wallet.
    let empty: Arc<dyn SecretStore> = Arc::new(MemorySecretStore::new());
    assert!(matches!(
        Wallet::open(&f.path, empty.clone()),
        Err(Error::NotFound {
            what: "wallet data key"
        })
    ));
    assert!(Wallet::open_or_create(&f.path, empty).is_err());
    // Another key.
    let other = MemorySecretStore::new();
    other
        .put(WALLET_KEY_NAME, &DataKey::generate().unwrap())
        .unwrap();
    assert!(matches!(
        Wallet::open(&f.path, Arc::new(other)),
        Err(Error::WrongKey { .. })
    ));
    // A file secret store (the CLI's) works the same.
    let d = tempfile::tempdir().unwrap();
    let fs_secrets = FileSecretStore::new(&d.path().join("keys"));
    let path = d.path().join("w.bin");
    let mut w = Wallet::create(&path, Arc::new(fs_secrets)).unwrap();
    w.add(f.samples[2].clone()).unwrap();
    let again = Wallet::open(
        &path,
        Arc::new(FileSecretStore::new(&d.path().join("keys"))),
    )
    .unwrap();
    assert_eq!(again.papers(), w.papers());
}

#[test]
fn damaged_files_are_typed_errors_never_an_empty_wallet() {
    let f = fixture();
    let mut w = Wallet::create(&f.path, f.secrets.clone()).unwrap();
    w.add(f.samples[1].clone()).unwrap();
    let good = fs::read(&f.path).unwrap();
    let open_with = |bytes: &[u8]| {
        fs::write(&f.path, bytes).unwrap();
        Wallet::open(&f.path, f.secrets.clone())
    };
    for n in 0..good.len() {
        assert!(
            matches!(open_with(&good[..n]), Err(Error::Truncated { .. })),
            "truncated to {n}"
        );
    }
    let step = (good.len() / 97).max(1);
    for i in (0..good.len()).step_by(step) {
        let mut bad = good.clone();
        bad[i] ^= 0x10;
        assert!(open_with(&bad).is_err(), "byte {i} changed, still opens");
    }
    let mut bad = good.clone();
    bad[good.len() - 1] ^= 1;
    assert!(matches!(open_with(&bad), Err(Error::Corrupt { .. })));
    let mut v2 = good.clone();
    v2[9] = 2;
    assert!(matches!(
        open_with(&v2),
        Err(Error::UnsupportedVersion { .. })
    ));
    assert!(matches!(
        open_with(b"{\"papers\": []}"),
        Err(Error::Corrupt { .. })
    ));
    assert!(matches!(open_with(b""), Err(Error::Truncated { .. })));
    // And the good file still opens.
    assert_eq!(open_with(&good).unwrap().papers().len(), 1);
}

/// Interrupts the write of every kind of change at every step of the atomic write: after a
/// "restart" the wallet on disk is exactly the old one or exactly the new one, and it can be
/// written again.
#[test]
fn interrupted_writes_never_lose_a_paper() {
    let f = fixture();
    type Change = fn(&mut Vec<Paper>, &[Paper]);
    let changes: [(&str, Change); 3] = [
        ("add", |p, s| p.push(s[3].clone())),
        ("remove", |p, _| {
            p.remove(0);
        }),
        ("replace", |p, s| {
            let i = p.iter().position(|x| x.serial() == s[1].serial()).unwrap();
            p[i] = s[3].clone();
        }),
    ];
    for (name, change) in changes {
        for stop in WriteStep::ALL {
            let _ = fs::remove_file(&f.path);
            let mut w = Wallet::create(&f.path, f.secrets.clone()).unwrap();
            for p in &f.samples[..3] {
                w.add(p.clone()).unwrap();
            }
            let old = serials(&w);
            let old_papers = w.papers().to_vec();
            let mut new_papers = old_papers.clone();
            change(&mut new_papers, &f.samples);
            let new: BTreeSet<_> = new_papers.iter().map(|p| p.serial()).collect();
            assert_ne!(old, new);

            let r = w.commit_with(new_papers, &mut |s| {
                if s == stop {
                    Err(std::io::Error::other("power cut"))
                } else {
                    Ok(())
                }
            });
            assert!(r.is_err(), "{name} at {stop:?}");
            // The wallet in memory shows what the disk holds.
            let in_memory = serials(&w);
            drop(w);

            // Restart.
            let w = Wallet::open(&f.path, f.secrets.clone())
                .unwrap_or_else(|e| panic!("{name} stopped at {stop:?}: {e}"));
            let on_disk = serials(&w);
            assert_eq!(in_memory, on_disk, "{name} at {stop:?}");
            let expect = if stop == WriteStep::SyncDirectory {
                &new
            } else {
                &old
            };
            assert_eq!(&on_disk, expect, "{name} stopped at {stop:?}");
            // Complete: every paper is whole and checks against its digests.
            for p in w.papers() {
                let back = Paper::from_bytes(&p.to_bytes().unwrap()).unwrap();
                assert!(f.samples.contains(&back));
            }
            // And the wallet is writable again.
            let mut w = w;
            let extra = f
                .authority
                .issue_sample_papers(&identity("001090012345"), &f.holder, T0)
                .unwrap()
                .swap_remove(3);
            w.add(extra).unwrap();
            assert_eq!(
                serials(&Wallet::open(&f.path, f.secrets.clone()).unwrap()).len(),
                on_disk.len() + 1
            );
        }
    }
}

#[test]
fn an_older_copy_of_the_wallet_file_is_refused() {
    let f = fixture();
    let mut w = Wallet::create(&f.path, f.secrets.clone()).unwrap();
    w.add(f.samples[0].clone()).unwrap();
    let older = fs::read(&f.path).unwrap();
    w.add(f.samples[1].clone()).unwrap();
    drop(w);
    // The older copy is put back under the same key: one paper would vanish without a word.
    fs::write(&f.path, &older).unwrap();
    match Wallet::open(&f.path, f.secrets.clone()) {
        Err(Error::StaleWallet { found, newest }) => assert!(found < newest),
        other => panic!("{other:?}"),
    }
    assert!(Wallet::open_or_create(&f.path, f.secrets.clone()).is_err());
    // The newest file opens, with both papers.
    let newest = Wallet::open(&f.path, Arc::new(MemorySecretStore::new()));
    assert!(newest.is_err(), "another key store has no key for it");
}

#[test]
fn re_issued_papers_replace_the_old_ones_at_once() {
    let f = fixture();
    let mut w = Wallet::create(&f.path, f.secrets.clone()).unwrap();
    for p in &f.samples {
        w.add(p.clone()).unwrap();
    }
    // The phone is re-enrolled: a new device key; the authority re-issues every paper to it.
    let new_device = device(9);
    let reissued = f
        .authority
        .issue_sample_papers(&identity("001090012345"), &new_device, T0)
        .unwrap();
    let generation = w.generation();
    let old = w.replace_all(reissued.clone()).unwrap();
    assert_eq!(old.len(), 4);
    assert_eq!(
        w.generation(),
        generation + 1,
        "one write, not one per paper"
    );
    assert!(w.papers().iter().all(|p| p.holder() == &new_device));
    assert_eq!(serials(&w), reissued.iter().map(|p| p.serial()).collect());
    // Papers for two different devices never go in together; nothing changes then.
    let mut mixed = reissued.clone();
    mixed[0] = f.samples[0].clone();
    assert!(w.replace_all(mixed).is_err());
    let again = Wallet::open(&f.path, f.secrets.clone()).unwrap();
    assert!(again.papers().iter().all(|p| p.holder() == &new_device));
}
