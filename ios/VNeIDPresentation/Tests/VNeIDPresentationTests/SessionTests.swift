// Mirrors SessionTest.kt and NavigationAndStringsTest.kt (the parts not in KeysAndNavigationTests).
import Foundation
import VneidCore
import XCTest
@testable import VNeIDPresentation

final class SessionTests: XCTestCase {
    private final class Offline: EnrolmentService, @unchecked Sendable {
        func enrol(request: EnrolmentRequest) throws -> Data { throw ApiError.Network(detail: "no connection") }
    }

    private final class Unreachable: AuthorityEndpoint {
        let enrolment: EnrolmentService = Offline()
        func rootPublicKey() throws -> Data { throw ApiError.Network(detail: "no connection") }
        func trustBundle() throws -> TrustBundle { throw ApiError.Network(detail: "no connection") }
        func papersFor(_ citizen: CitizenApp) throws -> [Data] { [] }
    }

    func testAServerThatCannotBeReachedSaysSo() {
        let clock = ManualClock(now: START)
        let platform = Platform(keystore: EcDeviceKeystore(source: InMemoryEcKeySource()),
                                secrets: memorySecretStorage(), clock: clock, dataDir: tempDir("offline"))
        let manager = SessionManager(platform: platform, authority: Unreachable())
        guard case let .refused(message) = manager.signIn(SignInForm(fullName: "Nguyễn Văn An", dateOfBirth: "1990-01-02",
                                                                     personalId: "001090012345"))
        else { return XCTFail("signed in without the authority") }
        XCTAssertEqual(message, .key(Keys.errorNetwork))
        XCTAssertNil(try manager.restore())
    }

    func testCitizenSignsInEnrolsGetsPapersAndIsRestored() throws {
        let clock = ManualClock(now: START)
        let platform = Platform(keystore: EcDeviceKeystore(source: InMemoryEcKeySource()),
                                secrets: memorySecretStorage(), clock: clock, dataDir: tempDir("citizen"))
        let manager = SessionManager(platform: platform, authority: LocalAuthorityEndpoint(authority: try LocalAuthority(clock: clock)))
        guard case let .signedIn(session) = manager.signIn(SignInForm(fullName: " Nguyễn Văn An ", dateOfBirth: "1990-01-02",
                                                                      personalId: "001090012345"))
        else { return XCTFail("refused") }
        XCTAssertEqual(session.role, .citizen)
        XCTAssertNil(session.officer)
        XCTAssertTrue(session.citizen.isEnrolled())
        XCTAssertEqual(session.citizen.account().fullName, "Nguyễn Văn An")
        XCTAssertEqual(session.wallet.paperCount(), 4)
        try session.citizen.setQrVerification(on: true)
        try manager.save(role: session.role, citizen: session.citizen)
        let back = try XCTUnwrap(try manager.restore())
        XCTAssertEqual(back.citizen.qrSetting(), .on)
        XCTAssertEqual(back.wallet.paperCount(), 4)
    }

    func testTheSeedWordsAreOnTheTabs() {
        XCTAssertEqual(UiText.key(Destination.home.titleKey).vi(), "Trang chủ")
        XCTAssertEqual(UiText.key(Destination.wallet.titleKey).vi(), "Ví giấy tờ")
        XCTAssertEqual(UiText.key(Destination.personal.titleKey).vi(), "Cá nhân")
        XCTAssertEqual(QrSwitchState.of(.off).label.vi(), "Xác minh ứng dụng qua QR code")
    }

    /// The same papers at every sign-in (those issued to the device enrolled at the first), so a
    /// serial revoked in between is recognised.
    private final class FixedPapers: AuthorityEndpoint {
        let inner: LocalAuthorityEndpoint
        var papers: [Data]?
        init(_ inner: LocalAuthorityEndpoint) {
            self.inner = inner
        }
        var enrolment: EnrolmentService { inner.enrolment }
        func rootPublicKey() throws -> Data { try inner.rootPublicKey() }
        func trustBundle() throws -> TrustBundle { try inner.trustBundle() }
        func papersFor(_ citizen: CitizenApp) throws -> [Data] {
            if let papers = papers { return papers }
            let issued = try inner.papersFor(citizen)
            papers = issued
            return issued
        }
    }

    func testRevokedPaperShowsAsRevokedAfterSignInAndRestore() throws {
        let clock = ManualClock(now: START)
        let platform = Platform(keystore: EcDeviceKeystore(source: InMemoryEcKeySource()),
                                secrets: memorySecretStorage(), clock: clock, dataDir: tempDir("revoked"))
        let authority = try LocalAuthority(clock: clock)
        let form = SignInForm(fullName: "Nguyễn Văn An", dateOfBirth: "1990-01-02", personalId: "001090012345")
        let endpoint = FixedPapers(LocalAuthorityEndpoint(authority: authority))
        let manager = SessionManager(platform: platform, authority: endpoint)
        guard case let .signedIn(first) = manager.signIn(form) else { return XCTFail("refused") }
        XCTAssertEqual(endpoint.papers?.count, 4)
        let gplx = try first.wallet.detail(paper: "gplx").summary
        XCTAssertEqual(gplx.status, .valid)

        _ = try authority.revoke(certificateSerial: gplx.serial)
        guard case let .signedIn(second) = manager.signIn(form) else { return XCTFail("refused") }
        XCTAssertEqual(try second.wallet.detail(paper: "gplx").summary.status, .revoked)
        XCTAssertEqual(second.wallet.list().filter { $0.status == .revoked }.count, 1)

        let restored = try XCTUnwrap(try manager.restore())
        XCTAssertEqual(try restored.wallet.detail(paper: "gplx").summary.status, .revoked)
    }
}
