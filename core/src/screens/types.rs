//! The screens' types, defined once in a macro so that the FFI crate declares the very same
//! records and enums to uniffi (`#[uniffi::remote(..)]`) from this one source.

/// The definitions of the screens' records and enums. `records:` are attributes for every
/// struct, `enums:` for every enum.
#[doc(hidden)]
#[macro_export]
macro_rules! __vneid_screen_types {
    (records: $(#[$r:meta])*; enums: $(#[$e:meta])*;) => {
        /// One "label: value" line of a screen.
        $(#[$r])*
        pub struct Row {
            /// The label, in the screen's language.
            pub label: String,
            /// The value (data, or words in the screen's language).
            pub value: String,
        }

        /// What a coloured element means; `Tone::argb` and `Tone::on_background_argb` give
        /// its colours.
        $(#[$e])*
        pub enum Tone {
            /// "Ứng dụng thật / GENUINE", a valid paper.
            Genuine,
            /// "Ứng dụng giả / FAKE", a revoked paper, an expired QR.
            Fake,
            /// A repeat scan, stale lists, CANNOT VERIFY, an expired paper, a QR in its last
            /// seconds.
            Warning,
            /// A paper not valid yet.
            Neutral,
            /// The countdown ring while there is time.
            Accent,
        }

        /// The vibration a result gives (Android: a pattern; iOS:
        /// `UINotificationFeedbackGenerator`).
        $(#[$e])*
        pub enum Haptic {
            /// Genuine, fresh, nothing to look at twice.
            Confirm,
            /// Genuine but look again (a repeat, stale lists), or CANNOT VERIFY.
            Warn,
            /// Fake.
            Reject,
        }

        /// What the 60-second ring of a QR shows at a moment.
        $(#[$r])*
        pub struct Countdown {
            /// Whole seconds left, 60 down to 0.
            pub seconds_left: i64,
            /// How much of the ring to draw: 1.0 just made, 0.0 expired.
            pub fraction: f32,
            /// The QR must be made again.
            pub expired: bool,
            /// "Còn 42 giây", or "Mã QR đã hết hạn, hãy tạo mã mới".
            pub label: String,
            /// Accent while there is time, warning in the last seconds, fake when over.
            pub tone: Tone,
        }

        /// Which of the three answers.
        $(#[$e])*
        pub enum VerdictKind {
            /// Every check passed.
            Genuine,
            /// A check failed.
            Fake,
            /// The lists are too old to tell.
            CannotVerify,
        }

        /// A presentation's paper on the result screen.
        $(#[$r])*
        pub struct DisclosedPaperView {
            /// The paper's name ("Giấy phép lái xe").
            pub name: String,
            /// Agency, serial, validity.
            pub rows: Vec<Row>,
            /// Only the fields the citizen chose, each checked against the issuer's tree; an
            /// ID number stays masked here too.
            pub fields: Vec<Row>,
        }

        /// Everything the officer's result screen shows.
        $(#[$r])*
        pub struct VerdictView {
            /// Which answer.
            pub kind: VerdictKind,
            /// Both languages, big: "Ứng dụng thật / GENUINE".
            pub headline: String,
            /// The block's colour.
            pub tone: Tone,
            /// The vibration.
            pub haptic: Haptic,
            /// Why (fake, cannot verify), in plain words.
            pub reason: Option<String>,
            /// The stable reason code (`token_expired`) of a fake, for tests and support.
            pub reason_code: Option<String>,
            /// Name, date of birth, masked ID number, level (an identity QR), certificate
            /// serial, the QR's end.
            pub rows: Vec<Row>,
            /// "Mã này đã được quét trước đó": a repeat is never shown as a fresh scan.
            pub repeat: Option<String>,
            /// Stale lists.
            pub warnings: Vec<String>,
            /// A presentation's paper.
            pub paper: Option<DisclosedPaperView>,
            /// One sentence for the screen reader, announced when the screen appears.
            pub announcement: String,
        }

        /// What the "Xác minh ứng dụng qua QR code" switch shows.
        $(#[$r])*
        pub struct QrSwitch {
            /// "Xác minh ứng dụng qua QR code".
            pub label: String,
            /// On.
            pub checked: bool,
            /// May be flipped.
            pub enabled: bool,
            /// Why it is disabled, under it.
            pub reason: Option<String>,
        }

        /// Tab Cá nhân.
        $(#[$r])*
        pub struct PersonalView {
            /// Name, date of birth, masked ID number, level, certificate serial once enrolled.
            pub rows: Vec<Row>,
            /// The switch.
            pub qr_switch: QrSwitch,
        }

        /// One scan of the history.
        $(#[$r])*
        pub struct HistoryRow {
            /// Its number in the log.
            pub seq: u64,
            /// When.
            pub time: String,
            /// "Ứng dụng thật" / "Ứng dụng giả" / "Không thể xác minh".
            pub headline: String,
            /// Genuine, fake, or warning (a repeat, cannot verify).
            pub tone: Tone,
            /// The masked ID number of a genuine identity scan, the reason of a fake one.
            pub detail: Option<String>,
            /// A repeat scan.
            pub repeat: bool,
            /// The paper's type code of a presentation (`gplx`).
            pub paper: Option<String>,
        }

        /// The scan history screen.
        $(#[$r])*
        pub struct HistoryView {
            /// Newest first.
            pub rows: Vec<HistoryRow>,
            /// "Chưa có lượt quét nào" when empty.
            pub empty: Option<String>,
            /// The log was altered: where.
            pub broken: Option<String>,
        }

        /// One line of the wallet list.
        $(#[$r])*
        pub struct PaperRow {
            /// The paper's serial (what `detail` and `present` take).
            pub serial: String,
            /// `gplx`.
            pub type_code: String,
            /// "Giấy phép lái xe".
            pub name: String,
            /// "Còn hiệu lực" / "Hết hiệu lực" / "Đã bị thu hồi" / "Chưa có hiệu lực".
            pub status: String,
            /// The status's colour.
            pub status_tone: Tone,
            /// The last day of validity, `31/12/2030`.
            pub valid_until: String,
            /// "present" is offered (only for a valid paper).
            pub presentable: bool,
        }

        /// A field on a paper's detail screen.
        $(#[$r])*
        pub struct FieldRow {
            /// The field's key.
            pub key: String,
            /// Its label.
            pub label: String,
            /// What to show now: an ID number masked until tapped.
            pub value: String,
            /// An ID number: tap to show or hide.
            pub maskable: bool,
            /// Shown in full now.
            pub revealed: bool,
            /// "Chạm để hiện" / "Chạm để ẩn" under a maskable field.
            pub hint: Option<String>,
        }

        /// A paper's detail screen.
        $(#[$r])*
        pub struct PaperDetailView {
            /// The paper's name.
            pub title: String,
            /// Its status.
            pub status: String,
            /// The status's colour.
            pub status_tone: Tone,
            /// Agency, serial, validity. No holder row: a paper is bound to the device; the ID
            /// card's own `number` field shows the number (masked).
            pub header: Vec<Row>,
            /// The fields.
            pub fields: Vec<FieldRow>,
            /// "present" is offered.
            pub presentable: bool,
        }

        /// One choice of the field picker.
        $(#[$r])*
        pub struct FieldChoice {
            /// The field's key.
            pub key: String,
            /// Its label.
            pub label: String,
            /// Chosen.
            pub checked: bool,
            /// An ID number (the picker may say so).
            pub personal_id: bool,
        }

        /// "Chọn thông tin muốn xuất trình": what the presentation QR discloses. Nothing is
        /// chosen at first (disclose no more than asked).
        $(#[$r])*
        pub struct FieldPicker {
            /// Every field of the type, in its order.
            pub choices: Vec<FieldChoice>,
            /// The chosen keys in the type's order, as `present` takes them.
            pub selected: Vec<String>,
            /// While nothing is chosen: "only the type and validity will be shown".
            pub hint: Option<String>,
        }
    };
}

__vneid_screen_types!(
    records: #[derive(Clone, Debug, PartialEq)];
    enums: #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)];
);
