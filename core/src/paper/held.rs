//! A paper as its holder keeps it: the issuer-signed MSO and every field's value and salt;
//! what an issuer puts on a paper before signing; a paper's status at a time.

use std::fmt;

use ciborium::value::Value;

use super::catalogue::{paper_type, FieldSpec, PaperType, MAX_FIELDS};
use super::merkle;
use super::mso::{Holder, Mso, SignedMso, SALT_LEN};
use super::value::FieldValue;
use super::view::FieldView;
use crate::certificate::Serial;
use crate::clock::UnixTime;
use crate::cose;
use crate::keys::Signer;
use crate::trust::RevocationList;
use crate::{Error, Result};

/// Largest stored paper (issuer-signed part plus values and salts).
pub const MAX_HELD_PAPER_BYTES: usize = 8192;

/// What an issuer puts on a paper, before signing.
#[derive(Clone)]
pub struct PaperContent {
    /// Paper type code (see [`PAPER_TYPES`]).
    pub type_code: String,
    /// Serial number (8 bytes, random in production).
    pub serial: Serial,
    /// The device it is issued to (key and certificate serial).
    pub holder: Holder,
    /// Start of validity.
    pub valid_from: UnixTime,
    /// End of validity, exclusive.
    pub valid_until: UnixTime,
    /// Field key → value; any subset of the type's fields, in any order.
    pub fields: Vec<(String, FieldValue)>,
}

impl fmt::Debug for PaperContent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PaperContent")
            .field("type_code", &self.type_code)
            .field("serial", &self.serial)
            .field("device_serial", &self.holder.device_serial)
            .finish_non_exhaustive()
    }
}

/// A field the holder keeps: value and salt.
#[derive(Clone, PartialEq, Eq)]
pub struct HeldField {
    /// The field's description.
    pub spec: &'static FieldSpec,
    /// Its value.
    pub value: FieldValue,
    /// The salt its tree leaf was made with.
    pub salt: [u8; SALT_LEN],
}

impl fmt::Debug for HeldField {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "HeldField({})", self.spec.key)
    }
}

/// A paper as its holder keeps it: the issuer-signed MSO, and every field's value and salt.
#[derive(Clone)]
pub struct Paper {
    ty: &'static PaperType,
    signed: SignedMso,
    fields: Vec<HeldField>,
}

impl fmt::Debug for Paper {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Paper")
            .field("type", &self.ty.code)
            .field("serial", &self.signed.mso.serial)
            .finish_non_exhaustive()
    }
}

impl PartialEq for Paper {
    fn eq(&self, other: &Self) -> bool {
        self.signed.to_bytes() == other.signed.to_bytes() && self.fields == other.fields
    }
}

impl Eq for Paper {}

/// Whether a paper can be used at a given time.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PaperStatus {
    /// In its validity window and not revoked.
    Valid,
    /// Its validity has not started.
    NotYetValid,
    /// Its validity has ended.
    Expired,
    /// Its serial is on the revocation list.
    Revoked,
}

impl PaperStatus {
    /// `valid`, `not_yet_valid`, `expired`, `revoked`.
    pub fn code(self) -> &'static str {
        match self {
            PaperStatus::Valid => "valid",
            PaperStatus::NotYetValid => "not_yet_valid",
            PaperStatus::Expired => "expired",
            PaperStatus::Revoked => "revoked",
        }
    }

    /// The key of its words in the strings table.
    pub fn string_key(self) -> String {
        format!("paper.status.{}", self.code())
    }
}

impl Paper {
    /// Issues a paper: fresh random salts, the hash tree, the MSO signed by the issuer key.
    pub fn issue(
        content: &PaperContent,
        issuer_kid: &[u8],
        issuer: &dyn Signer,
        signed_at: UnixTime,
    ) -> Result<Self> {
        let salts = (0..content.fields.len())
            .map(|_| {
                let mut s = [0u8; SALT_LEN];
                crate::keys::random_bytes(&mut s)?;
                Ok(s)
            })
            .collect::<Result<Vec<_>>>()?;
        Self::issue_with_salts(content, issuer_kid, issuer, signed_at, &salts)
    }

    /// As [`Paper::issue`] with given salts, one per entry of `content.fields` in that order
    /// (deterministic fixtures; production uses random salts).
    pub(crate) fn issue_with_salts(
        content: &PaperContent,
        issuer_kid: &[u8],
        issuer: &dyn Signer,
        signed_at: UnixTime,
        salts: &[[u8; SALT_LEN]],
    ) -> Result<Self> {
        // Papers only for level-2 accounts, as the QR verification they are shown with.
        if content.holder.level < crate::identity::AssuranceLevel::Level2 {
            return Err(Error::LevelTooLow {
                level: content.holder.level.number(),
            });
        }
        let ty = paper_type(&content.type_code)
            .ok_or_else(|| Error::InvalidArgument("unknown paper type".into()))?;
        if salts.len() != content.fields.len() {
            return Err(Error::InvalidArgument("one salt per field".into()));
        }
        if content.valid_from >= content.valid_until {
            return Err(Error::InvalidArgument(
                "a paper's validity must end after it starts".into(),
            ));
        }
        let mut fields = Vec::with_capacity(content.fields.len());
        for ((key, value), salt) in content.fields.iter().zip(salts) {
            let spec = ty
                .field(key)
                .ok_or_else(|| Error::InvalidArgument(format!("{} has no field {key}", ty.code)))?;
            if value.kind() != spec.kind {
                return Err(Error::InvalidArgument(format!(
                    "field {key} holds a {}",
                    spec.kind.code()
                )));
            }
            value.check()?;
            if fields.iter().any(|f: &HeldField| f.spec.id == spec.id) {
                return Err(Error::InvalidArgument(format!("field {key} given twice")));
            }
            fields.push(HeldField {
                spec,
                value: value.clone(),
                salt: *salt,
            });
        }
        fields.sort_by_key(|f| f.spec.id);
        let mso = Mso {
            type_code: ty.code.to_owned(),
            serial: content.serial,
            holder: content.holder.clone(),
            signed_at,
            valid_from: content.valid_from,
            valid_until: content.valid_until,
            ids: fields.iter().map(|f| f.spec.id).collect(),
            root: merkle::root(&leaves(&fields)?),
        };
        let signed = SignedMso::sign(mso, issuer_kid, issuer)?;
        Ok(Paper { ty, signed, fields })
    }

    /// Puts a paper together from its issuer-signed part and the held values and salts
    /// (`(field id, value, salt)`), checking that the type is known, every value has its
    /// field's kind, the fields are exactly those the MSO lists, and their tree has the signed
    /// root. Does not check the issuer signature (that needs a trust list: the verifier does
    /// it).
    pub fn from_parts(
        issuer_signed: &[u8],
        held: Vec<(u8, FieldValue, [u8; SALT_LEN])>,
    ) -> Result<Self> {
        let signed = SignedMso::parse(issuer_signed)?;
        let ty = paper_type(&signed.mso.type_code).ok_or(Error::NotFound { what: "paper type" })?;
        const WHAT: &str = "paper";
        let mut fields = Vec::with_capacity(held.len());
        for (id, value, salt) in held {
            let spec = ty.field_by_id(id).ok_or(Error::malformed(WHAT))?;
            if value.kind() != spec.kind || fields.iter().any(|f: &HeldField| f.spec.id == id) {
                return Err(Error::Untrusted { what: WHAT });
            }
            fields.push(HeldField { spec, value, salt });
        }
        fields.sort_by_key(|f| f.spec.id);
        let ids: Vec<u8> = fields.iter().map(|f| f.spec.id).collect();
        if ids != signed.mso.ids || merkle::root(&leaves(&fields)?) != signed.mso.root {
            return Err(Error::Untrusted { what: WHAT });
        }
        Ok(Paper { ty, signed, fields })
    }

    /// Serialises for storage: CBOR `[issuer-signed bstr, [[id, value, salt], …]]`.
    pub fn to_bytes(&self) -> Result<Vec<u8>> {
        let held = self
            .fields
            .iter()
            .map(|f| {
                Value::Array(vec![
                    u64::from(f.spec.id).into(),
                    f.value.to_cbor(),
                    Value::Bytes(f.salt.to_vec()),
                ])
            })
            .collect();
        cose::to_cbor(&Value::Array(vec![
            Value::Bytes(self.signed.to_bytes().to_vec()),
            Value::Array(held),
        ]))
    }

    /// Inverse of [`Paper::to_bytes`], with the checks of [`Paper::from_parts`].
    pub fn from_bytes(bytes: &[u8]) -> Result<Self> {
        const WHAT: &str = "stored paper";
        let bad = || Error::malformed(WHAT);
        let Value::Array(parts) = cose::from_cbor(bytes, MAX_HELD_PAPER_BYTES, WHAT)? else {
            return Err(bad());
        };
        let [Value::Bytes(signed), Value::Array(held)] =
            <[Value; 2]>::try_from(parts).map_err(|_| bad())?
        else {
            return Err(bad());
        };
        if held.len() > MAX_FIELDS {
            return Err(bad());
        }
        let ty = paper_type(&SignedMso::parse(&signed)?.mso.type_code).ok_or(bad())?;
        let held = held
            .into_iter()
            .map(|h| parse_disclosure(h, ty).ok_or_else(bad))
            .collect::<Result<Vec<_>>>()?;
        Self::from_parts(&signed, held)
    }

    /// The paper's type.
    pub fn paper_type(&self) -> &'static PaperType {
        self.ty
    }

    /// The signed MSO.
    pub fn mso(&self) -> &Mso {
        &self.signed.mso
    }

    /// The issuer-signed part.
    pub fn signed(&self) -> &SignedMso {
        &self.signed
    }

    /// Serial number.
    pub fn serial(&self) -> Serial {
        self.signed.mso.serial
    }

    /// The device it was issued to.
    pub fn holder(&self) -> &Holder {
        &self.signed.mso.holder
    }

    /// The tree leaves of its fields, in id order.
    pub(crate) fn leaves(&self) -> Result<Vec<merkle::Hash>> {
        leaves(&self.fields)
    }

    /// Start of validity.
    pub fn valid_from(&self) -> UnixTime {
        self.signed.mso.valid_from
    }

    /// End of validity, exclusive.
    pub fn valid_until(&self) -> UnixTime {
        self.signed.mso.valid_until
    }

    /// The fields, in the type's id order.
    pub fn fields(&self) -> &[HeldField] {
        &self.fields
    }

    /// A field's value by key.
    pub fn value(&self, key: &str) -> Option<&FieldValue> {
        self.fields
            .iter()
            .find(|f| f.spec.key == key)
            .map(|f| &f.value)
    }

    /// Status at `now`: revoked (if a revocation list is given and names the serial or the
    /// device serial it was issued to), not yet
    /// valid, expired, or valid.
    pub fn status(&self, now: UnixTime, revocation: Option<&RevocationList>) -> PaperStatus {
        // The paper itself, or the phone it was issued to (reported stolen, or re-enrolled).
        if revocation.is_some_and(|r| {
            r.revoked.contains(&self.serial()) || r.revoked.contains(&self.holder().device_serial)
        }) {
            PaperStatus::Revoked
        } else if now < self.valid_from() {
            PaperStatus::NotYetValid
        } else if now >= self.valid_until() || now >= self.holder().device_expires_at {
            // Past its own end, or past the end of the device certificate it is bound to.
            PaperStatus::Expired
        } else {
            PaperStatus::Valid
        }
    }

    /// Field views in display order (the ID number masks itself when shown).
    pub fn views(&self) -> Vec<FieldView> {
        self.fields
            .iter()
            .map(|f| FieldView::new(f.spec, f.value.clone()))
            .collect()
    }
}

/// Reads `[id, value, salt]`: id of a field of `ty`, value of that field's kind, 16-byte salt.
pub(crate) fn parse_disclosure(
    v: Value,
    ty: &PaperType,
) -> Option<(u8, FieldValue, [u8; SALT_LEN])> {
    let Value::Array(a) = v else { return None };
    let [id, value, Value::Bytes(salt)] = <[Value; 3]>::try_from(a).ok()? else {
        return None;
    };
    let id = u8::try_from(cose::int(&id, "disclosure").ok()?).ok()?;
    let spec = ty.field_by_id(id)?;
    let value = FieldValue::from_cbor(spec.kind, &value)?;
    Some((id, value, salt.as_slice().try_into().ok()?))
}

/// Encodes `[id, value, salt]`.
pub(crate) fn disclosure(f: &HeldField) -> Value {
    Value::Array(vec![
        u64::from(f.spec.id).into(),
        f.value.to_cbor(),
        Value::Bytes(f.salt.to_vec()),
    ])
}

/// The tree leaves of `fields` (in id order).
fn leaves(fields: &[HeldField]) -> Result<Vec<merkle::Hash>> {
    fields
        .iter()
        .map(|f| merkle::leaf(&f.salt, f.spec.id, &f.value.to_cbor()))
        .collect()
}
