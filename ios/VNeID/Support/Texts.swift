// UiText on screen: keys from Localizable.strings (generated from core/src/strings.tsv), in
// the phone's language (Vietnamese first, English beside it).
import Foundation
import SwiftUI
import UIKit
import VNeIDPresentation

enum Texts {
    private static func bundle(_ lang: String) -> Bundle {
        Bundle.main.path(forResource: lang, ofType: "lproj").flatMap(Bundle.init(path:)) ?? .main
    }

    private static let vi = bundle("vi")
    private static let en = bundle("en")

    /// Whether the app runs in Vietnamese (the development language) or English.
    static var isVietnamese: Bool { (Bundle.main.preferredLocalizations.first ?? "vi").hasPrefix("vi") }

    static func string(_ key: String, in bundle: Bundle = .main) -> String {
        bundle.localizedString(forKey: key, value: key, table: nil)
    }

    static func resolve(_ text: UiText) -> String {
        switch text {
        case let .key(key, args):
            return UiText.format(string(key), args)
        case let .bothLanguages(key):
            return string(key, in: vi) + " / " + string(key, in: en)
        case let .bilingual(viText, enText):
            return isVietnamese ? viText : enText
        case let .plain(text):
            return text
        }
    }

    static func key(_ key: String) -> String { string(key) }
}

extension UiText {
    var localized: String { Texts.resolve(self) }
}

extension Color {
    /// A colour the presentation package decided, as ARGB, painted as it is: a verdict's block
    /// and its text.
    init(argb: UInt32) {
        self.init(.sRGB,
                  red: Double((argb >> 16) & 0xFF) / 255,
                  green: Double((argb >> 8) & 0xFF) / 255,
                  blue: Double(argb & 0xFF) / 255,
                  opacity: Double((argb >> 24) & 0xFF) / 255)
    }

    /// A colour the presentation package decided, as text or a stroke on the screen's
    /// background: its tone for the light or dark appearance (`Palette.onBackground`), resolved
    /// by UIKit as the appearance changes.
    init(ink argb: UInt32) {
        self.init(uiColor: UIColor { traits in
            UIColor(argb: Palette.onBackground(argb, dark: traits.userInterfaceStyle == .dark))
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
