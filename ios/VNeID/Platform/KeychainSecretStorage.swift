// The core's SecretStorage (the wallet's data key) in the Keychain, readable only while the
// phone is unlocked and never restored to another device.
import Foundation
import Security
import VneidCore

final class KeychainSecretStorage: SecretStorage, @unchecked Sendable {
    private let service: String

    init(service: String) {
        self.service = service
    }

    private func base(_ name: String) -> [String: Any] {
        [
            kSecClass as String: kSecClassGenericPassword,
            kSecAttrService as String: service,
            kSecAttrAccount as String: name,
        ]
    }

    func get(name: String) throws -> Data? {
        var query = base(name)
        query[kSecReturnData as String] = true
        query[kSecMatchLimit as String] = kSecMatchLimitOne
        var item: CFTypeRef?
        let status = SecItemCopyMatching(query as CFDictionary, &item)
        switch status {
        case errSecSuccess:
            guard let data = item as? Data else { throw ApiError.Corrupt(detail: "a Keychain secret is not data") }
            return data
        case errSecItemNotFound:
            return nil
        case errSecInteractionNotAllowed:
            throw ApiError.Keystore(detail: "the Keychain is locked (status \(status))")
        default:
            throw ApiError.Storage(detail: "reading a Keychain secret failed (status \(status))")
        }
    }

    func put(name: String, secret: Data) throws {
        let update: [String: Any] = [
            kSecValueData as String: secret,
            kSecAttrAccessible as String: kSecAttrAccessibleWhenUnlockedThisDeviceOnly,
        ]
        var status = SecItemUpdate(base(name) as CFDictionary, update as CFDictionary)
        if status == errSecItemNotFound {
            var add = base(name)
            add.merge(update) { _, new in new }
            status = SecItemAdd(add as CFDictionary, nil)
        }
        guard status == errSecSuccess else {
            throw ApiError.Storage(detail: "writing a Keychain secret failed (status \(status))")
        }
    }
}
