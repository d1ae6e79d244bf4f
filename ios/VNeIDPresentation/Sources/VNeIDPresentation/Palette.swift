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

    /// `color` (one of the colours above) as text or a stroke on the screen's own background, in
    /// the light appearance or the `dark` one: the same hue in a tone that keeps a contrast of at
    /// least 4.5:1 (WCAG AA) on either appearance's backgrounds. A verdict's block is painted as
    /// it is in both (its colour under `onVerdict` text), so it needs no such tone.
    public static func onBackground(_ color: UInt32, dark: Bool) -> UInt32 {
        switch color {
        case genuine: return dark ? 0xFF6D_D58C : 0xFF14_6C2E
        case fake: return dark ? 0xFFFF_B4AB : fake
        case warning: return dark ? 0xFFFF_B951 : 0xFF8A_5100
        case neutral: return dark ? 0xFFC4_C7C5 : neutral
        case ring: return dark ? 0xFFA8_C7FA : ring
        default: return color
        }
    }
}

/// Haptic feedback for a result: the iOS layer maps it to `UINotificationFeedbackGenerator`
/// (`.success`, `.warning`, `.error`).
public enum Haptic: Hashable {
    case confirm, warn, reject
}
