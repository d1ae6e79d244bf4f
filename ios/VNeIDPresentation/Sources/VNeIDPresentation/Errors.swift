// What to tell the user about an error the core threw: one string key per ApiError case.
import Foundation
import VneidCore

/// The string key for an error, named by what the user can do about it.
public func errorKey(_ e: ApiError) -> String {
    switch e {
    case .LevelTooLow: return Keys.settingQrLevel1
    case .QrSettingOff: return Keys.homeSettingOff
    case .NotEnrolled: return Keys.errorNotEnrolled
    case .NoTrustList: return Keys.errorNoTrustList
    case .StaleTrustList, .UntrustedList: return Keys.errorListRefused
    case .Keystore: return Keys.errorKeystore
    case .Storage: return Keys.errorStorage
    case .Corrupt: return Keys.errorCorrupt
    case .InvalidInput: return Keys.errorInvalidInput
    case .NotFound: return Keys.errorNotFound
    case .Network: return Keys.errorNetwork
    case .Internal: return Keys.errorInternal
    }
}

/// `errorKey` of any error: anything but an `ApiError` (a uniffi failure) is internal.
public func errorKey(_ e: Error) -> String {
    if let api = e as? ApiError { return errorKey(api) }
    return Keys.errorInternal
}

/// `errorKey` as screen text.
public func errorText(_ e: Error) -> UiText { .key(errorKey(e)) }
