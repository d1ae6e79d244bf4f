// Words and colours on screen. What the core's screens show comes as text already, in the
// ScreenLocale's language; the few labels the app draws itself (tabs, buttons) are keys of
// Localizable.strings, generated from the same table (core/src/strings.tsv, scripts/gen-strings.py).
// The colours the core decides (a verdict, a status, the countdown) come as a Tone, painted in
// the core's ARGB: as a block under white text, or as text on the appearance's background.
import Foundation
import SwiftUI
import UIKit
import VneidCore
import VNeIDPresentation

enum Texts {
    static func key(_ key: String) -> String {
        Bundle.main.localizedString(forKey: key, value: key, table: nil)
    }

    /// The app's language: the localisation iOS picked for it (Vietnamese first).
    static var languageCode: String? { Bundle.main.preferredLocalizations.first }

    static var lang: Lang { langOf(languageCode) }

    /// The language and UTC offset the core's screens are made in.
    static var locale: ScreenLocale { screenLocale(languageCode: languageCode) }
}

extension Color {
    /// A tone as a block (a verdict's), the same in both appearances, under white text.
    init(block tone: Tone) {
        self.init(uiColor: UIColor(argb: toneArgb(tone: tone)))
    }

    /// A tone as text or a stroke on the appearance's background (≥ 4.5:1 on either), resolved
    /// by UIKit as the appearance changes.
    init(ink tone: Tone) {
        self.init(uiColor: UIColor { traits in
            UIColor(argb: toneOnBackgroundArgb(tone: tone, dark: traits.userInterfaceStyle == .dark))
        })
    }
}

extension UIColor {
    convenience init(argb: UInt32) {
        self.init(red: CGFloat((argb >> 16) & 0xFF) / 255,
                  green: CGFloat((argb >> 8) & 0xFF) / 255,
                  blue: CGFloat(argb & 0xFF) / 255,
                  alpha: CGFloat((argb >> 24) & 0xFF) / 255)
    }
}
