// What to tell the user about an error the core threw: one string key per ApiException case.
package vn.gov.vneid.presentation

import vn.gov.vneid.core.ApiException

/** The string key for an error, named by what the user can do about it. */
fun errorKey(e: ApiException): String = when (e) {
    is ApiException.LevelTooLow -> Keys.SETTING_QR_LEVEL1
    is ApiException.QrSettingOff -> Keys.HOME_SETTING_OFF
    is ApiException.NotEnrolled -> Keys.ERROR_NOT_ENROLLED
    is ApiException.NoTrustList -> Keys.ERROR_NO_TRUST_LIST
    is ApiException.StaleTrustList, is ApiException.UntrustedList -> Keys.ERROR_LIST_REFUSED
    is ApiException.Keystore -> Keys.ERROR_KEYSTORE
    is ApiException.Storage -> Keys.ERROR_STORAGE
    is ApiException.Corrupt -> Keys.ERROR_CORRUPT
    is ApiException.InvalidInput -> Keys.ERROR_INVALID_INPUT
    is ApiException.NotFound -> Keys.ERROR_NOT_FOUND
    is ApiException.Network -> Keys.ERROR_NETWORK
    is ApiException.Internal -> Keys.ERROR_INTERNAL
}

/** [errorKey] as screen text. */
fun errorText(e: ApiException): UiText = UiText.Key(errorKey(e))
