// The language and UTC offset the core's screens are made in: the app's.
import Foundation
import VneidCore

/// English when the app runs in English, else Vietnamese (the app's first language).
public func langOf(_ languageCode: String?) -> Lang {
    (languageCode ?? "vi").hasPrefix("en") ? .en : .vi
}

/// `languageCode`'s language (the app's localisation: `Bundle.main.preferredLocalizations`) in
/// `zone`'s offset at `now` (summer time included).
public func screenLocale(languageCode: String?, zone: TimeZone = .current, now: Date = Date()) -> ScreenLocale {
    ScreenLocale(lang: langOf(languageCode), utcOffsetSecs: Int32(zone.secondsFromGMT(for: now)))
}
