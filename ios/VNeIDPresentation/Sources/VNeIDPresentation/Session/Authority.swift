// The authority as the app reaches it: one interface, so that a server client replaces the
// local authority without touching a screen.
import Foundation
import VneidCore

/// The ministry's identity backend as one endpoint. In production a client of its server
/// implements this (throwing `ApiError.Network` when it cannot be reached) and the root key is
/// compiled into the app; `LocalAuthorityEndpoint` implements it in-process.
public protocol AuthorityEndpoint: AnyObject {
    /// Where a device enrols: checks the device's proof and returns its certificate.
    var enrolment: EnrolmentService { get }

    /// The authority's root public key, which officer apps pin (SEC1).
    func rootPublicKey() throws -> Data

    /// The latest signed trust and revocation lists.
    func trustBundle() throws -> TrustBundle

    /// The papers the agencies issued to this citizen's enrolled device (bound to its key), in
    /// their held form (for the wallet). Call it after `CitizenApp.enrol`.
    func papersFor(_ citizen: CitizenApp) throws -> [Data]
}

/// The core's `LocalAuthority` as the endpoint: demo builds and tests.
public final class LocalAuthorityEndpoint: AuthorityEndpoint {
    public let authority: LocalAuthority

    public init(authority: LocalAuthority) {
        self.authority = authority
    }

    public var enrolment: EnrolmentService { authority }

    public func rootPublicKey() throws -> Data { try authority.rootPublicKey() }

    public func trustBundle() throws -> TrustBundle { try authority.publish() }

    /// The sample papers; the core issues papers to level-2 accounts only, so level 1 has none.
    public func papersFor(_ citizen: CitizenApp) throws -> [Data] {
        do {
            return try authority.issueSamplePapers(citizen: citizen)
        } catch ApiError.LevelTooLow {
            return []
        }
    }
}
