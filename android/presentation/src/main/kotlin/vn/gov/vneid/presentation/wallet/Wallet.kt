// Tab Ví giấy tờ: the list with statuses, one paper with its ID number masked until tapped,
// and the field picker that makes a presentation QR.
package vn.gov.vneid.presentation.wallet

import java.time.ZoneId
import vn.gov.vneid.core.ApiException
import vn.gov.vneid.core.CitizenApp
import vn.gov.vneid.core.PaperDetail
import vn.gov.vneid.core.FieldView
import vn.gov.vneid.core.PaperStatus
import vn.gov.vneid.core.PaperSummary
import vn.gov.vneid.core.PaperType
import vn.gov.vneid.core.PresentationQr
import vn.gov.vneid.core.QrMatrix
import vn.gov.vneid.core.WalletInterface
import vn.gov.vneid.presentation.Dates
import vn.gov.vneid.presentation.Keys
import vn.gov.vneid.presentation.Palette
import vn.gov.vneid.presentation.UiText
import vn.gov.vneid.presentation.citizen.Countdown
import vn.gov.vneid.presentation.citizen.InfoRow
import vn.gov.vneid.presentation.errorText

/** The status's words and colour. */
fun statusKey(status: PaperStatus): String = when (status) {
    PaperStatus.VALID -> "paper.status.valid"
    PaperStatus.NOT_YET_VALID -> "paper.status.not_yet_valid"
    PaperStatus.EXPIRED -> "paper.status.expired"
    PaperStatus.REVOKED -> "paper.status.revoked"
}

fun statusColor(status: PaperStatus): Long = when (status) {
    PaperStatus.VALID -> Palette.GENUINE
    PaperStatus.NOT_YET_VALID -> Palette.NEUTRAL
    PaperStatus.EXPIRED -> Palette.WARNING
    PaperStatus.REVOKED -> Palette.FAKE
}

/** One line of the list. */
data class PaperRow(
    val serial: String,
    val typeCode: String,
    val name: UiText,
    val status: UiText,
    val statusColor: Long,
    /** "Có hiệu lực đến 31/12/2030". */
    val validUntil: UiText,
    /** Only a valid paper can be presented. */
    val presentable: Boolean,
)

fun paperRows(papers: List<PaperSummary>, zone: ZoneId): List<PaperRow> = papers.map { p ->
    PaperRow(
        serial = p.serial,
        typeCode = p.typeCode,
        name = UiText.Bilingual(p.nameVi, p.nameEn),
        status = UiText.Key(statusKey(p.status)),
        statusColor = statusColor(p.status),
        validUntil = UiText.Plain(Dates.lastDay(p.validUntil, zone)),
        presentable = p.status == PaperStatus.VALID,
    )
}

/** A field on the detail screen. */
data class FieldRow(
    val key: String,
    val label: UiText,
    /** What to show now: masked until the user taps a personal ID number. */
    val value: String,
    /** A personal ID number, masked until tapped. */
    val maskable: Boolean,
    val revealed: Boolean,
    /** "Chạm để hiện" / "Chạm để ẩn" under a maskable field. */
    val hint: UiText?,
)

/** The detail screen; [toggle] reveals or hides a masked field. Immutable: each tap makes a new state. */
data class PaperDetailState(val detail: PaperDetail, val revealed: Set<String> = emptySet(), val zone: ZoneId) {
    val title: UiText get() = UiText.Bilingual(detail.summary.nameVi, detail.summary.nameEn)
    val status: UiText get() = UiText.Key(statusKey(detail.summary.status))
    val statusColor: Long get() = statusColor(detail.summary.status)

    /**
     * No holder row: a paper is bound to the device, not to an ID number; the ID card's
     * `number` field shows it (masked).
     */
    val header: List<InfoRow>
        get() = listOf(
            InfoRow(UiText.Key(Keys.LABEL_ISSUING_AGENCY), UiText.Bilingual(detail.agencyNameVi, detail.agencyNameEn)),
            InfoRow(UiText.Key(Keys.LABEL_PAPER_SERIAL), UiText.Plain(detail.summary.serial)),
            InfoRow(UiText.Key(Keys.LABEL_VALID_FROM), UiText.Plain(Dates.day(detail.summary.validFrom, zone))),
            InfoRow(UiText.Key(Keys.LABEL_VALID_UNTIL), UiText.Plain(Dates.lastDay(detail.summary.validUntil, zone))),
        )

    val fields: List<FieldRow> get() = detail.fields.map(::row)

    fun toggle(key: String): PaperDetailState {
        val field = detail.fields.firstOrNull { it.key == key } ?: return this
        if (!field.personalId) return this
        return copy(revealed = if (key in revealed) revealed - key else revealed + key)
    }

    private fun row(f: FieldView): FieldRow {
        val shown = f.key in revealed
        return FieldRow(
            key = f.key,
            label = UiText.Bilingual(f.labelVi, f.labelEn),
            value = if (f.personalId && !shown) f.text else f.revealedText,
            maskable = f.personalId,
            revealed = f.personalId && shown,
            hint = when {
                !f.personalId -> null
                shown -> UiText.Key(Keys.WALLET_TAP_TO_HIDE)
                else -> UiText.Key(Keys.WALLET_TAP_TO_SHOW)
            },
        )
    }
}

/** One choice of the field picker. */
data class FieldOption(val key: String, val label: UiText, val checked: Boolean, val personalId: Boolean)

/**
 * "Chọn thông tin muốn xuất trình": which fields of the paper the presentation QR discloses.
 * Nothing is chosen at first (disclose no more than asked); the QR then shows type and
 * validity only.
 */
data class FieldPicker(val type: PaperType, val chosen: Set<String> = emptySet()) {
    val options: List<FieldOption>
        get() = type.fields.map { FieldOption(it.key, UiText.Bilingual(it.labelVi, it.labelEn), it.key in chosen, it.personalId) }

    fun toggle(key: String): FieldPicker =
        if (type.fields.none { it.key == key }) this else copy(chosen = if (key in chosen) chosen - key else chosen + key)

    /** The chosen keys in the paper type's order, as the core takes them. */
    val selectedKeys: List<String> get() = type.fields.map { it.key }.filter { it in chosen }

    /** Shown while nothing is chosen. */
    val hint: UiText? get() = if (chosen.isEmpty()) UiText.Key(Keys.WALLET_NO_FIELDS) else null
}

sealed interface PresentState {
    data class ShowingQr(val qr: PresentationQr, val matrix: QrMatrix, val countdown: Countdown) : PresentState
    data class Failed(val message: UiText) : PresentState

    val secureScreen: Boolean get() = this is ShowingQr
    val fullBrightness: Boolean get() = this is ShowingQr
}

/** The presentation QR screen: like Trang chủ, remade when its 60 seconds are over. */
class PresentController(
    private val wallet: WalletInterface,
    private val citizen: CitizenApp,
    private val paper: String,
    private val fields: List<String>,
) {
    private var qr: PresentationQr? = null
    private var matrix: QrMatrix? = null

    @Synchronized
    fun tick(): PresentState {
        val now = citizen.now()
        val current = qr
        if (current != null && !current.isExpired(now)) return PresentState.ShowingQr(current, matrix!!, Countdown.of(current, now))
        return try {
            val fresh = wallet.present(citizen, paper, fields)
            qr = fresh
            matrix = fresh.matrix()
            PresentState.ShowingQr(fresh, matrix!!, Countdown.of(fresh, citizen.now()))
        } catch (e: ApiException) {
            qr = null
            PresentState.Failed(errorText(e))
        }
    }

    @Synchronized
    fun renew(): PresentState {
        qr = null
        return tick()
    }
}

/** The list screen. */
data class WalletState(val rows: List<PaperRow>, val empty: UiText?)

fun walletState(wallet: WalletInterface, zone: ZoneId): WalletState {
    val rows = paperRows(wallet.list(), zone)
    return WalletState(rows, if (rows.isEmpty()) UiText.Key(Keys.WALLET_EMPTY) else null)
}
