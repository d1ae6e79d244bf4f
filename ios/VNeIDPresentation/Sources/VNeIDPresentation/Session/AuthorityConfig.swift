// Where the authority's server is and what the app pins, from the build configuration (the
// app's Info.plist keys, fed from the xcconfig files: ios/README.md). The root key is the
// authority's PUBLIC key only: the app holds no private key of the authority's.
import Foundation
import VneidCore

public struct AuthorityConfig: Equatable {
    /// `https://…` (the core refuses plain HTTP).
    public let serverUrl: String
    /// SHA-256 of each accepted server key (SubjectPublicKeyInfo); empty: a public CA's certificate.
    public let spkiPins: [Data]
    /// The authority's root public key, SEC1 (65 bytes), pinned by the officer's side and the wallet.
    public let rootPublicKey: Data
    /// Accept devices enrolled under a development attestation policy (Debug builds only).
    public let acceptDevelopmentDevices: Bool

    /// What is missing or malformed in the build's configuration.
    public struct Problem: Error, Equatable, CustomStringConvertible {
        public let description: String
    }

    /// The Info.plist keys (`project.yml` fills them from the build settings of the same name
    /// in capitals: VNEID_SERVER_URL, VNEID_SERVER_SPKI, VNEID_ROOT_KEY, VNEID_ACCEPT_DEVELOPMENT_DEVICES).
    public enum Key {
        public static let serverUrl = "VNeIDServerURL"
        public static let spkiPins = "VNeIDServerSPKI"
        public static let rootKey = "VNeIDRootKey"
        public static let acceptDevelopmentDevices = "VNeIDAcceptDevelopmentDevices"
    }

    /// From the build's strings: `pins` comma-separated hex digests (`DIR/tls/spki-sha256.txt`
    /// of a development authority), `rootHex` the root key in hex.
    public static func of(url: String, pins: String, rootHex: String, acceptDevelopmentDevices: Bool) throws -> AuthorityConfig {
        let url = url.trimmingCharacters(in: .whitespaces)
        guard !url.isEmpty else { throw Problem(description: "no authority server configured (VNEID_SERVER_URL)") }
        let spki = try pins.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }.map { try hex($0, bytes: 32, what: "VNEID_SERVER_SPKI") }
        let root = try hex(rootHex.trimmingCharacters(in: .whitespaces), bytes: 65, what: "VNEID_ROOT_KEY")
        return AuthorityConfig(serverUrl: url, spkiPins: spki, rootPublicKey: root,
                               acceptDevelopmentDevices: acceptDevelopmentDevices)
    }

    /// From an Info.plist dictionary (`Bundle.main.infoDictionary`).
    public static func from(info: [String: Any]) throws -> AuthorityConfig {
        let accept = info[Key.acceptDevelopmentDevices] as? String
        return try of(url: info[Key.serverUrl] as? String ?? "", pins: info[Key.spkiPins] as? String ?? "",
                      rootHex: info[Key.rootKey] as? String ?? "",
                      acceptDevelopmentDevices: ["YES", "yes", "true", "1"].contains(accept ?? ""))
    }

    public func server() throws -> AuthorityServer {
        try AuthorityServer(baseUrl: serverUrl, trust: spkiPins.isEmpty ? .publicCas : .pinnedKeys(spkiSha256: spkiPins))
    }

    public func policy() -> Policy {
        let p = defaultPolicy()
        return Policy(clockToleranceSecs: p.clockToleranceSecs, maxTokenValiditySecs: p.maxTokenValiditySecs,
                      requiredLevel: p.requiredLevel, maxListStalenessSecs: p.maxListStalenessSecs,
                      acceptDevelopmentDevices: acceptDevelopmentDevices)
    }

    static func hex(_ s: String, bytes: Int, what: String) throws -> Data {
        let digits = Array(s.utf8)
        guard digits.count == 2 * bytes else { throw Problem(description: "\(what) must be \(2 * bytes) hex digits") }
        var out = Data(capacity: bytes)
        for i in stride(from: 0, to: digits.count, by: 2) {
            guard let v = UInt8(String(decoding: digits[i..<i + 2], as: UTF8.self), radix: 16) else {
                throw Problem(description: "\(what) must be \(2 * bytes) hex digits")
            }
            out.append(v)
        }
        return out
    }
}
