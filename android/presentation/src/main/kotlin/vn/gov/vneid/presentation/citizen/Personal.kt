// Tab Cá nhân: the account and the "Xác minh ứng dụng qua QR code" switch.
package vn.gov.vneid.presentation.citizen

import vn.gov.vneid.core.ApiException
import vn.gov.vneid.core.CitizenAppInterface
import vn.gov.vneid.core.QrSetting
import vn.gov.vneid.presentation.Dates
import vn.gov.vneid.presentation.Keys
import vn.gov.vneid.presentation.UiText
import vn.gov.vneid.presentation.errorText
import vn.gov.vneid.presentation.session.levelKey

/** What the switch shows: the core's [QrSetting] as a switch. */
data class QrSwitchState(
    val checked: Boolean,
    val enabled: Boolean,
    /** Why it is disabled, under the switch. */
    val reason: UiText?,
) {
    val label: UiText get() = UiText.Key(Keys.SETTING_QR)

    companion object {
        fun of(setting: QrSetting): QrSwitchState = when (setting) {
            QrSetting.ON -> QrSwitchState(checked = true, enabled = true, reason = null)
            QrSetting.OFF -> QrSwitchState(checked = false, enabled = true, reason = null)
            QrSetting.NEEDS_LEVEL2 -> QrSwitchState(false, false, UiText.Key(Keys.SETTING_QR_LEVEL1))
            QrSetting.NEEDS_ENROLMENT -> QrSwitchState(false, false, UiText.Key(Keys.SETTING_QR_NEEDS_ENROLMENT))
        }
    }
}

/** One "label: value" line. */
data class InfoRow(val label: UiText, val value: UiText)

data class PersonalState(
    val rows: List<InfoRow>,
    val qrSwitch: QrSwitchState,
    /** The last action's error, if it failed. */
    val error: UiText? = null,
)

/**
 * The personal ID number as screens show it by default, `***********5`: the core's one masking
 * rule (`vn.gov.vneid.core.maskPersonalId`); anything that is not 12 digits is starred whole.
 */
fun maskPersonalId(id: String): String = try {
    vn.gov.vneid.core.maskPersonalId(id)
} catch (e: ApiException.InvalidInput) {
    "*".repeat(id.length)
}

class PersonalController(private val citizen: CitizenAppInterface, private val onChanged: () -> Unit = {}) {
    fun state(error: UiText? = null): PersonalState {
        val account = citizen.account()
        val rows = buildList {
            add(InfoRow(UiText.Key(Keys.LABEL_FULL_NAME), UiText.Plain(account.fullName)))
            add(InfoRow(UiText.Key(Keys.LABEL_DATE_OF_BIRTH), UiText.Plain(Dates.isoDate(account.dateOfBirth))))
            add(InfoRow(UiText.Key(Keys.LABEL_PERSONAL_ID), UiText.Plain(maskPersonalId(account.personalId))))
            add(InfoRow(UiText.Key(Keys.LABEL_LEVEL), UiText.Key(levelKey(account.level))))
            citizen.certificateSerial()?.let { add(InfoRow(UiText.Key(Keys.LABEL_SERIAL), UiText.Plain(it))) }
        }
        return PersonalState(rows, QrSwitchState.of(citizen.qrSetting()), error)
    }

    /** The user flipped the switch. The core decides; a refusal comes back as the error. */
    fun setQrVerification(on: Boolean): PersonalState = try {
        citizen.setQrVerification(on)
        onChanged()
        state()
    } catch (e: ApiException) {
        state(errorText(e))
    }
}
