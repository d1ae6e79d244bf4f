// The device key in the Secure Enclave: P-256, created with SecKeyCreateRandomKey and
// kSecAttrTokenIDSecureEnclave, signing with .ecdsaSignatureMessageX962SHA256 (DER; the
// presentation package's EcDeviceKeystore converts it to raw r || s). The private key never
// leaves the enclave. The simulator has no Secure Enclave: there the key is an ordinary
// Keychain key (same calls without the token), which is all a test device needs.
import Foundation
import Security
import VNeIDPresentation

final class SecureEnclaveKeySource: EcKeySource {
    private let lock = NSLock()

    private static var hasSecureEnclave: Bool {
        #if targetEnvironment(simulator)
        return false
        #else
        return true
        #endif
    }

    private func tag(_ alias: String) -> Data { Data("vn.gov.vneid.\(alias)".utf8) }

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
        guard status == errSecSuccess, let found = item else { throw KeychainError(status: status) }
        return (found as! SecKey) // swiftlint:disable:this force_cast
    }

    private func create(_ alias: String) throws -> SecKey {
        var error: Unmanaged<CFError>?
        guard let access = SecAccessControlCreateWithFlags(
            nil, kSecAttrAccessibleWhenUnlockedThisDeviceOnly, Self.hasSecureEnclave ? .privateKeyUsage : [], &error
        ) else { throw error!.takeRetainedValue() as Error }
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
            throw error!.takeRetainedValue() as Error
        }
        return key
    }

    func getOrCreatePublicKey(alias: String) throws -> Data {
        lock.lock(); defer { lock.unlock() }
        let key = try find(alias) ?? create(alias)
        var error: Unmanaged<CFError>?
        guard let pub = SecKeyCopyPublicKey(key),
              let x963 = SecKeyCopyExternalRepresentation(pub, &error) as Data?
        else { throw error?.takeRetainedValue() as Error? ?? KeychainError(status: errSecInternalError) }
        return x963 // 04 || x || y, 65 bytes
    }

    func signDer(alias: String, message: Data) throws -> Data? {
        guard let key = try find(alias) else { return nil }
        var error: Unmanaged<CFError>?
        guard let der = SecKeyCreateSignature(key, .ecdsaSignatureMessageX962SHA256, message as CFData, &error) as Data?
        else { throw error!.takeRetainedValue() as Error }
        return der
    }
}

struct KeychainError: Error {
    let status: OSStatus
}
