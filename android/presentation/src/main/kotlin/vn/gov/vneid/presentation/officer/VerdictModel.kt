// The result screen: "Ứng dụng thật / GENUINE" in green or "Ứng dụng giả / FAKE" in red, why,
// whose app it is, and the disclosed paper fields of a presentation.
package vn.gov.vneid.presentation.officer

import java.time.ZoneId
import vn.gov.vneid.core.DisclosedPaper
import vn.gov.vneid.core.Reason
import vn.gov.vneid.core.TrustWarning
import vn.gov.vneid.core.Unverifiable
import vn.gov.vneid.core.Verdict
import vn.gov.vneid.core.reasonCode
import vn.gov.vneid.presentation.Dates
import vn.gov.vneid.presentation.Haptic
import vn.gov.vneid.presentation.Keys
import vn.gov.vneid.presentation.Palette
import vn.gov.vneid.presentation.UiText
import vn.gov.vneid.presentation.citizen.InfoRow
import vn.gov.vneid.presentation.session.levelKey

data class DisclosedPaperModel(
    val name: UiText,
    val rows: List<InfoRow>,
    /** Only the fields the citizen chose, each checked by the core against the issuer's digest. */
    val fields: List<InfoRow>,
)

data class VerdictModel(
    val genuine: Boolean,
    /** Both languages, big: "Ứng dụng thật / GENUINE". */
    val headline: UiText,
    val color: Long,
    val onColor: Long,
    /** Why it is fake, in plain words. */
    val reason: UiText?,
    /** The stable reason code (`token_expired`), for tests and logs. */
    val reasonCode: String?,
    /**
     * Name, date of birth, masked ID number, level (an identity QR only), certificate serial,
     * expiry.
     */
    val rows: List<InfoRow>,
    /** "Mã này đã được quét trước đó": a repeat is never shown as a fresh scan. */
    val repeat: UiText?,
    val warnings: List<UiText>,
    val paper: DisclosedPaperModel?,
    val haptic: Haptic,
) {
    companion object {
        fun of(verdict: Verdict, zone: ZoneId): VerdictModel = when (verdict) {
            is Verdict.Genuine -> genuine(verdict, zone)
            is Verdict.Fake -> fake(verdict.reason)
            is Verdict.CannotVerify -> cannotVerify(verdict.why)
        }

        /** Neither genuine nor fake: the lists are too old. Its own colour and words. */
        private fun cannotVerify(why: Unverifiable) = VerdictModel(
            genuine = false,
            headline = UiText.BothLanguages(Keys.VERDICT_CANNOT_VERIFY),
            color = Palette.WARNING,
            onColor = Palette.ON_VERDICT,
            reason = UiText.Key(when (why) {
                Unverifiable.LISTS_TOO_OLD -> "verdict.cannot_verify.lists_too_old"
            }),
            reasonCode = null,
            rows = emptyList(),
            repeat = null,
            warnings = emptyList(),
            paper = null,
            haptic = Haptic.WARN,
        )

        fun reasonKey(reason: Reason): String = "reason.${reasonCode(reason)}"

        fun warningKey(w: TrustWarning): String = when (w) {
            TrustWarning.TRUST_LIST_STALE -> Keys.VERDICT_STALE_TRUST
            TrustWarning.REVOCATION_LIST_STALE -> Keys.VERDICT_STALE_REVOCATION
        }

        private fun fake(reason: Reason) = VerdictModel(
            genuine = false,
            headline = UiText.BothLanguages(Keys.VERDICT_FAKE),
            color = Palette.FAKE,
            onColor = Palette.ON_VERDICT,
            reason = UiText.Key(reasonKey(reason)),
            reasonCode = reasonCode(reason),
            rows = emptyList(),
            repeat = null,
            warnings = emptyList(),
            paper = null,
            haptic = Haptic.REJECT,
        )

        private fun genuine(v: Verdict.Genuine, zone: ZoneId): VerdictModel {
            // An identity QR names its subject (its certificate); a paper presentation carries
            // none: what it shows of its holder is the disclosed fields (see [paper]).
            val s = v.subject
            val subjectRows = if (s == null) {
                emptyList()
            } else {
                listOf(
                    InfoRow(UiText.Key(Keys.LABEL_FULL_NAME), UiText.Plain(s.fullName)),
                    InfoRow(UiText.Key(Keys.LABEL_DATE_OF_BIRTH), UiText.Plain(Dates.isoDate(s.dateOfBirth))),
                    InfoRow(UiText.Key(Keys.LABEL_PERSONAL_ID), UiText.Plain(s.maskedPersonalId)),
                    InfoRow(UiText.Key(Keys.LABEL_LEVEL), UiText.Key(levelKey(s.level))),
                )
            }
            val rows = subjectRows + listOf(
                InfoRow(UiText.Key(Keys.LABEL_SERIAL), UiText.Plain(v.certificateSerial)),
                InfoRow(UiText.Key(Keys.LABEL_EXPIRES_AT), UiText.Plain(Dates.time(v.expiresAt, zone))),
            )
            val warnings = v.warnings.map { UiText.Key(warningKey(it)) }
            return VerdictModel(
                genuine = true,
                headline = UiText.BothLanguages(Keys.VERDICT_GENUINE),
                color = Palette.GENUINE,
                onColor = Palette.ON_VERDICT,
                reason = null,
                reasonCode = null,
                rows = rows,
                repeat = if (v.repeatScan) UiText.Key(Keys.VERDICT_REPEAT) else null,
                warnings = warnings,
                paper = v.paper?.let { paper(it, zone) },
                haptic = if (v.repeatScan || warnings.isNotEmpty()) Haptic.WARN else Haptic.CONFIRM,
            )
        }

        private fun paper(p: DisclosedPaper, zone: ZoneId) = DisclosedPaperModel(
            name = UiText.Bilingual(p.nameVi, p.nameEn),
            rows = listOf(
                InfoRow(UiText.Key(Keys.LABEL_ISSUING_AGENCY), UiText.Bilingual(p.agencyNameVi, p.agencyNameEn)),
                InfoRow(UiText.Key(Keys.LABEL_PAPER_SERIAL), UiText.Plain(p.serial)),
                InfoRow(UiText.Key(Keys.LABEL_VALID_FROM), UiText.Plain(Dates.day(p.validFrom, zone))),
                InfoRow(UiText.Key(Keys.LABEL_VALID_UNTIL), UiText.Plain(Dates.lastDay(p.validUntil, zone))),
            ),
            // A disclosed personal ID number stays masked on the officer's screen too.
            fields = p.fields.map { InfoRow(UiText.Bilingual(it.labelVi, it.labelEn), UiText.Plain(it.text)) },
        )
    }
}
