// The core's DeviceKeystore in the Secure Enclave: P-256, created with SecKeyCreateRandomKey and
// kSecAttrTokenIDSecureEnclave. It hands the core what the platform gives, unconverted: the
// public key as SecKeyCopyExternalRepresentation gives it (X9.62 uncompressed, 04 || x || y) and
// the DER signature of .ecdsaSignatureMessageX962SHA256; the core converts both and checks every
// signature against the key. The private key never leaves the enclave. The simulator has no
// Secure Enclave: there the key is an ordinary Keychain key (same calls without the token).
import Foundation
import Security
import VneidCore

final class SecureEnclaveKeystore: DeviceKeystore, @unchecked Sendable {
    private let lock = NSLock()
    /// The Keychain application tag's prefix (tests and the UI tests' second phone use their own).
    private let tagPrefix: String

    init(tagPrefix: String = "vn.gov.vneid.") {
        self.tagPrefix = tagPrefix
    }

    private static var hasSecureEnclave: Bool {
        #if targetEnvironment(simulator)
        return false
        #else
        return true
        #endif
    }

    private func tag(_ alias: String) -> Data { Data((tagPrefix + alias).utf8) }

    private func find(_ alias: String) throws -> SecKey? {
        let query: [String: Any] = [
            kSecClass as String: kSecClassKey,
            kSecAttrApplicationTag as String: tag(alias),
            kSecAttrKeyType as String: kSecAttrKeyTypeECSECPrimeRandom,
            // The private key only: a public key item under the same tag (one an import or a
            // future change stores) must never be what signing is asked of.
            kSecAttrKeyClass as String: kSecAttrKeyClassPrivate,
            kSecMatchLimit as String: kSecMatchLimitOne,
            kSecReturnRef as String: true,
        ]
        var item: CFTypeRef?
        let status = SecItemCopyMatching(query as CFDictionary, &item)
        if status == errSecItemNotFound { return nil }
        guard status == errSecSuccess, let found = item, CFGetTypeID(found) == SecKeyGetTypeID() else {
            throw ApiError.Keystore(detail: "looking up the device key failed (status \(status))")
        }
        return (found as! SecKey) // swiftlint:disable:this force_cast
    }

    private func create(_ alias: String) throws -> SecKey {
        var error: Unmanaged<CFError>?
        guard let access = SecAccessControlCreateWithFlags(
            nil, kSecAttrAccessibleWhenUnlockedThisDeviceOnly, Self.hasSecureEnclave ? .privateKeyUsage : [], &error
        ) else { throw Self.failure("making the key's access control", error) }
        var attributes: [String: Any] = [
            kSecAttrKeyType as String: kSecAttrKeyTypeECSECPrimeRandom,
            kSecAttrKeySizeInBits as String: 256,
            kSecPrivateKeyAttrs as String: [
                kSecAttrIsPermanent as String: true,
                kSecAttrApplicationTag as String: tag(alias),
                kSecAttrAccessControl as String: access,
            ] as [String: Any],
        ]
        if Self.hasSecureEnclave {
            attributes[kSecAttrTokenID as String] = kSecAttrTokenIDSecureEnclave
        }
        guard let key = SecKeyCreateRandomKey(attributes as CFDictionary, &error) else {
            throw Self.failure("creating the device key", error)
        }
        return key
    }

    func getOrCreateKey(alias: String) throws -> Data {
        lock.lock(); defer { lock.unlock() }
        let key = try find(alias) ?? create(alias)
        var error: Unmanaged<CFError>?
        guard let pub = SecKeyCopyPublicKey(key),
              let x963 = SecKeyCopyExternalRepresentation(pub, &error) as Data?
        else { throw Self.failure("reading the device public key", error) }
        return x963 // 04 || x || y, 65 bytes: the core takes it as it is
    }

    func sign(alias: String, message: Data) throws -> Data {
        guard let key = try find(alias) else { throw ApiError.Keystore(detail: "no key under this alias") }
        var error: Unmanaged<CFError>?
        guard let der = SecKeyCreateSignature(key, .ecdsaSignatureMessageX962SHA256, message as CFData, &error) as Data?
        else { throw Self.failure("signing", error) }
        return der // DER ECDSA-Sig-Value: the core converts it
    }

    /// Removes the key under `alias` (sign-out of a test phone; the core makes a new one at the next enrolment).
    func delete(alias: String) {
        let query: [String: Any] = [kSecClass as String: kSecClassKey, kSecAttrApplicationTag as String: tag(alias)]
        SecItemDelete(query as CFDictionary)
    }

    /// The error's domain and code only: its description may say more than a log should.
    private static func failure(_ what: String, _ error: Unmanaged<CFError>?) -> ApiError {
        guard let e = error?.takeRetainedValue() else { return .Keystore(detail: "\(what) failed") }
        return .Keystore(detail: "\(what) failed: \(CFErrorGetDomain(e) as String) \(CFErrorGetCode(e))")
    }
}
