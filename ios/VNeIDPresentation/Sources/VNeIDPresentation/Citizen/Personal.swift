// Tab Cá nhân: the account and the "Xác minh ứng dụng qua QR code" switch.
import Foundation
import VneidCore

/// What the switch shows: the core's `QrSetting` as a switch.
public struct QrSwitchState: Hashable {
    public let checked: Bool
    public let enabled: Bool
    /// Why it is disabled, under the switch.
    public let reason: UiText?

    public init(checked: Bool, enabled: Bool, reason: UiText?) {
        self.checked = checked
        self.enabled = enabled
        self.reason = reason
    }

    public var label: UiText { .key(Keys.settingQr) }

    public static func of(_ setting: QrSetting) -> QrSwitchState {
        switch setting {
        case .on: return QrSwitchState(checked: true, enabled: true, reason: nil)
        case .off: return QrSwitchState(checked: false, enabled: true, reason: nil)
        case .needsLevel2: return QrSwitchState(checked: false, enabled: false, reason: .key(Keys.settingQrLevel1))
        case .needsEnrolment:
            return QrSwitchState(checked: false, enabled: false, reason: .key(Keys.settingQrNeedsEnrolment))
        }
    }
}

/// One "label: value" line.
public struct InfoRow: Hashable {
    public let label: UiText
    public let value: UiText

    public init(label: UiText, value: UiText) {
        self.label = label
        self.value = value
    }
}

public struct PersonalState: Hashable {
    public let rows: [InfoRow]
    public let qrSwitch: QrSwitchState
    /// The last action's error, if it failed.
    public let error: UiText?

    public init(rows: [InfoRow], qrSwitch: QrSwitchState, error: UiText? = nil) {
        self.rows = rows
        self.qrSwitch = qrSwitch
        self.error = error
    }
}

/// The personal ID number as every screen shows it by default, `***********5`: the core's one
/// masking rule (`mask_personal_id` in the FFI); anything that is not an ID number is hidden
/// whole.
public func maskPersonalId(_ id: String) -> String {
    (try? VneidCore.maskPersonalId(personalId: id)) ?? String(repeating: "*", count: id.count)
}

public final class PersonalController {
    private let citizen: CitizenAppProtocol
    private let onChanged: () -> Void

    public init(citizen: CitizenAppProtocol, onChanged: @escaping () -> Void = {}) {
        self.citizen = citizen
        self.onChanged = onChanged
    }

    public func state(error: UiText? = nil) -> PersonalState {
        let account = citizen.account()
        var rows = [
            InfoRow(label: .key(Keys.labelFullName), value: .plain(account.fullName)),
            InfoRow(label: .key(Keys.labelDateOfBirth), value: .plain(Dates.isoDate(account.dateOfBirth))),
            InfoRow(label: .key(Keys.labelPersonalId), value: .plain(maskPersonalId(account.personalId))),
            InfoRow(label: .key(Keys.labelLevel), value: .key(levelKey(account.level))),
        ]
        if let serial = citizen.certificateSerial() {
            rows.append(InfoRow(label: .key(Keys.labelSerial), value: .plain(serial)))
        }
        return PersonalState(rows: rows, qrSwitch: .of(citizen.qrSetting()), error: error)
    }

    /// The user flipped the switch. The core decides; a refusal comes back as the error.
    public func setQrVerification(_ on: Bool) -> PersonalState {
        do {
            try citizen.setQrVerification(on: on)
            onChanged()
            return state()
        } catch {
            return state(error: errorText(error))
        }
    }
}
