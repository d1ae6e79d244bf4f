// Tab Trang chủ: the identity QR, its countdown, remade when it expires.
import Foundation
import VneidCore

public enum HomeState: Equatable {
    /// The setting is off (or cannot be on): say so and offer tab Cá nhân.
    case settingOff(message: UiText, goTo: Destination)
    /// The QR on screen with its countdown.
    case showingQr(qr: IdentityQr, matrix: QrMatrix, countdown: Countdown)
    /// Making the QR failed (keystore, …).
    case failed(message: UiText)

    /// A QR is on screen: on iOS it is hidden while the screen is captured (recorded,
    /// mirrored, AirPlayed), the equivalent of Android's FLAG_SECURE.
    public var secureScreen: Bool {
        if case .showingQr = self { return true }
        return false
    }

    /// Full brightness only while a QR is on screen, so that it scans well.
    public var fullBrightness: Bool { secureScreen }

    /// Whether to draw the QR now: never while the screen is being captured.
    public func qrVisible(screenCaptured: Bool) -> Bool { secureScreen && !screenCaptured }

    /// What to say instead of the QR while the screen is captured.
    public func capturedNotice(screenCaptured: Bool) -> UiText? {
        secureScreen && screenCaptured ? .key(Keys.homeHiddenCapture) : nil
    }
}

/// Drives tab Trang chủ. Call `tick()` about every quarter second (off the main thread: making a
/// QR signs with the device key) and `renew()` when the user taps the QR.
public final class HomeController {
    private let citizen: CitizenAppProtocol
    private let lock = NSLock()
    private var qr: IdentityQr?
    private var matrix: QrMatrix?
    private var madeCount = 0

    public init(citizen: CitizenAppProtocol) {
        self.citizen = citizen
    }

    /// How many QRs this screen made (the first one included).
    public var made: Int { lock.lock(); defer { lock.unlock() }; return madeCount }

    public func tick() -> HomeState {
        lock.lock(); defer { lock.unlock() }
        return tickLocked()
    }

    /// A new QR now, whatever is left of the current one.
    public func renew() -> HomeState {
        lock.lock(); defer { lock.unlock() }
        forgetLocked()
        return tickLocked()
    }

    /// The screen is left: the QR is dropped, and a new one is made on return.
    public func forget() {
        lock.lock(); defer { lock.unlock() }
        forgetLocked()
    }

    private func tickLocked() -> HomeState {
        if citizen.qrSetting() != .on {
            forgetLocked()
            return .settingOff(message: .key(Keys.homeSettingOff), goTo: .personal)
        }
        let now = citizen.now()
        if let current = qr, let m = matrix, !current.isExpired(now: now) {
            return .showingQr(qr: current, matrix: m, countdown: .of(current, now: now))
        }
        return make()
    }

    private func forgetLocked() {
        qr = nil
        matrix = nil
    }

    private func make() -> HomeState {
        do {
            let fresh = try citizen.makeIdentityQr()
            let m = try fresh.matrix()
            qr = fresh
            matrix = m
            madeCount += 1
            return .showingQr(qr: fresh, matrix: m, countdown: .of(fresh, now: citizen.now()))
        } catch {
            forgetLocked()
            if (error as? ApiError) == .QrSettingOff {
                return .settingOff(message: .key(Keys.homeSettingOff), goTo: .personal)
            }
            return .failed(message: errorText(error))
        }
    }
}
