// Colours the presentation layer decides (ARGB), so that screens only paint them.
import Foundation

public enum Palette {
    /// "Ứng dụng thật / GENUINE".
    public static let genuine: UInt32 = 0xFF1B_873F
    /// "Ứng dụng giả / FAKE".
    public static let fake: UInt32 = 0xFFC6_2828
    /// Repeat scans, stale lists, a countdown in its last seconds.
    public static let warning: UInt32 = 0xFFB2_6A00
    /// Text on a verdict colour.
    public static let onVerdict: UInt32 = 0xFFFF_FFFF
    /// Neutral (a paper not valid yet).
    public static let neutral: UInt32 = 0xFF5F_6368
    /// The countdown ring while there is time.
    public static let ring: UInt32 = 0xFF15_65C0
}

/// Haptic feedback for a result: the iOS layer maps it to `UINotificationFeedbackGenerator`
/// (`.success`, `.warning`, `.error`).
public enum Haptic: Hashable {
    case confirm, warn, reject
}
