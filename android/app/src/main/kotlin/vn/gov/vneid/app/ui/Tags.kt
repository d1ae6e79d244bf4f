// Test tags: what the UI tests find on screen.
package vn.gov.vneid.app.ui

import vn.gov.vneid.presentation.navigation.Destination

object Tags {
    const val LOGIN_ID = "login-id"
    const val LOGIN_PASSWORD = "login-password"
    const val LOGIN_SUBMIT = "login-submit"
    const val LOGIN_ERROR = "login-error"
    const val CONFIGURATION_ERROR = "configuration-error"
    const val QR_SWITCH = "qr-switch"
    const val QR_SWITCH_REASON = "qr-switch-reason"
    const val IDENTITY_QR = "identity-qr"
    const val COUNTDOWN = "countdown"
    const val HOME_SETTING_OFF = "home-setting-off"
    const val PAPER_ROW = "paper-row-"
    const val PAPER_FIELD = "paper-field-"
    const val PRESENT_BUTTON = "present-button"
    const val FIELD_OPTION = "field-option-"
    const val SHOW_PRESENTATION = "show-presentation"
    const val PRESENTATION_QR = "presentation-qr"
    const val CAMERA_PREVIEW = "camera-preview"
    const val CAMERA_PERMISSION = "camera-permission"
    const val CAMERA_ERROR = "camera-error"
    const val VERDICT = "verdict"
    const val VERDICT_HEADLINE = "verdict-headline"
    const val VERDICT_REASON = "verdict-reason"
    const val VERDICT_FIELD = "verdict-field-"
    const val SCAN_AGAIN = "scan-again"
    const val HISTORY_ROW = "history-row-"
    const val SIGN_OUT = "sign-out"

    fun tab(d: Destination) = "tab-${d.route}"
}
