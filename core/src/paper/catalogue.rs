//! The paper types as data: each [`PaperType`] is a row (code, names, issuing agency, fields
//! with stable wire ids, labels and kinds); a new type is one more entry in [`PAPER_TYPES`].

use super::agency::{self, Agency};

/// Most fields a paper may have.
pub const MAX_FIELDS: usize = 32;

/// What a field holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FieldKind {
    /// UTF-8 text.
    Text,
    /// A calendar date (CBOR: days since 1970-01-01, as in the device certificate).
    Date,
    /// A list of short texts, e.g. driving-licence classes.
    List,
}

impl FieldKind {
    /// `text`, `date` or `list`.
    pub fn code(self) -> &'static str {
        match self {
            FieldKind::Text => "text",
            FieldKind::Date => "date",
            FieldKind::List => "list",
        }
    }
}

/// One field of a paper type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FieldSpec {
    /// Wire id, stable for the type (never renumbered, never reused).
    pub id: u8,
    /// Key used in APIs and the CLI, e.g. `date_of_birth`.
    pub key: &'static str,
    /// Vietnamese label.
    pub label_vi: &'static str,
    /// English label.
    pub label_en: &'static str,
    /// What it holds.
    pub kind: FieldKind,
    /// It holds a personal ID number: shown masked unless the user asks.
    pub personal_id: bool,
}

/// A kind of paper: a row of data, not code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PaperType {
    /// Short code on the wire and in the CLI, e.g. `gplx`.
    pub code: &'static str,
    /// Vietnamese name.
    pub name_vi: &'static str,
    /// English name.
    pub name_en: &'static str,
    /// Code of the agency whose paper issuer must sign it (see [`agency::PAPER_AGENCIES`]).
    pub agency: &'static str,
    /// A citizen holds at most one (a re-issued one replaces it in the wallet).
    pub single: bool,
    /// Fields, in display order.
    pub fields: &'static [FieldSpec],
}

impl PaperType {
    /// The field with this key.
    pub fn field(&self, key: &str) -> Option<&'static FieldSpec> {
        self.fields.iter().find(|f| f.key == key)
    }

    /// The field with this wire id.
    pub fn field_by_id(&self, id: u8) -> Option<&'static FieldSpec> {
        self.fields.iter().find(|f| f.id == id)
    }

    /// The agency's names.
    pub fn agency(&self) -> Option<Agency> {
        agency::agency(self.agency)
    }
}

const fn field(
    id: u8,
    key: &'static str,
    label_vi: &'static str,
    label_en: &'static str,
    kind: FieldKind,
) -> FieldSpec {
    FieldSpec {
        id,
        key,
        label_vi,
        label_en,
        kind,
        personal_id: false,
    }
}

use FieldKind::{Date, List, Text};

const CCCD_FIELDS: &[FieldSpec] = &[
    FieldSpec {
        personal_id: true,
        ..field(
            1,
            "number",
            "Số định danh cá nhân",
            "Personal ID number",
            Text,
        )
    },
    field(2, "full_name", "Họ, chữ đệm và tên", "Full name", Text),
    field(3, "date_of_birth", "Ngày sinh", "Date of birth", Date),
    field(4, "sex", "Giới tính", "Sex", Text),
    field(5, "nationality", "Quốc tịch", "Nationality", Text),
    field(6, "place_of_origin", "Quê quán", "Place of origin", Text),
    field(
        7,
        "place_of_residence",
        "Nơi thường trú",
        "Place of residence",
        Text,
    ),
    field(8, "issue_date", "Ngày cấp", "Date of issue", Date),
    field(9, "expiry_date", "Có giá trị đến", "Date of expiry", Date),
    field(
        10,
        "issuing_authority",
        "Nơi cấp",
        "Issuing authority",
        Text,
    ),
];

const GPLX_FIELDS: &[FieldSpec] = &[
    field(1, "number", "Số giấy phép", "Licence number", Text),
    field(2, "full_name", "Họ và tên", "Full name", Text),
    field(3, "date_of_birth", "Ngày sinh", "Date of birth", Date),
    field(4, "classes", "Hạng", "Classes", List),
    field(5, "issue_date", "Ngày cấp", "Date of issue", Date),
    field(6, "expiry_date", "Có giá trị đến", "Date of expiry", Date),
];

const BHYT_FIELDS: &[FieldSpec] = &[
    field(1, "card_number", "Mã số thẻ", "Card number", Text),
    field(2, "full_name", "Họ và tên", "Full name", Text),
    field(3, "date_of_birth", "Ngày sinh", "Date of birth", Date),
    field(
        4,
        "initial_hospital",
        "Nơi đăng ký khám chữa bệnh ban đầu",
        "Initial registered hospital",
        Text,
    ),
    field(5, "valid_from", "Giá trị sử dụng từ", "Valid from", Date),
    field(6, "valid_until", "Giá trị sử dụng đến", "Valid until", Date),
];

const DKX_FIELDS: &[FieldSpec] = &[
    field(1, "plate", "Biển số đăng ký", "Plate number", Text),
    field(2, "owner", "Tên chủ xe", "Owner", Text),
    field(3, "brand", "Nhãn hiệu", "Brand", Text),
    field(4, "model", "Số loại", "Model", Text),
    field(5, "colour", "Màu sơn", "Colour", Text),
    field(6, "frame_number", "Số khung", "Frame number", Text),
    field(7, "engine_number", "Số máy", "Engine number", Text),
    field(
        8,
        "registration_date",
        "Ngày đăng ký",
        "Registration date",
        Date,
    ),
];

/// The paper types this build knows.
pub const PAPER_TYPES: [PaperType; 4] = [
    PaperType {
        code: "cccd",
        name_vi: "Căn cước công dân",
        name_en: "Citizen identity card",
        agency: "C06",
        single: true,
        fields: CCCD_FIELDS,
    },
    PaperType {
        code: "gplx",
        name_vi: "Giấy phép lái xe",
        name_en: "Driving licence",
        agency: "C08",
        single: true,
        fields: GPLX_FIELDS,
    },
    PaperType {
        code: "bhyt",
        name_vi: "Thẻ bảo hiểm y tế",
        name_en: "Health insurance card",
        agency: "BHXH",
        single: true,
        fields: BHYT_FIELDS,
    },
    PaperType {
        code: "dkx",
        name_vi: "Giấy chứng nhận đăng ký xe",
        name_en: "Vehicle registration certificate",
        agency: "C08",
        single: false,
        fields: DKX_FIELDS,
    },
];

/// Looks a paper type up by code.
pub fn paper_type(code: &str) -> Option<&'static PaperType> {
    PAPER_TYPES.iter().find(|t| t.code == code)
}
