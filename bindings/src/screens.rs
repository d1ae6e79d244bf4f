//! What the screens show (`vneid_core::screens`), for the apps to paint: the verdict screen,
//! the QR screens with their countdown, the wallet's list and detail, the field picker, tab Cá
//! nhân, the scan history, colours, and the words for every error. The apps decide nothing
//! here; they hold UI state (which fields are revealed or chosen) and call back.

use std::sync::{Arc, Mutex};

use vneid_core::qr::LumaFrame;
use vneid_core::screens::{self, Locale, QrScreen};
use vneid_core::strings;

use crate::citizen::CitizenApp;
use crate::error::{through_core, ApiError, ApiResult};
use crate::officer::OfficerApp;
use crate::qr::QrMatrix;
use crate::text::Lang;
use crate::types::Verdict;
use crate::wallet::Wallet;
use crate::LiveObject;

/// One "label: value" line of a screen.
pub type Row = screens::Row;
/// What a coloured element means (`toneArgb`, `toneOnBackgroundArgb` give its colours).
pub type Tone = screens::Tone;
/// The vibration a result gives.
pub type Haptic = screens::Haptic;
/// The 60-second ring of a QR.
pub type Countdown = screens::Countdown;
/// Genuine, fake or cannot verify.
pub type VerdictKind = screens::VerdictKind;
/// A presentation's paper on the result screen.
pub type DisclosedPaperView = screens::DisclosedPaperView;
/// The officer's result screen.
pub type VerdictView = screens::VerdictView;
/// The "Xác minh ứng dụng qua QR code" switch.
pub type QrSwitch = screens::QrSwitch;
/// Tab Cá nhân.
pub type PersonalView = screens::PersonalView;
/// One scan of the history.
pub type HistoryRow = screens::HistoryRow;
/// The scan history.
pub type HistoryView = screens::HistoryView;
/// One line of the wallet list.
pub type PaperRow = screens::PaperRow;
/// A field of a paper's detail.
pub type FieldRow = screens::FieldRow;
/// A paper's detail.
pub type PaperDetailView = screens::PaperDetailView;
/// One choice of the field picker.
pub type FieldChoice = screens::FieldChoice;
/// The field picker.
pub type FieldPicker = screens::FieldPicker;

vneid_core::__vneid_screen_types!(
    records: #[uniffi::remote(Record)];
    enums: #[uniffi::remote(Enum)];
);

/// The language and the phone's UTC offset a screen is shown in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, uniffi::Record)]
pub struct ScreenLocale {
    /// The language.
    pub lang: Lang,
    /// Seconds east of UTC now (Android: `TimeZone.getDefault().getOffset(now)/1000`; iOS:
    /// `TimeZone.current.secondsFromGMT()`). Vietnam: 25200.
    pub utc_offset_secs: i32,
}

impl From<ScreenLocale> for Locale {
    fn from(l: ScreenLocale) -> Self {
        Locale {
            lang: l.lang,
            utc_offset_secs: l.utc_offset_secs,
        }
    }
}

/// A tone's block colour (ARGB), the same in both themes, under white text
/// (`ON_TONE_ARGB` = 0xFFFFFFFF) at ≥ 4.5:1.
#[uniffi::export]
pub fn tone_argb(tone: Tone) -> u32 {
    tone.argb()
}

/// A tone as text or a stroke on the screen's own background, light or dark theme (≥ 4.5:1).
#[uniffi::export]
pub fn tone_on_background_argb(tone: Tone, dark: bool) -> u32 {
    tone.on_background_argb(dark)
}

/// What to tell the user about an error, in `lang`: named by what they can do about it.
#[uniffi::export]
pub fn error_text(error: ApiError, lang: Lang) -> String {
    let l = Locale {
        lang,
        ..Locale::vietnam()
    };
    match error {
        ApiError::LevelTooLow { .. } => l.text("setting.qr_verification.level1"),
        ApiError::QrSettingOff => l.text("home.setting_off"),
        ApiError::NotEnrolled => l.text("error.not_enrolled"),
        ApiError::NoTrustList => l.text("error.no_trust_list"),
        ApiError::StaleTrustList { .. } | ApiError::UntrustedList { .. } => {
            l.text("error.list_refused")
        }
        ApiError::Keystore { .. } => l.text("error.keystore"),
        ApiError::Storage { .. } => l.text("error.storage"),
        ApiError::Corrupt { .. } => l.text("error.corrupt"),
        ApiError::InvalidInput { .. } => l.text("error.invalid_input"),
        ApiError::NotFound { .. } => l.text("error.not_found"),
        ApiError::Network { .. } => l.text("error.network"),
        ApiError::SignInFailed {
            retry_after_secs: None,
        } => l.text("error.sign_in_failed"),
        ApiError::SignInFailed {
            retry_after_secs: Some(s),
        } => l.text_n("error.locked", (s as i64).div_euclid(60).max(1)),
        ApiError::SessionEnded => l.text("error.session_ended"),
        ApiError::RateLimited { retry_after_secs } => {
            l.text_n("error.rate_limited", retry_after_secs as i64)
        }
        ApiError::AttestationRefused { .. } => l.text("error.attestation_refused"),
        ApiError::ServerRefused { .. } => l.text("error.server_refused"),
        ApiError::NotAnOfficer => l.text("error.not_an_officer"),
        ApiError::Internal { .. } => l.text("error.internal"),
    }
}

/// The words for a string key in `lang`, with `%d` replaced by `n` when given (for the few
/// labels the apps draw themselves: tabs, buttons).
#[uniffi::export]
pub fn screen_text(key: String, lang: Lang, n: Option<i64>) -> String {
    match n {
        Some(n) => strings::text(&key, lang).replacen("%d", &n.to_string(), 1),
        None => strings::text(&key, lang).to_owned(),
    }
}

/// The field picker for paper type `type_code` with the keys in `chosen` ticked.
#[uniffi::export]
pub fn field_picker(type_code: String, chosen: Vec<String>, locale: ScreenLocale) -> FieldPicker {
    FieldPicker::of(&type_code, &chosen, &locale.into())
}

/// `chosen` with `key` flipped (a key the type lacks changes nothing).
#[uniffi::export]
pub fn field_picker_toggle(type_code: String, chosen: Vec<String>, key: String) -> Vec<String> {
    FieldPicker::toggle(&type_code, &chosen, &key)
}

/// A scan's verdict with its screen.
#[derive(Clone, Debug, PartialEq, uniffi::Record)]
pub struct Scan {
    /// The verdict.
    pub verdict: Verdict,
    /// What the result screen shows.
    pub view: VerdictView,
}

#[uniffi::export]
impl OfficerApp {
    /// As `verifyText`, with the result screen.
    pub fn verify_text_for_screen(&self, text: String, locale: ScreenLocale) -> ApiResult<Scan> {
        let v = self.core().verify_text(&text)?;
        Ok(Scan {
            view: VerdictView::of(&v, &locale.into()),
            verdict: v.into(),
        })
    }

    /// As `scanFrame`, with the result screen; `null`/`nil` while no QR is read.
    pub fn scan_frame_for_screen(
        &self,
        luma: Vec<u8>,
        width: u32,
        height: u32,
        row_stride: u32,
        locale: ScreenLocale,
    ) -> ApiResult<Option<Scan>> {
        let frame = LumaFrame::new(&luma, width as usize, height as usize, row_stride as usize)?;
        Ok(self.core().scan_frame(&frame)?.map(|v| Scan {
            view: VerdictView::of(&v, &locale.into()),
            verdict: v.into(),
        }))
    }

    /// The scan history, newest first, and whether the log was intact when opened.
    pub fn history(&self, locale: ScreenLocale) -> HistoryView {
        let integrity = self.integrity();
        screens::history(
            &self.core().audit_entries(),
            integrity.as_ref(),
            &locale.into(),
        )
    }
}

#[uniffi::export]
impl CitizenApp {
    /// Tab Cá nhân.
    pub fn personal_view(&self, locale: ScreenLocale) -> PersonalView {
        self.with_core(|app| screens::personal(app, &locale.into()))
    }
}

#[uniffi::export]
impl Wallet {
    /// The list's lines, by type then serial, with their status now.
    pub fn rows(&self, locale: ScreenLocale) -> Vec<PaperRow> {
        let l: Locale = locale.into();
        screens::paper_rows(&self.list(), &l)
    }

    /// A paper's detail (by serial or type code), with the ID-number fields in `revealed`
    /// shown in full.
    pub fn detail_view(
        &self,
        paper: String,
        revealed: Vec<String>,
        locale: ScreenLocale,
    ) -> ApiResult<PaperDetailView> {
        let l: Locale = locale.into();
        self.with_detail(&paper, |d| screens::paper_detail(d, &revealed, &l))
    }
}

/// What a QR screen shows now.
#[derive(Clone, Debug, PartialEq, uniffi::Enum)]
pub enum QrScreenState {
    /// The QR with its ring. While it shows, keep the screen secure (no screenshots or
    /// recording, hidden in the app switcher) and at full brightness.
    Showing {
        /// The QR text.
        text: String,
        /// Its modules (draw them again only when `fresh`).
        matrix: QrMatrix,
        /// The ring.
        countdown: Countdown,
        /// Made by this tick.
        fresh: bool,
    },
    /// The setting is off: say so and offer tab Cá nhân.
    SettingOff {
        /// What to say.
        message: String,
    },
    /// Making the QR failed.
    Failed {
        /// What to say.
        message: String,
        /// The error, for logs and tests.
        error: ApiError,
    },
}

/// Tab Trang chủ's identity QR, or a paper's presentation QR: kept while valid, made again
/// once its 60 seconds are over. Call `tick` about every quarter second off the main thread
/// (making a QR signs with the device key), `renew` when the user taps the QR, `forget` when
/// the screen is left.
#[derive(uniffi::Object)]
pub struct QrScreenModel {
    screen: Mutex<QrScreen>,
    citizen: Arc<CitizenApp>,
    /// A presentation: the wallet, the paper and the fields it discloses.
    presentation: Option<(Arc<Wallet>, String, Vec<String>)>,
    _live: LiveObject,
}

#[uniffi::export]
impl QrScreenModel {
    /// Tab Trang chủ's identity QR.
    #[uniffi::constructor]
    pub fn identity(citizen: Arc<CitizenApp>) -> Arc<Self> {
        Arc::new(QrScreenModel {
            screen: Mutex::new(QrScreen::new()),
            citizen,
            presentation: None,
            _live: LiveObject::new(),
        })
    }

    /// A paper's presentation QR disclosing `fields` (as `Wallet.present` takes them).
    #[uniffi::constructor]
    pub fn presentation(
        citizen: Arc<CitizenApp>,
        wallet: Arc<Wallet>,
        paper: String,
        fields: Vec<String>,
    ) -> Arc<Self> {
        Arc::new(QrScreenModel {
            screen: Mutex::new(QrScreen::new()),
            citizen,
            presentation: Some((wallet, paper, fields)),
            _live: LiveObject::new(),
        })
    }

    /// What to show now.
    pub fn tick(&self, locale: ScreenLocale) -> QrScreenState {
        let l: Locale = locale.into();
        let mut screen = self.screen.lock().unwrap_or_else(|p| p.into_inner());
        let now = self.citizen.now();
        let shown = match &self.presentation {
            None => self
                .citizen
                .with_core(|app| through_core(|| screen.tick(now, &l, || app.make_identity_qr()))),
            Some((wallet, paper, fields)) => {
                let keys: Vec<&str> = fields.iter().map(String::as_str).collect();
                wallet.with_paper(paper, |p| {
                    self.citizen.with_core(|app| {
                        through_core(|| {
                            screen
                                .tick(now, &l, || app.make_presentation_qr(p, &keys).map(|q| q.qr))
                        })
                    })
                })
            }
        };
        match shown.and_then(|s| Ok((crate::qr::encode_qr(s.qr.text.clone())?, s))) {
            Ok((matrix, s)) => QrScreenState::Showing {
                text: s.qr.text,
                matrix,
                countdown: s.countdown,
                fresh: s.fresh,
            },
            Err(ApiError::QrSettingOff) => QrScreenState::SettingOff {
                message: l.text("home.setting_off"),
            },
            Err(e) => QrScreenState::Failed {
                message: error_text(e.clone(), l.lang),
                error: e,
            },
        }
    }

    /// A new QR now, whatever is left of the current one.
    pub fn renew(&self, locale: ScreenLocale) -> QrScreenState {
        self.forget();
        self.tick(locale)
    }

    /// The screen is left: the QR is dropped (a new one is made on return).
    pub fn forget(&self) {
        self.screen
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .forget();
    }

    /// How many QRs this screen made.
    pub fn made(&self) -> u32 {
        self.screen.lock().unwrap_or_else(|p| p.into_inner()).made()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::citizen::tests::enrolled;
    use crate::testing::{memory_secret_storage, LocalAuthority, ManualClock};

    const VN: ScreenLocale = ScreenLocale {
        lang: Lang::Vi,
        utc_offset_secs: 7 * 3600,
    };

    fn citizen(clock: &Arc<ManualClock>, authority: &Arc<LocalAuthority>) -> Arc<CitizenApp> {
        enrolled(authority, clock)
    }

    #[test]
    fn the_identity_qr_screen_follows_the_setting_and_the_clock() {
        let clock = ManualClock::new(1_700_000_000);
        let authority = LocalAuthority::new(clock.clone()).unwrap();
        let c = citizen(&clock, &authority);
        let home = QrScreenModel::identity(c.clone());
        assert!(matches!(home.tick(VN), QrScreenState::SettingOff { .. }));
        c.set_qr_verification(true).unwrap();
        let QrScreenState::Showing {
            text,
            countdown,
            fresh,
            ..
        } = home.tick(VN)
        else {
            panic!("no QR")
        };
        assert!(fresh && text.starts_with("VN2:"));
        assert_eq!(countdown.seconds_left, 60);
        clock.advance(55);
        let QrScreenState::Showing {
            text: same,
            countdown,
            fresh,
            ..
        } = home.tick(VN)
        else {
            panic!("no QR")
        };
        assert!(!fresh && same == text);
        assert_eq!(countdown.tone, Tone::Warning);
        clock.advance(5);
        assert!(matches!(
            home.tick(VN),
            QrScreenState::Showing { fresh: true, .. }
        ));
        assert_eq!(home.made(), 2);
        assert!(matches!(
            home.renew(VN),
            QrScreenState::Showing { fresh: true, .. }
        ));
    }

    #[test]
    fn the_presentation_screen_and_the_wallet_views() {
        let clock = ManualClock::new(1_700_000_000);
        let authority = LocalAuthority::new(clock.clone()).unwrap();
        let c = citizen(&clock, &authority);
        c.set_qr_verification(true).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let wallet = Wallet::open_or_create(
            dir.path().join("w.bin").to_string_lossy().into_owned(),
            memory_secret_storage(),
            clock.clone(),
        )
        .unwrap();
        for p in authority.issue_sample_papers(c.clone()).unwrap() {
            wallet.add(p).unwrap();
        }
        let rows = wallet.rows(VN);
        assert_eq!(rows.len(), 4);
        assert!(rows.iter().all(|r| r.presentable));
        let d = wallet.detail_view("cccd".into(), vec![], VN).unwrap();
        let n = d.fields.iter().find(|f| f.key == "number").unwrap();
        assert_eq!(n.value, "***********5");
        let d = wallet
            .detail_view("cccd".into(), vec!["number".into()], VN)
            .unwrap();
        assert!(d.fields.iter().any(|f| f.revealed));
        let picker = field_picker("gplx".into(), vec![], VN);
        let chosen = field_picker_toggle("gplx".into(), vec![], picker.choices[0].key.clone());
        let screen = QrScreenModel::presentation(c.clone(), wallet.clone(), "gplx".into(), chosen);
        let QrScreenState::Showing { text, .. } = screen.tick(VN) else {
            panic!("no QR")
        };
        assert!(text.starts_with("VP2:"));
        let missing = QrScreenModel::presentation(c, wallet, "passport".into(), vec![]);
        assert!(matches!(
            missing.tick(VN),
            QrScreenState::Failed {
                error: ApiError::NotFound { .. },
                ..
            }
        ));
    }

    #[test]
    fn every_error_has_words_of_its_own() {
        let all = [
            ApiError::LevelTooLow { level: 1 },
            ApiError::QrSettingOff,
            ApiError::NotEnrolled,
            ApiError::NoTrustList,
            ApiError::StaleTrustList { detail: "".into() },
            ApiError::UntrustedList { detail: "".into() },
            ApiError::Keystore { detail: "".into() },
            ApiError::Storage { detail: "".into() },
            ApiError::Corrupt { detail: "".into() },
            ApiError::InvalidInput { detail: "".into() },
            ApiError::NotFound { detail: "".into() },
            ApiError::Network { detail: "".into() },
            ApiError::SignInFailed {
                retry_after_secs: None,
            },
            ApiError::SignInFailed {
                retry_after_secs: Some(900),
            },
            ApiError::SessionEnded,
            ApiError::RateLimited {
                retry_after_secs: 30,
            },
            ApiError::AttestationRefused {
                check: "DeviceUnlocked".into(),
            },
            ApiError::ServerRefused { code: "x".into() },
            ApiError::NotAnOfficer,
            ApiError::Internal { detail: "".into() },
        ];
        for lang in [Lang::Vi, Lang::En] {
            let texts: Vec<String> = all.iter().map(|e| error_text(e.clone(), lang)).collect();
            for (e, t) in all.iter().zip(&texts) {
                assert!(t.contains(' '), "{e:?} has no words: {t}");
                assert!(!t.contains("%d"), "{e:?}: {t}");
            }
        }
        assert_eq!(
            error_text(
                ApiError::SignInFailed {
                    retry_after_secs: Some(900)
                },
                Lang::En
            ),
            "Account locked after too many failed sign-ins; try again in 15 minutes"
        );
        assert_eq!(tone_argb(Tone::Genuine), 0xFF1B873F);
    }
}
