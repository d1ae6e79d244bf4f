//! Differential tests: our decoder against `rqrr`'s on the same module grids (issue 14). Clean
//! codes of every level and many versions and segment mixes, the same with modules flipped at
//! random (up to and past what the error correction can take), codes whose data was replaced
//! at random, and random grids. Both must give the same text or both nothing, but for the
//! refusals the standard asks for and `rqrr` skips (see `framegen::differs_from_rqrr`); and
//! ours must never give a text that is not the code's.
#![cfg(feature = "test-support")]

use vneid_qr::framegen::{self, Rng};
use vneid_qr::{decode_grid, Ecc, QrMatrix};

fn texts(rng: &mut Rng) -> Vec<String> {
    let mut out = vec![
        "VN1:0123456789".to_string(),
        "HELLO WORLD $%*+-./:".to_string(),
        "https://dichvucong.gov.vn/p/home/dvc-trang-chu.html".to_string(),
        "Xin chào — Việt Nam 🇻🇳".to_string(),
        include_str!("../../fixtures/vectors/token-genuine.txt")
            .trim()
            .to_string(),
    ];
    for v in [16u8, 19, 23, 27] {
        out.push(framegen::digits_for_version(v, rng));
    }
    // Mixed segments of random lengths.
    for _ in 0..12 {
        let len = 1 + (rng.next_u64() % 300) as usize;
        let s: String = (0..len)
            .map(|i| match (rng.next_u64() % 4, i % 7) {
                (0, _) => char::from(b'0' + (rng.next_u64() % 10) as u8),
                (1, _) => char::from(b'A' + (rng.next_u64() % 26) as u8),
                (2, 0) => 'ư',
                _ => char::from(b'a' + (rng.next_u64() % 26) as u8),
            })
            .collect();
        out.push(s);
    }
    out
}

#[test]
fn same_text_as_rqrr_on_clean_and_damaged_grids() {
    let mut rng = Rng::new(14);
    let mut compared = 0;
    let mut read_damaged = 0;
    for text in texts(&mut rng) {
        for ecc in [Ecc::L, Ecc::M, Ecc::Q, Ecc::H] {
            let Ok(m) = QrMatrix::encode_with(&text, ecc) else {
                continue;
            };
            let n = m.size;
            let d = decode_grid(n, &m.modules).expect("a clean code decodes");
            assert_eq!(d.text, text);
            assert_eq!(d.corrected, 0, "a clean read needs no correction");
            assert_eq!(framegen::differs_from_rqrr(n, &m.modules), None);
            // Flip 0.5 % … 12 % of the modules.
            for permille in [5u64, 20, 40, 70, 120] {
                let mut g = m.modules.clone();
                for v in g.iter_mut() {
                    if rng.next_u64() % 1000 < permille {
                        *v = !*v;
                    }
                }
                if let Some(diff) = framegen::differs_from_rqrr(n, &g) {
                    panic!("{text:?} {ecc:?} {permille}‰: {diff}");
                }
                if let Ok(d) = decode_grid(n, &g) {
                    assert_eq!(d.text, text, "a damaged code read as another text");
                    read_damaged += 1;
                }
                compared += 1;
            }
        }
    }
    assert!(compared > 300, "{compared}");
    assert!(read_damaged > 100, "{read_damaged}");
}

#[test]
fn random_data_and_random_grids_are_refused_by_both() {
    let mut rng = Rng::new(15);
    for v in [1u8, 2, 5, 7, 13, 22, 40] {
        // A real code's function patterns and format, random data modules.
        let text = "7".repeat(usize::from(v) * 20);
        let m = QrMatrix::encode_with(&text, Ecc::L).unwrap();
        let n = m.size;
        for _ in 0..20 {
            let mut g = m.modules.clone();
            for (i, v) in g.iter_mut().enumerate() {
                let (x, y) = (i % n, i / n);
                let function = (y < 9 && (x < 9 || x + 8 >= n)) || (x < 9 && y + 8 >= n);
                if !function && x != 6 && y != 6 {
                    *v = rng.next_u64() & 1 == 1;
                }
            }
            assert!(decode_grid(n, &g).is_err(), "v{v}: random data decoded");
            assert_eq!(framegen::differs_from_rqrr(n, &g), None);
        }
        // Random grids of every size.
        let g: Vec<bool> = (0..n * n).map(|_| rng.next_u64() & 1 == 1).collect();
        assert!(decode_grid(n, &g).is_err());
        assert_eq!(framegen::differs_from_rqrr(n, &g), None);
    }
    // Sizes that are no QR size.
    for n in [0usize, 1, 20, 22, 178] {
        assert!(decode_grid(n, &vec![false; n * n]).is_err());
    }
}
