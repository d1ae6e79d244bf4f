//! Papers: typed, issuer-signed credentials with selective disclosure.
//!
//! A paper type is data ([`PaperType`] in [`PAPER_TYPES`]): a code, names, the issuing agency
//! and a list of fields, each with a stable wire id, labels and a kind. A new type is one more
//! entry in the table.
//!
//! The issuer does not sign the field values themselves. It signs a *mobile security object*
//! (MSO, the ISO/IEC 18013-5 idea): the paper's type, serial, the holder's **device key** and
//! certificate serial, validity, and the root of a hash tree ([`merkle`]) whose leaves are
//! `SHA-256(0x00 ‖ CBOR [salt, field id, value])` with a fresh 16-byte random salt per field.
//! The holder keeps the values and the salts, and later discloses only the fields it chooses,
//! with the few subtree hashes that rebuild the root: the hashes of the others reveal nothing,
//! and a disclosed value cannot be changed without changing the root.
//!
//! - [`agency`]: the issuing agencies; [`catalogue`]: the paper types;
//! - [`value`]: field values; [`mso`]: the signed MSO; [`held`]: the paper as held;
//! - [`view`]: fields ready for a screen (masking); [`dates`]: calendar dates in Vietnam.
//!
//! Byte layout: `docs/wallet-protocol.md` §2.

pub mod agency;
pub mod catalogue;
pub mod dates;
pub mod held;
pub mod merkle;
pub mod mso;
pub mod value;
pub mod view;

pub use agency::{Agency, DEVICE_AGENCY, PAPER_AGENCIES};
pub use catalogue::{paper_type, FieldKind, FieldSpec, PaperType, MAX_FIELDS, PAPER_TYPES};
pub use dates::{add_years, vn_date, vn_midnight};
pub use held::{HeldField, Paper, PaperContent, PaperStatus, MAX_HELD_PAPER_BYTES};
pub use mso::{Holder, Mso, SignedMso, MAX_PAPER_BYTES, MSO_VERSION, SALT_LEN};
pub use value::{FieldValue, MAX_LIST_ITEMS, MAX_TEXT_BYTES};
pub use view::FieldView;

#[cfg(test)]
mod tests;
