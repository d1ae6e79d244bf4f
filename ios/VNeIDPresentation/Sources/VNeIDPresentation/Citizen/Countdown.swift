// The 60-second countdown ring of a QR (identity or paper presentation): what is left, how
// much of the ring to draw, its colour and its words. Seconds come from the core.
import Foundation
import VneidCore

public struct Countdown: Hashable {
    /// Whole seconds left, 60 down to 0 (from the core).
    public let secondsLeft: Int64
    /// The QR's whole validity (60 s).
    public let totalSeconds: Int64
    /// The QR must be made again.
    public let expired: Bool

    public init(secondsLeft: Int64, totalSeconds: Int64, expired: Bool) {
        self.secondsLeft = secondsLeft
        self.totalSeconds = totalSeconds
        self.expired = expired
    }

    public static let lastSeconds: Int64 = 10

    /// How much of the ring to draw, 1.0 (just made) to 0.0 (expired).
    public var fraction: Double {
        totalSeconds <= 0 ? 0 : min(max(Double(secondsLeft) / Double(totalSeconds), 0), 1)
    }

    /// "Còn 42 giây", or "Mã QR đã hết hạn, hãy tạo mã mới".
    public var label: UiText {
        expired ? .key(Keys.homeExpired) : .key(Keys.homeSecondsLeft, args: [Int(secondsLeft)])
    }

    /// The ring's colour: blue while there is time, amber in the last 10 seconds, red when over.
    public var ringColor: UInt32 {
        if expired { return Palette.fake }
        if secondsLeft <= Countdown.lastSeconds { return Palette.warning }
        return Palette.ring
    }

    public static func of(_ qr: IdentityQr, now: Int64) -> Countdown {
        Countdown(secondsLeft: qr.secondsLeft(now: now), totalSeconds: identityQrValiditySeconds(),
                  expired: qr.isExpired(now: now))
    }

    public static func of(_ qr: PresentationQr, now: Int64) -> Countdown {
        Countdown(secondsLeft: qr.secondsLeft(now: now), totalSeconds: identityQrValiditySeconds(),
                  expired: qr.isExpired(now: now))
    }
}
