// Words on screen as the presentation layer hands them to a screen: a key of the one string
// table (core/src/strings.tsv, generated into Android resources), a pair of Vietnamese and
// English texts that arrive as data (paper labels), or plain data (a name, a date).
package vn.gov.vneid.presentation

import vn.gov.vneid.core.Lang
import vn.gov.vneid.core.text

/** Text for a screen. Android resolves [Key] from its string resources (same table). */
sealed interface UiText {
    /** A key of the string table (`verdict.genuine`), with format arguments for `%d`. */
    data class Key(val key: String, val args: List<Any> = emptyList()) : UiText

    /** Both languages of a key side by side, "Ứng dụng thật / GENUINE" (the verdict headline). */
    data class BothLanguages(val key: String) : UiText

    /** A text that arrives in both languages as data (paper names, field labels). */
    data class Bilingual(val vi: String, val en: String) : UiText

    /** Data shown as it is (a name, a date, a masked ID number). */
    data class Plain(val text: String) : UiText
}

/** Resolves against the core's string table: what the JVM tests and the iOS-less tools use. */
fun UiText.resolve(lang: Lang): String = when (this) {
    is UiText.Key -> text(key, lang).let { if (args.isEmpty()) it else String.format(it, *args.toTypedArray()) }
    is UiText.BothLanguages -> "${text(key, Lang.VI)} / ${text(key, Lang.EN)}"
    is UiText.Bilingual -> if (lang == Lang.VI) vi else en
    is UiText.Plain -> text
}

/** The string keys the presentation layer hands out; each is a row of core/src/strings.tsv. */
object Keys {
    const val TAB_PERSONAL = "tab.personal"
    const val TAB_HOME = "tab.home"
    const val TAB_WALLET = "tab.wallet"
    const val OFFICER_SCAN = "officer.scan"
    const val OFFICER_HISTORY = "officer.history"
    const val OFFICER_SCAN_AGAIN = "officer.scan_again"
    const val OFFICER_HISTORY_EMPTY = "officer.history_empty"
    const val OFFICER_HISTORY_BROKEN = "officer.history_broken"
    const val LOGIN_TITLE = "login.title"

    const val SETTING_QR = "setting.qr_verification"
    const val SETTING_QR_LEVEL1 = "setting.qr_verification.level1"
    const val SETTING_QR_NEEDS_ENROLMENT = "setting.qr_verification.needs_enrolment"

    const val HOME_SECONDS_LEFT = "home.seconds_left"
    const val HOME_EXPIRED = "home.expired"
    const val HOME_SETTING_OFF = "home.setting_off"

    const val VERDICT_GENUINE = "verdict.genuine"
    const val VERDICT_FAKE = "verdict.fake"
    const val VERDICT_CANNOT_VERIFY = "verdict.cannot_verify"
    const val VERDICT_REPEAT = "verdict.repeat"
    const val VERDICT_STALE_TRUST = "verdict.stale_trust"
    const val VERDICT_STALE_REVOCATION = "verdict.stale_revocation"
    const val VERDICT_DISCLOSED = "verdict.disclosed"

    const val LABEL_FULL_NAME = "label.full_name"
    const val LABEL_DATE_OF_BIRTH = "label.date_of_birth"
    const val LABEL_PERSONAL_ID = "label.personal_id"
    const val LABEL_LEVEL = "label.level"
    const val LABEL_SERIAL = "label.serial"
    const val LABEL_EXPIRES_AT = "label.expires_at"
    const val LABEL_PAPER = "label.paper"
    const val LABEL_PAPER_SERIAL = "label.paper_serial"
    const val LABEL_ISSUING_AGENCY = "label.issuing_agency"
    const val LABEL_VALID_FROM = "label.valid_from"
    const val LABEL_VALID_UNTIL = "label.valid_until"
    const val LABEL_STATUS = "label.status"
    const val LABEL_HOLDER = "label.holder"
    const val LABEL_SCANNED_AT = "label.scanned_at"

    const val LEVEL_1 = "level.1"
    const val LEVEL_2 = "level.2"
    const val ROLE_CITIZEN = "role.citizen"
    const val ROLE_OFFICER = "role.officer"

    const val WALLET_EMPTY = "wallet.empty"
    const val WALLET_TAP_TO_SHOW = "wallet.tap_to_show"
    const val WALLET_TAP_TO_HIDE = "wallet.tap_to_hide"
    const val WALLET_NO_FIELDS = "wallet.no_fields"

    const val LOGIN_ERROR_MISSING = "login.error.missing"
    const val LOGIN_ERROR_INVALID = "login.error.invalid"
    const val LOGIN_ERROR_OFFICER_LEVEL = "login.error.officer_level"

    const val ERROR_NETWORK = "error.network"
    const val ERROR_KEYSTORE = "error.keystore"
    const val ERROR_STORAGE = "error.storage"
    const val ERROR_CORRUPT = "error.corrupt"
    const val ERROR_NO_TRUST_LIST = "error.no_trust_list"
    const val ERROR_NOT_ENROLLED = "error.not_enrolled"
    const val ERROR_LIST_REFUSED = "error.list_refused"
    const val ERROR_INVALID_INPUT = "error.invalid_input"
    const val ERROR_NOT_FOUND = "error.not_found"
    const val ERROR_INTERNAL = "error.internal"

    /** Every constant above, for the test that checks each is in the table. */
    val ALL: List<String> by lazy {
        Keys::class.java.declaredFields
            .filter { java.lang.reflect.Modifier.isStatic(it.modifiers) && it.type == String::class.java }
            .map { it.isAccessible = true; it.get(null) as String }
    }
}
