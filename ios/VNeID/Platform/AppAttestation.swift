// The core's PlatformAttestation on iOS: Apple App Attest. At enrolment the core asks for
// evidence for the server's one-time challenge and the device key under `keyAlias`: the core
// gives the two client-data hashes (appAttestClientDataHashes: the attestation's over the
// challenge, the assertion's binding the challenge to the device public key); a new App Attest
// key attests itself with the first and asserts the second. The authority checks the
// attestation against Apple's root, the app's identity, the counter and both hashes
// (docs/attestation.md). Where App Attest is not supported (the simulator) there is no evidence:
// only a development authority accepts that, and the certificate then says so.
import DeviceCheck
import Foundation
import VneidCore

final class AppAttestation: PlatformAttestation, @unchecked Sendable {
    private let keystore: DeviceKeystore
    private let service = DCAppAttestService.shared

    init(keystore: DeviceKeystore) {
        self.keystore = keystore
    }

    func attest(challenge: Data, keyAlias: String) throws -> AttestationEvidence {
        guard service.isSupported else { return AttestationEvidence.none }
        let publicKey = try keystore.getOrCreateKey(alias: keyAlias)
        let hashes = try appAttestClientDataHashes(challenge: challenge, devicePublicKey: publicKey)
        // One App Attest key per enrolment: a key attests only once.
        let keyId: String = try wait("generating the App Attest key") { self.service.generateKey(completionHandler: $0) }
        let attestation: Data = try wait("attesting the key") {
            self.service.attestKey(keyId, clientDataHash: hashes.attestation, completionHandler: $0)
        }
        let assertion: Data = try wait("binding the device key") {
            self.service.generateAssertion(keyId, clientDataHash: hashes.assertion, completionHandler: $0)
        }
        guard let id = Data(base64Encoded: keyId) else { throw ApiError.Keystore(detail: "App Attest gave a malformed key id") }
        return .ios(attestation: attestation, keyId: id, assertion: assertion)
    }

    /// The core calls on a background thread: wait for the completion handler there.
    private func wait<T>(_ what: String, _ call: (@escaping (T?, Error?) -> Void) -> Void) throws -> T {
        let done = DispatchSemaphore(value: 0)
        var result: T?
        var failure: Error?
        call { value, error in
            result = value
            failure = error
            done.signal()
        }
        done.wait()
        guard let value = result else {
            // The error's code says what failed (DCError); its text is not for a log.
            let code = (failure as NSError?)?.code ?? -1
            throw ApiError.Keystore(detail: "\(what) failed (DCError \(code))")
        }
        return value
    }
}
