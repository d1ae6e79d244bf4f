// Times on screen: Unix seconds from the core, shown in the phone's time zone, Vietnamese style.
package vn.gov.vneid.presentation

import java.time.Instant
import java.time.ZoneId
import java.time.format.DateTimeFormatter

object Dates {
    private val DAY = DateTimeFormatter.ofPattern("dd/MM/yyyy")
    private val TIME = DateTimeFormatter.ofPattern("HH:mm:ss dd/MM/yyyy")

    /** `18/11/2026`. */
    fun day(unixSeconds: Long, zone: ZoneId): String = DAY.format(Instant.ofEpochSecond(unixSeconds).atZone(zone))

    /** `14:03:07 18/11/2026`. */
    fun time(unixSeconds: Long, zone: ZoneId): String = TIME.format(Instant.ofEpochSecond(unixSeconds).atZone(zone))

    /** The last day of a validity whose end is exclusive (`valid_until`). */
    fun lastDay(validUntilExclusive: Long, zone: ZoneId): String = day(validUntilExclusive - 1, zone)

    /** `1990-01-02` (ISO, as the core gives dates of birth) as `02/01/1990`. */
    fun isoDate(iso: String): String {
        val p = iso.split('-')
        return if (p.size == 3) "${p[2]}/${p[1]}/${p[0]}" else iso
    }
}
