"""Interop: an independent COSE implementation (pycose) against vneid's Rust core.

Both directions:
  1. pycose verifies our device certificates (COSE_Sign1 by the issuer key) and our identity
     tokens (tagged COSE_Sign1 by the device key that the certificate's `cnf` carries), read
     from the committed vectors in fixtures/vectors/;
  2. pycose rejects them once a byte is flipped;
  3. pycose signs a token with a device key that our trust list certifies, the Rust verifier
     (fixtures' `interop-helper verify`) accepts it as genuine, and refuses it flipped,
     expired, too long-lived or signed by an uncertified key.

Run it through tests/interop/run.sh, which makes the virtualenv and builds the helper.
Plain unittest; the last line printed is "interop: N passed, N failed".
"""

import json
import os
import subprocess
import sys
import unittest
from pathlib import Path

import cbor2
from cryptography.hazmat.primitives.asymmetric import ec
from pycose.algorithms import Es256
from pycose.headers import KID, Algorithm
from pycose.keys.curves import P256
from pycose.keys.ec2 import EC2Key
from pycose.messages import CoseMessage, Sign1Message

ROOT = Path(__file__).resolve().parents[2]
VECTORS = ROOT / "fixtures" / "vectors"
KEYS = json.loads((VECTORS / "keys.json").read_text(encoding="utf-8"))
CASES = json.loads((VECTORS / "cases.json").read_text(encoding="utf-8"))

# CWT claim keys (RFC 8392) and COSE labels.
CTI, IAT, EXP, NBF, CNF = 7, 6, 4, 5, 8
KCWT = 13  # COSE header: a CWT carrying the sender's key (RFC 9528)
ES256 = -7


def helper_command():
    exe = os.environ.get("VNEID_INTEROP_HELPER")
    if exe:
        return [exe]
    return ["cargo", "run", "-q", "-p", "vneid-fixtures", "--bin", "interop-helper", "--"]


def helper(*args, stdin=None):
    """Runs the Rust helper; returns (exit code, parsed JSON on stdout)."""
    p = subprocess.run(
        helper_command() + list(args),
        cwd=ROOT,
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=600,
    )
    if p.returncode not in (0, 1):
        raise RuntimeError(f"interop-helper {args[0]} failed ({p.returncode}): {p.stderr}")
    return p.returncode, json.loads(p.stdout)


def key_from_sec1(hex_key):
    """pycose EC2 public key from uncompressed SEC1 hex (04 || x || y)."""
    b = bytes.fromhex(hex_key)
    assert len(b) == 65 and b[0] == 4, "uncompressed SEC1"
    return EC2Key(crv=P256, x=b[1:33], y=b[33:])


def key_from_cnf(cnf_cose_key):
    """pycose EC2 public key from the certificate's cnf COSE_Key, whose y is the sign bit:
    decompress the point with `cryptography`."""
    assert cnf_cose_key[1] == 2, "kty EC2"
    assert cnf_cose_key[-1] == 1, "crv P-256"
    x, y_odd = cnf_cose_key[-2], cnf_cose_key[-3]
    assert isinstance(y_odd, bool), "y carried as its sign bit (compressed point)"
    point = (b"\x03" if y_odd else b"\x02") + x
    pub = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), point)
    n = pub.public_numbers()
    return EC2Key(crv=P256, x=n.x.to_bytes(32, "big"), y=n.y.to_bytes(32, "big"))


def sec1_of(cose_key):
    return (b"\x04" + cose_key.x + cose_key.y).hex()


def decode_certificate(raw):
    """Our certificate is an untagged COSE_Sign1: decode the array and hand it to pycose."""
    obj = cbor2.loads(raw)
    assert isinstance(obj, list) and len(obj) == 4, "COSE_Sign1 array"
    return Sign1Message.from_cose_obj(list(obj), True)


def verifies(msg, key):
    """pycose's verdict; a malformed message is a refusal too."""
    msg.key = key
    try:
        return bool(msg.verify_signature())
    except Exception:  # noqa: BLE001 - any failure is "does not verify"
        return False


def issuer_key(kid_hex):
    for k in (KEYS["device_issuer"], KEYS["foreign_device_issuer"]):
        if k["kid"] == kid_hex:
            return key_from_sec1(k["public_key"])
    raise KeyError(kid_hex)


# ---- QR text, as core/src/qrtext.rs: "VN2:" then 7-byte big-endian chunks as 17 decimal
# digits; a final chunk of k bytes takes DIGITS[k] digits.
DIGITS = [0, 3, 5, 8, 10, 13, 15, 17]


# The P-256 group order: an ECDSA signature (r, s) and (r, n - s) both verify; our profile
# takes the low one only, and pycose, like most libraries, leaves the choice to the caller.
P256_N = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551


def low_s(raw):
    """A tagged COSE_Sign1 with its signature in low-s form, re-encoded deterministically."""
    tag = cbor2.loads(raw)
    protected, unprotected, payload, sig = tag.value
    s = int.from_bytes(sig[32:], "big")
    if s > P256_N // 2:
        sig = sig[:32] + (P256_N - s).to_bytes(32, "big")
    return cbor2.dumps(cbor2.CBORTag(18, [protected, unprotected, payload, sig]), canonical=True)


def qr_text(token):
    out = ["VN2:"]
    for i in range(0, len(token), 7):
        chunk = token[i : i + 7]
        out.append(str(int.from_bytes(chunk, "big")).zfill(DIGITS[len(chunk)]))
    return "".join(out)


class OurSignaturesVerifyInPycose(unittest.TestCase):
    def test_certificates_verify_with_the_issuer_key(self):
        for d in KEYS["devices"]:
            with self.subTest(device=d["name"]):
                raw = (VECTORS / d["certificate_file"]).read_bytes()
                msg = decode_certificate(raw)
                self.assertEqual(msg.phdr[Algorithm], Es256)
                self.assertEqual(msg.phdr[KID].hex(), d["issuer_kid"])
                self.assertEqual(msg.uhdr, {})
                self.assertTrue(verifies(msg, issuer_key(d["issuer_kid"])))
                # Another issuer's key does not verify it.
                other = [k for k in (KEYS["device_issuer"], KEYS["foreign_device_issuer"])
                         if k["kid"] != d["issuer_kid"]][0]
                self.assertFalse(verifies(decode_certificate(raw), key_from_sec1(other["public_key"])))
                # The certified device key, decompressed from cnf, is the one in keys.json.
                claims = cbor2.loads(msg.payload)
                self.assertEqual(sec1_of(key_from_cnf(claims[CNF][1])), d["public_key"])
                self.assertLess(claims[NBF], claims[EXP])

    def test_tokens_verify_with_the_device_key_from_cnf(self):
        for d in KEYS["devices"]:
            with self.subTest(device=d["name"]):
                raw = (VECTORS / d["token_file"]).read_bytes()
                self.assertEqual(raw[0], 0xD2, "tagged COSE_Sign1 (tag 18)")
                msg = CoseMessage.decode(raw)
                self.assertIsInstance(msg, Sign1Message)
                self.assertEqual(msg.phdr[Algorithm], Es256)
                self.assertEqual(msg.uhdr, {})
                cert_array = msg.phdr[KCWT]
                self.assertIsInstance(cert_array, list, "certificate embedded as a CBOR array")
                # The embedded certificate is the committed one, and verifies on its own.
                self.assertEqual(cbor2.dumps(cert_array), (VECTORS / d["certificate_file"]).read_bytes())
                cert = Sign1Message.from_cose_obj(list(cert_array), True)
                self.assertTrue(verifies(cert, issuer_key(d["issuer_kid"])))
                device = key_from_cnf(cbor2.loads(cert.payload)[CNF][1])
                self.assertEqual(sec1_of(device), d["public_key"])
                self.assertTrue(verifies(msg, device))
                claims = cbor2.loads(msg.payload)
                self.assertEqual(len(claims[CTI]), 16)
                self.assertEqual(claims[EXP] - claims[IAT], 60)
                # Another device's key does not verify it.
                other = [x for x in KEYS["devices"] if x["name"] != d["name"]][0]
                self.assertFalse(verifies(CoseMessage.decode(raw), key_from_sec1(other["public_key"])))

    def test_our_qr_text_encoding_matches_an_independent_one(self):
        for d in KEYS["devices"]:
            raw = (VECTORS / d["token_file"]).read_bytes()
            txt = (VECTORS / d["token_file"].replace(".cbor", ".txt")).read_text().strip()
            self.assertEqual(qr_text(raw), txt, d["name"])


class FlippedBytesFailInPycose(unittest.TestCase):
    def check_every_flip(self, raw, decode, key):
        self.assertTrue(verifies(decode(raw), key), "the original verifies")
        for i in range(len(raw)):
            for bit in (0x01, 0x80):
                b = bytearray(raw)
                b[i] ^= bit
                try:
                    msg = decode(bytes(b))
                except Exception:  # noqa: BLE001 - unparseable is refused too
                    continue
                self.assertFalse(verifies(msg, key), f"byte {i} ^ {bit:#x} still verifies")

    def test_every_flipped_byte_of_a_token_fails(self):
        genuine = next(d for d in KEYS["devices"] if d["name"] == "genuine")
        raw = (VECTORS / "token-genuine.cbor").read_bytes()
        self.check_every_flip(raw, CoseMessage.decode, key_from_sec1(genuine["public_key"]))

    def test_every_flipped_byte_of_a_certificate_fails(self):
        raw = (VECTORS / "certificate-level2.cbor").read_bytes()
        self.check_every_flip(raw, decode_certificate, key_from_sec1(KEYS["device_issuer"]["public_key"]))

    def test_the_committed_tampered_vectors_fail(self):
        genuine = next(d for d in KEYS["devices"] if d["name"] == "genuine")
        device = key_from_sec1(genuine["public_key"])
        msg = CoseMessage.decode((VECTORS / "token-tampered-signature.cbor").read_bytes())
        self.assertFalse(verifies(msg, device))
        # A changed letter in the certified name: the issuer's signature breaks.
        msg = CoseMessage.decode((VECTORS / "token-tampered-certificate.cbor").read_bytes())
        cert = Sign1Message.from_cose_obj(list(msg.phdr[KCWT]), True)
        self.assertFalse(verifies(cert, key_from_sec1(KEYS["device_issuer"]["public_key"])))


class PycoseTokensVerifyInRust(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        _, dev = helper("device")
        cls.dev = dev
        d = bytes.fromhex(dev["private_scalar_hex"])
        pub = bytes.fromhex(dev["public_key_hex"])
        cls.key = EC2Key(crv=P256, x=pub[1:33], y=pub[33:], d=d)
        cls.cert_array = cbor2.loads(bytes.fromhex(dev["certificate_hex"]))
        # A day after the certificate starts: inside its validity and the issuer key's.
        cls.iat = dev["certificate_not_before"] + 86400

    def make_token(self, iat, exp, key=None, cti=None):
        claims = {CTI: cti or os.urandom(16), IAT: iat, EXP: exp}
        msg = Sign1Message(
            phdr={Algorithm: Es256, KCWT: self.cert_array},
            # Our profile asks for deterministic CBOR (RFC 8949 §4.2.1): cbor2's canonical mode.
            payload=cbor2.dumps(claims, canonical=True),
        )
        msg.key = key or self.key
        raw = low_s(msg.encode(tag=True))
        self.assertEqual(raw[0], 0xD2)
        return raw

    def rust_verify(self, raw, at):
        code, out = helper("verify", "--at", str(at), "--text", qr_text(raw))
        self.assertEqual(code, 0 if out["verdict"] == "genuine" else 1, out)
        return out

    def test_the_private_key_matches_the_certified_key(self):
        priv = ec.derive_private_key(int(self.dev["private_scalar_hex"], 16), ec.SECP256R1())
        n = priv.public_key().public_numbers()
        pub = "04" + n.x.to_bytes(32, "big").hex() + n.y.to_bytes(32, "big").hex()
        self.assertEqual(pub, self.dev["public_key_hex"])
        claims = cbor2.loads(Sign1Message.from_cose_obj(list(self.cert_array), True).payload)
        self.assertEqual(sec1_of(key_from_cnf(claims[CNF][1])), self.dev["public_key_hex"])

    def test_pycose_token_is_genuine(self):
        raw = self.make_token(self.iat, self.iat + 60)
        # pycose verifies its own token too.
        self.assertTrue(verifies(CoseMessage.decode(raw), key_from_sec1(self.dev["public_key_hex"])))
        out = self.rust_verify(raw, self.iat + 10)
        self.assertEqual(out["verdict"], "genuine", out)
        self.assertIsNone(out["reason"])
        self.assertEqual(out["certificate_serial"], self.dev["certificate_serial"])
        self.assertEqual(out["expires_at"], self.iat + 60)
        self.assertEqual(out["name"], "Hoàng Thị Em")
        self.assertEqual(out["personal_id_masked"], "***********4")

    def test_pycose_token_flipped_is_fake(self):
        raw = bytearray(self.make_token(self.iat, self.iat + 60))
        raw[-1] ^= 0x01  # last byte of the signature
        out = self.rust_verify(bytes(raw), self.iat + 10)
        self.assertEqual((out["verdict"], out["reason"]), ("fake", "bad_signature"))
        raw = bytearray(self.make_token(self.iat, self.iat + 60))
        raw[len(raw) // 2] ^= 0x01  # somewhere in the embedded certificate
        out = self.rust_verify(bytes(raw), self.iat + 10)
        self.assertEqual(out["verdict"], "fake", out)

    def test_pycose_token_expires_after_60_seconds(self):
        raw = self.make_token(self.iat, self.iat + 60)
        self.assertEqual(self.rust_verify(raw, self.iat + 59)["verdict"], "genuine")
        out = self.rust_verify(raw, self.iat + 60)
        self.assertEqual((out["verdict"], out["reason"]), ("fake", "token_expired"))

    def test_pycose_token_valid_for_an_hour_is_refused(self):
        out = self.rust_verify(self.make_token(self.iat, self.iat + 3600), self.iat + 10)
        self.assertEqual((out["verdict"], out["reason"]), ("fake", "validity_too_long"))

    def test_pycose_token_signed_by_an_uncertified_key_is_fake(self):
        stranger = EC2Key.generate_key(crv=P256)
        out = self.rust_verify(self.make_token(self.iat, self.iat + 60, key=stranger), self.iat + 10)
        self.assertEqual((out["verdict"], out["reason"]), ("fake", "bad_signature"))


def main():
    suite = unittest.defaultTestLoader.loadTestsFromModule(sys.modules[__name__])
    result = unittest.TextTestRunner(verbosity=2, stream=sys.stdout).run(suite)
    # Count tests, not subtests; a failed setUpClass counts as one failure.
    broken = [t for t, _ in result.failures + result.errors]
    failed_tests = {getattr(t, "test_case", t).id() for t in broken if isinstance(t, unittest.TestCase)}
    holders = [t for t in broken if not isinstance(t, unittest.TestCase)]
    skipped = len(result.skipped)
    unexpected = len(result.unexpectedSuccesses)
    passed = result.testsRun - len(failed_tests) - skipped - unexpected
    failed = len(failed_tests) + len(holders) + unexpected
    print(f"interop: {passed} passed, {failed} failed" + (f", {skipped} skipped" if skipped else ""))
    return 0 if failed == 0 and passed > 0 else 1


if __name__ == "__main__":
    sys.exit(main())
