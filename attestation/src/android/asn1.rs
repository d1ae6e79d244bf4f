//! The Android KeyDescription extension (OID 1.3.6.1.4.1.11129.2.1.17), through `der`.
//!
//! Schema: <https://source.android.com/docs/security/features/keystore/attestation#schema>.
//! `KeyDescription`, `RootOfTrust`, `AttestationApplicationId` and `AttestationPackageInfo` are
//! `der` derives. `AuthorizationList` is a SEQUENCE of `[tag] EXPLICIT` fields, all optional,
//! and KeyMint adds tags with every version (`moduleHash [724]` in KeyMint 4, …): a derive
//! would have to declare every tag there is, since `der` 0.8 does not skip unknown
//! context-specific fields, and would refuse next year's phones. So its `DecodeValue` walks
//! the elements as `der::Any`, decodes the tags we use with `der`, skips the others, and refuses
//! a duplicated tag (two different values for one property is a parser-differential attack).

use der::asn1::{OctetString, SetOfVec};
use der::{
    Any, Decode, DecodeValue, Encode, EncodeValue, Enumerated, FixedTag, Header, Length, Reader,
    Sequence, Tag, TagNumber, Tagged, ValueOrd, Writer,
};

/// KeyMint `SecurityLevel`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Enumerated)]
#[repr(u32)]
#[allow(missing_docs)]
pub enum SecurityLevelAsn1 {
    Software = 0,
    TrustedEnvironment = 1,
    StrongBox = 2,
}

/// KeyMint `VerifiedBootState`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Enumerated)]
#[repr(u32)]
#[allow(missing_docs)]
pub enum VerifiedBootStateAsn1 {
    Verified = 0,
    SelfSigned = 1,
    Unverified = 2,
    Failed = 3,
}

/// `KeyDescription`.
#[derive(Clone, Debug, PartialEq, Eq, Sequence)]
#[allow(missing_docs)]
pub struct KeyDescription {
    pub attestation_version: i64,
    pub attestation_security_level: SecurityLevelAsn1,
    pub keymint_version: i64,
    pub keymint_security_level: SecurityLevelAsn1,
    pub attestation_challenge: OctetString,
    pub unique_id: OctetString,
    pub software_enforced: AuthorizationList,
    pub hardware_enforced: AuthorizationList,
}

impl KeyDescription {
    /// Parses the extension's value (strict DER, nothing after it).
    pub fn parse(der: &[u8]) -> der::Result<Self> {
        Self::from_der(der)
    }
}

/// `RootOfTrust` (`verifiedBootHash` from attestation version 3).
#[derive(Clone, Debug, PartialEq, Eq, Sequence)]
#[allow(missing_docs)]
pub struct RootOfTrust {
    pub verified_boot_key: OctetString,
    pub device_locked: bool,
    pub verified_boot_state: VerifiedBootStateAsn1,
    #[asn1(optional = "true")]
    pub verified_boot_hash: Option<OctetString>,
}

/// `AttestationApplicationId`, the DER inside the `[709]` OCTET STRING.
#[derive(Clone, Debug, PartialEq, Eq, Sequence)]
#[allow(missing_docs)]
pub struct AttestationApplicationId {
    pub package_infos: SetOfVec<AttestationPackageInfo>,
    pub signature_digests: SetOfVec<OctetString>,
}

impl AttestationApplicationId {
    /// Parses the DER inside the `[709]` OCTET STRING.
    pub fn parse(der: &[u8]) -> der::Result<Self> {
        Self::from_der(der)
    }
}

/// `AttestationPackageInfo`.
#[derive(Clone, Debug, PartialEq, Eq, Sequence, ValueOrd)]
#[allow(missing_docs)]
pub struct AttestationPackageInfo {
    pub package_name: OctetString,
    pub version: i64,
}

/// KeyMint tag numbers used here.
pub mod tag {
    #![allow(missing_docs)]
    pub const PURPOSE: u32 = 1;
    pub const ALGORITHM: u32 = 2;
    pub const KEY_SIZE: u32 = 3;
    pub const DIGEST: u32 = 5;
    pub const EC_CURVE: u32 = 10;
    pub const ORIGIN: u32 = 702;
    pub const ROOT_OF_TRUST: u32 = 704;
    pub const OS_VERSION: u32 = 705;
    pub const OS_PATCH_LEVEL: u32 = 706;
    pub const ATTESTATION_APPLICATION_ID: u32 = 709;
    pub const VENDOR_PATCH_LEVEL: u32 = 718;
    pub const BOOT_PATCH_LEVEL: u32 = 719;
}

/// KeyMint values used here.
pub mod value {
    #![allow(missing_docs)]
    pub const PURPOSE_SIGN: i64 = 2;
    pub const ALGORITHM_EC: i64 = 3;
    pub const EC_CURVE_P_256: i64 = 1;
    pub const ORIGIN_GENERATED: i64 = 0;
}

/// `AuthorizationList`: the tags this verifier reads; every other tag is skipped.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[allow(missing_docs)]
pub struct AuthorizationList {
    pub purpose: Option<SetOfVec<i64>>,
    pub algorithm: Option<i64>,
    pub key_size: Option<i64>,
    pub digest: Option<SetOfVec<i64>>,
    pub ec_curve: Option<i64>,
    pub origin: Option<i64>,
    pub root_of_trust: Option<RootOfTrust>,
    pub os_version: Option<i64>,
    pub os_patch_level: Option<i64>,
    pub attestation_application_id: Option<OctetString>,
    pub vendor_patch_level: Option<i64>,
    pub boot_patch_level: Option<i64>,
    /// Other `[tag] EXPLICIT` elements, kept as (tag number, inner DER) so that a list
    /// round-trips (the test builders use this to add arbitrary tags).
    pub other: Vec<(u32, Vec<u8>)>,
}

impl FixedTag for AuthorizationList {
    const TAG: Tag = Tag::Sequence;
}

fn set<T>(slot: &mut Option<T>, inner: &[u8]) -> der::Result<()>
where
    T: for<'b> Decode<'b, Error = der::Error>,
{
    if slot.is_some() {
        return Err(der::ErrorKind::Failed.into());
    }
    *slot = Some(T::from_der(inner)?);
    Ok(())
}

impl<'a> DecodeValue<'a> for AuthorizationList {
    type Error = der::Error;

    fn decode_value<R: Reader<'a>>(reader: &mut R, _header: Header) -> der::Result<Self> {
        let mut list = AuthorizationList::default();
        while !reader.is_finished() {
            let element = Any::decode(reader)?;
            let number = match element.tag() {
                Tag::ContextSpecific {
                    constructed: true,
                    number,
                } => number.value(),
                _ => return Err(der::ErrorKind::Failed.into()),
            };
            let inner = element.value();
            match number {
                tag::PURPOSE => set(&mut list.purpose, inner)?,
                tag::ALGORITHM => set(&mut list.algorithm, inner)?,
                tag::KEY_SIZE => set(&mut list.key_size, inner)?,
                tag::DIGEST => set(&mut list.digest, inner)?,
                tag::EC_CURVE => set(&mut list.ec_curve, inner)?,
                tag::ORIGIN => set(&mut list.origin, inner)?,
                tag::ROOT_OF_TRUST => set(&mut list.root_of_trust, inner)?,
                tag::OS_VERSION => set(&mut list.os_version, inner)?,
                tag::OS_PATCH_LEVEL => set(&mut list.os_patch_level, inner)?,
                tag::ATTESTATION_APPLICATION_ID => {
                    set(&mut list.attestation_application_id, inner)?
                }
                tag::VENDOR_PATCH_LEVEL => set(&mut list.vendor_patch_level, inner)?,
                tag::BOOT_PATCH_LEVEL => set(&mut list.boot_patch_level, inner)?,
                other => {
                    if list.other.iter().any(|(n, _)| *n == other) {
                        return Err(der::ErrorKind::Failed.into());
                    }
                    list.other.push((other, inner.to_vec()));
                }
            }
        }
        Ok(list)
    }
}

impl AuthorizationList {
    /// The elements as (tag number, inner DER), in ascending tag order as DER wants.
    fn elements(&self) -> der::Result<Vec<(u32, Vec<u8>)>> {
        let mut out: Vec<(u32, Vec<u8>)> = Vec::new();
        fn push<T: Encode>(
            out: &mut Vec<(u32, Vec<u8>)>,
            n: u32,
            v: &Option<T>,
        ) -> der::Result<()> {
            if let Some(v) = v {
                out.push((n, v.to_der()?));
            }
            Ok(())
        }
        push(&mut out, tag::PURPOSE, &self.purpose)?;
        push(&mut out, tag::ALGORITHM, &self.algorithm)?;
        push(&mut out, tag::KEY_SIZE, &self.key_size)?;
        push(&mut out, tag::DIGEST, &self.digest)?;
        push(&mut out, tag::EC_CURVE, &self.ec_curve)?;
        push(&mut out, tag::ORIGIN, &self.origin)?;
        push(&mut out, tag::ROOT_OF_TRUST, &self.root_of_trust)?;
        push(&mut out, tag::OS_VERSION, &self.os_version)?;
        push(&mut out, tag::OS_PATCH_LEVEL, &self.os_patch_level)?;
        push(
            &mut out,
            tag::ATTESTATION_APPLICATION_ID,
            &self.attestation_application_id,
        )?;
        push(&mut out, tag::VENDOR_PATCH_LEVEL, &self.vendor_patch_level)?;
        push(&mut out, tag::BOOT_PATCH_LEVEL, &self.boot_patch_level)?;
        out.extend(self.other.iter().cloned());
        out.sort_by_key(|(n, _)| *n);
        Ok(out)
    }

    fn element_header(n: u32, inner_len: usize) -> der::Result<Header> {
        Ok(Header::new(
            TagNumber(n).context_specific(true),
            Length::try_from(inner_len)?,
        ))
    }
}

impl EncodeValue for AuthorizationList {
    fn value_len(&self) -> der::Result<Length> {
        let mut total = Length::ZERO;
        for (n, inner) in self.elements()? {
            let header = Self::element_header(n, inner.len())?;
            total = (total + header.encoded_len()?)?;
            total = (total + Length::try_from(inner.len())?)?;
        }
        Ok(total)
    }

    fn encode_value(&self, writer: &mut impl Writer) -> der::Result<()> {
        for (n, inner) in self.elements()? {
            Self::element_header(n, inner.len())?.encode(writer)?;
            writer.write(&inner)?;
        }
        Ok(())
    }
}
