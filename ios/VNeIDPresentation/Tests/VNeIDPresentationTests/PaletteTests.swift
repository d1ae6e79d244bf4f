// The colours on screen keep their contrast in the light appearance and the dark one (WCAG AA,
// 4.5:1), as android/presentation's PaletteTest.
import Foundation
import XCTest
@testable import VNeIDPresentation

final class PaletteTests: XCTestCase {
    private func luminance(_ argb: UInt32) -> Double {
        func channel(_ shift: UInt32) -> Double {
            let c = Double((argb >> shift) & 0xFF) / 255
            return c <= 0.03928 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4)
        }
        return 0.2126 * channel(16) + 0.7152 * channel(8) + 0.0722 * channel(0)
    }

    private func contrast(_ a: UInt32, _ b: UInt32) -> Double {
        let (x, y) = (luminance(a), luminance(b))
        return (max(x, y) + 0.05) / (min(x, y) + 0.05)
    }

    // iOS's system and grouped backgrounds, and the Material 3 surfaces Android uses.
    private let light: [UInt32] = [0xFFFF_FFFF, 0xFFFE_F7FF, 0xFFFF_FBFE, 0xFFF3_EDF7, 0xFFF2_F2F7]
    private let dark: [UInt32] = [0xFF12_1316, 0xFF1C_1B1F, 0xFF21_1F26, 0xFF2B_2930, 0xFF00_0000, 0xFF1C_1C1E, 0xFF2C_2C2E]
    private let inks: [String: UInt32] = ["genuine": Palette.genuine, "fake": Palette.fake, "warning": Palette.warning,
                                          "neutral": Palette.neutral, "ring": Palette.ring]

    func testTextColoursKeepTheirContrastInBothAppearances() {
        for (name, color) in inks {
            for bg in light {
                let c = contrast(Palette.onBackground(color, dark: false), bg)
                XCTAssertGreaterThanOrEqual(c, 4.5, "\(name) on light \(String(bg, radix: 16))")
            }
            for bg in dark {
                let c = contrast(Palette.onBackground(color, dark: true), bg)
                XCTAssertGreaterThanOrEqual(c, 4.5, "\(name) on dark \(String(bg, radix: 16))")
            }
        }
    }

    func testTheVerdictBlockIsReadableAsItIsInBothAppearances() {
        for block in [Palette.genuine, Palette.fake] {
            XCTAssertGreaterThanOrEqual(contrast(Palette.onVerdict, block), 4.5)
        }
    }

    func testAnotherColourIsLeftAsItIs() {
        XCTAssertEqual(Palette.onBackground(0xFF12_3456, dark: true), 0xFF12_3456)
        XCTAssertEqual(Palette.onBackground(0xFF12_3456, dark: false), 0xFF12_3456)
    }
}
