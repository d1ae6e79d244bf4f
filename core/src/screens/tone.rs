//! Colours and haptics: the meaning is decided here, the platforms only paint and vibrate.

use super::Tone;

/// Text on a tone's block (white), in either theme.
pub const ON_TONE_ARGB: u32 = 0xFFFF_FFFF;

impl Tone {
    /// The block colour (ARGB), the same in both themes: the verdict's block under
    /// [`ON_TONE_ARGB`] text keeps at least 4.5:1 contrast (WCAG AA).
    pub fn argb(self) -> u32 {
        match self {
            Tone::Genuine => 0xFF1B_873F,
            Tone::Fake => 0xFFC6_2828,
            // Darker than the apps' first amber (0xB26A00: 4.2:1 under white text).
            Tone::Warning => 0xFF9A_5B00,
            Tone::Neutral => 0xFF5F_6368,
            Tone::Accent => 0xFF15_65C0,
        }
    }

    /// The same hue as text or a stroke on the screen's own background, light or dark theme,
    /// in a shade that keeps at least 4.5:1 contrast there.
    pub fn on_background_argb(self, dark: bool) -> u32 {
        match (self, dark) {
            (Tone::Genuine, false) => 0xFF14_6C2E,
            (Tone::Genuine, true) => 0xFF6D_D58C,
            (Tone::Fake, false) => 0xFFC6_2828,
            (Tone::Fake, true) => 0xFFFF_B4AB,
            (Tone::Warning, false) => 0xFF8A_5100,
            (Tone::Warning, true) => 0xFFFF_B951,
            (Tone::Neutral, false) => 0xFF5F_6368,
            (Tone::Neutral, true) => 0xFFC4_C7C5,
            (Tone::Accent, false) => 0xFF15_65C0,
            (Tone::Accent, true) => 0xFFA8_C7FA,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// WCAG relative luminance and contrast.
    fn luminance(argb: u32) -> f64 {
        let c = |shift: u32| {
            let v = f64::from((argb >> shift) & 0xFF) / 255.0;
            if v <= 0.03928 {
                v / 12.92
            } else {
                ((v + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * c(16) + 0.7152 * c(8) + 0.0722 * c(0)
    }

    fn contrast(a: u32, b: u32) -> f64 {
        let (x, y) = (luminance(a), luminance(b));
        (x.max(y) + 0.05) / (x.min(y) + 0.05)
    }

    #[test]
    fn every_tone_keeps_aa_contrast() {
        const LIGHT_BG: u32 = 0xFFFF_FFFF;
        const DARK_BG: u32 = 0xFF12_1212;
        for t in [
            Tone::Genuine,
            Tone::Fake,
            Tone::Warning,
            Tone::Neutral,
            Tone::Accent,
        ] {
            assert!(contrast(t.argb(), ON_TONE_ARGB) >= 4.5, "{t:?} block");
            assert!(
                contrast(t.on_background_argb(false), LIGHT_BG) >= 4.5,
                "{t:?} light"
            );
            assert!(
                contrast(t.on_background_argb(true), DARK_BG) >= 4.5,
                "{t:?} dark"
            );
        }
    }
}
