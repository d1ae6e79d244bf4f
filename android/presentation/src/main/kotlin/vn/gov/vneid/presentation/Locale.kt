// The language and UTC offset the core's screens are made in: the phone's.
package vn.gov.vneid.presentation

import java.util.Locale
import java.util.TimeZone
import vn.gov.vneid.core.Lang
import vn.gov.vneid.core.ScreenLocale

/** English when the phone's language is English, else Vietnamese (the app's first language). */
fun langOf(locale: Locale): Lang = if (locale.language == "en") Lang.EN else Lang.VI

/** [locale]'s language in [zone]'s offset at [nowMillis] (summer time included). */
fun screenLocale(locale: Locale = Locale.getDefault(), zone: TimeZone = TimeZone.getDefault(), nowMillis: Long = System.currentTimeMillis()) =
    ScreenLocale(langOf(locale), zone.getOffset(nowMillis) / 1000)
