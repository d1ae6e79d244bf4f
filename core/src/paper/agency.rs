//! The issuing agencies: the code each carries in the trust list and on papers, and its names.

/// An issuing agency: its code (carried in the trust list and on papers) and names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Agency {
    /// Short code, e.g. `C06`.
    pub code: &'static str,
    /// Vietnamese name.
    pub name_vi: &'static str,
    /// English name.
    pub name_en: &'static str,
}

/// Issues device certificates (electronic-identity enrolment).
pub const DEVICE_AGENCY: Agency = Agency {
    code: "C06",
    name_vi: "Cục Cảnh sát quản lý hành chính về trật tự xã hội",
    name_en: "Police Department for Administrative Management of Social Order",
};

/// Agencies whose issuers sign papers, each with its own key.
pub const PAPER_AGENCIES: [Agency; 3] = [
    DEVICE_AGENCY,
    Agency {
        code: "C08",
        name_vi: "Cục Cảnh sát giao thông",
        name_en: "Traffic Police Department",
    },
    Agency {
        code: "BHXH",
        name_vi: "Bảo hiểm xã hội Việt Nam",
        name_en: "Vietnam Social Security",
    },
];

/// Looks an agency up by code.
pub fn agency(code: &str) -> Option<Agency> {
    PAPER_AGENCIES.iter().copied().find(|a| a.code == code)
}
