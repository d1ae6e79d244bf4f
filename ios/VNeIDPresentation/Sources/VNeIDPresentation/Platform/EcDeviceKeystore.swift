// The device keystore the core signs with: on iOS the keys live in the Secure Enclave (the
// app's SecureEnclaveKeySource), in tests in memory (CryptoKit). Everything except where the
// key lives is here, and unit-tested.
import Foundation
import VneidCore
#if canImport(CryptoKit)
import CryptoKit
#endif

/// Where P-256 keys live. The private key may be a handle to hardware that never leaves it.
public protocol EcKeySource: AnyObject {
    /// The public key under `alias` as ANSI X9.63 (`04 || x || y`), the key created (P-256) if
    /// there is none.
    func getOrCreatePublicKey(alias: String) throws -> Data

    /// ECDSA P-256 over SHA-256 of `message` with the key under `alias`, DER-encoded (what
    /// `SecKeyCreateSignature(.ecdsaSignatureMessageX962SHA256)` returns); nil when there is
    /// no key under `alias`.
    func signDer(alias: String, message: Data) throws -> Data?
}

/// The core's `DeviceKeystore` over an `EcKeySource`: public keys as uncompressed SEC1,
/// signatures converted from DER to raw `r || s`.
public final class EcDeviceKeystore: DeviceKeystore, @unchecked Sendable {
    private let source: EcKeySource

    public init(source: EcKeySource) {
        self.source = source
    }

    public func getOrCreateKey(alias: String) throws -> Data {
        try keystore("creating the device key") {
            try EcdsaSignatures.checkSec1(try source.getOrCreatePublicKey(alias: alias))
        }
    }

    public func sign(alias: String, message: Data) throws -> Data {
        let signed = try keystore("signing") { try source.signDer(alias: alias, message: message) }
        guard let der = signed else { throw ApiError.Keystore(detail: "no key under this alias") }
        return try keystore("converting the signature") { try EcdsaSignatures.derToRaw(der) }
    }

    private func keystore<T>(_ what: String, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let e as ApiError {
            throw e
        } catch {
            // The error's type says what failed (user cancelled, key invalidated, …); its
            // message may say more than a log should, so only the type is kept.
            throw ApiError.Keystore(detail: "\(what) failed: \(type(of: error))")
        }
    }
}

#if canImport(CryptoKit)
/// Keys in memory: tests and tools only, never a device.
public final class InMemoryEcKeySource: EcKeySource {
    private let lock = NSLock()
    private var keys: [String: P256.Signing.PrivateKey] = [:]

    public init() {}

    public func getOrCreatePublicKey(alias: String) throws -> Data {
        lock.lock(); defer { lock.unlock() }
        let key = keys[alias] ?? P256.Signing.PrivateKey()
        keys[alias] = key
        return key.publicKey.x963Representation
    }

    public func signDer(alias: String, message: Data) throws -> Data? {
        lock.lock(); let key = keys[alias]; lock.unlock()
        return try key?.signature(for: message).derRepresentation
    }
}
#endif
