// Conversions between what platform keystores produce and what the core takes: DER ECDSA
// signatures (what `SecKeyCreateSignature(.ecdsaSignatureMessageX962SHA256)` returns) to raw
// r || s, and public keys to uncompressed SEC1 points.
import Foundation

public enum EcdsaSignatures {
    /// Bytes of each half of a raw P-256 signature.
    public static let half = 32

    public struct Malformed: Error, CustomStringConvertible {
        public let description: String
        init(_ why: String) { description = why }
    }

    /// ECDSA-Sig-Value (DER `SEQUENCE { INTEGER r, INTEGER s }`) to raw `r || s`, 64 bytes,
    /// each half big-endian and left-padded with zeros. Strict: anything but one well-formed
    /// sequence of two positive integers of at most 32 significant bytes is refused.
    public static func derToRaw(_ derData: Data) throws -> Data {
        let der = [UInt8](derData)
        var i = 0
        func byte() throws -> Int {
            guard i < der.count else { throw Malformed("DER signature truncated") }
            defer { i += 1 }
            return Int(der[i])
        }
        func length() throws -> Int {
            let first = try byte()
            if first < 0x80 { return first }
            guard first == 0x81 else { throw Malformed("DER length form not expected in a P-256 signature") }
            let n = try byte()
            guard n >= 0x80 else { throw Malformed("DER length not minimal") }
            return n
        }
        guard try byte() == 0x30 else { throw Malformed("not a DER sequence") }
        let seqLen = try length()
        guard seqLen == der.count - i else { throw Malformed("DER sequence length does not match") }
        var out = [UInt8](repeating: 0, count: 2 * half)
        for part in 0..<2 {
            guard try byte() == 0x02 else { throw Malformed("not a DER integer") }
            let len = try length()
            guard len >= 1, len <= half + 1, i + len <= der.count else { throw Malformed("DER integer of bad length") }
            var start = i
            var n = len
            if der[start] == 0, n > 1 {
                guard der[start + 1] & 0x80 != 0 else { throw Malformed("DER integer not minimal") }
                start += 1
                n -= 1
            }
            guard der[start] & 0x80 == 0 else { throw Malformed("negative DER integer") }
            guard n <= half else { throw Malformed("integer longer than 32 bytes") }
            for k in 0..<n {
                out[part * half + half - n + k] = der[start + k]
            }
            i += len
        }
        guard i == der.count else { throw Malformed("bytes after the DER signature") }
        return Data(out)
    }

    /// Raw `r || s` to DER (to verify a raw signature with a platform API).
    public static func rawToDer(_ rawData: Data) throws -> Data {
        let raw = [UInt8](rawData)
        guard raw.count == 2 * half else { throw Malformed("a raw signature is 64 bytes") }
        func integer(_ part: ArraySlice<UInt8>) -> [UInt8] {
            var v = Array(part.drop(while: { $0 == 0 }))
            if v.isEmpty { v = [0] }
            if v[0] & 0x80 != 0 { v.insert(0, at: 0) }
            return [0x02, UInt8(v.count)] + v
        }
        let body = integer(raw[0..<half]) + integer(raw[half..<(2 * half)])
        let len: [UInt8] = body.count < 0x80 ? [UInt8(body.count)] : [0x81, UInt8(body.count)]
        return Data([0x30] + len + body)
    }

    /// The fixed 26-byte head of an X.509 SubjectPublicKeyInfo for a P-256 key.
    static let p256SpkiPrefix: [UInt8] = hex("3059301306072a8648ce3d020106082a8648ce3d030107034200")

    /// The uncompressed SEC1 point (`04 || x || y`, 65 bytes) of a P-256 public key from its
    /// X.509 encoding (91 bytes).
    public static func spkiToSec1(_ spkiData: Data) throws -> Data {
        let spki = [UInt8](spkiData)
        guard spki.count == p256SpkiPrefix.count + 65,
              Array(spki[0..<p256SpkiPrefix.count]) == p256SpkiPrefix,
              spki[p256SpkiPrefix.count] == 0x04
        else { throw Malformed("not an uncompressed P-256 SubjectPublicKeyInfo") }
        return Data(spki[p256SpkiPrefix.count...])
    }

    /// Checks an uncompressed SEC1 point (`04 || x || y`, 65 bytes): what
    /// `SecKeyCopyExternalRepresentation` gives for a P-256 public key (ANSI X9.63).
    public static func checkSec1(_ point: Data) throws -> Data {
        guard point.count == 65, point.first == 0x04 else {
            throw Malformed("not an uncompressed P-256 point (65 bytes starting 04)")
        }
        return point
    }

    static func hex(_ s: String) -> [UInt8] {
        var out: [UInt8] = []
        var it = s.makeIterator()
        while let a = it.next(), let b = it.next() {
            out.append(UInt8(String([a, b]), radix: 16)!)
        }
        return out
    }
}
