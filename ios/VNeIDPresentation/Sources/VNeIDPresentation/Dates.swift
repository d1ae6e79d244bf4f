// Times on screen: Unix seconds from the core, shown in the phone's time zone, Vietnamese style.
import Foundation

public enum Dates {
    private static func formatter(_ pattern: String, _ zone: TimeZone) -> DateFormatter {
        let f = DateFormatter()
        f.calendar = Calendar(identifier: .gregorian)
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = zone
        f.dateFormat = pattern
        return f
    }

    private static func date(_ unixSeconds: Int64) -> Date {
        Date(timeIntervalSince1970: TimeInterval(unixSeconds))
    }

    /// `18/11/2026`.
    public static func day(_ unixSeconds: Int64, zone: TimeZone) -> String {
        formatter("dd/MM/yyyy", zone).string(from: date(unixSeconds))
    }

    /// `14:03:07 18/11/2026`.
    public static func time(_ unixSeconds: Int64, zone: TimeZone) -> String {
        formatter("HH:mm:ss dd/MM/yyyy", zone).string(from: date(unixSeconds))
    }

    /// The last day of a validity whose end is exclusive (`valid_until`).
    public static func lastDay(_ validUntilExclusive: Int64, zone: TimeZone) -> String {
        day(validUntilExclusive - 1, zone: zone)
    }

    /// `1990-01-02` (ISO, as the core gives dates of birth) as `02/01/1990`.
    public static func isoDate(_ iso: String) -> String {
        let p = iso.split(separator: "-", omittingEmptySubsequences: false)
        return p.count == 3 ? "\(p[2])/\(p[1])/\(p[0])" : iso
    }
}
