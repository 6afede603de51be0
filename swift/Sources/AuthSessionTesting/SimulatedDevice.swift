// A simulated iPhone for tests: passcode, boot/lock phase, whether the app is on screen (can
// show an authentication prompt), the biometric enrollment, and the keychain rows on it — with
// the availability table of the iOS protection classes (docs/platforms/ios.md): WhenUnlocked
// classes only while unlocked, AfterFirstUnlock classes from the first unlock after boot,
// WhenPasscodeSet only while a passcode is set; a device without a passcode counts as always
// unlocked. Owns the device's state and its actions, and answers the protected-data signal per
// class. Deterministic, no time: the Complete class's grace period after a lock is not modelled
// (a lock drops the key at once). `MemorySecItemTable` is one app's SecItem view of the rows.

import AuthSession

/// A device action the real OS does not allow now (removing the passcode of a locked phone).
public struct DeviceStateError: Error, CustomStringConvertible, Sendable {
    public let description: String
}

public final class SimulatedDevice {
    public enum Phase: Sendable {
        /// Booted and not unlocked since: only the `Always` classes are readable.
        case beforeFirstUnlock
        case locked
        case unlocked
    }

    /// One stored row (the table's primary key, class, access control, data).
    struct Row {
        var service: String
        var account: String
        var accessGroup: String
        var synchronizable: Bool
        var accessible: ProtectionClass
        var accessControl: String?
        var data: [UInt8]
        /// The biometric enrollment when the access control was bound.
        var enrollment: Int
    }

    public private(set) var passcode: Bool
    private var lockPhase: Phase
    /// Can the app show a system prompt now (is it in the foreground)? Reads of an
    /// access-controlled item need one.
    public var onScreen: Bool
    /// Changes with every biometric enrollment change.
    public private(set) var biometryEnrollment = 0
    var rows: [Row] = []

    public init(passcode: Bool = true, phase: Phase = .unlocked, onScreen: Bool = true) {
        self.passcode = passcode
        lockPhase = phase
        self.onScreen = onScreen
    }

    /// Where the device is: a device without a passcode is always unlocked.
    public var phase: Phase { passcode ? lockPhase : .unlocked }

    /// Can items of `protection` be decrypted (read, written, deleted) now?
    public func protectedDataAvailable(for protection: ProtectionClass) -> Bool {
        switch protection {
        case .always, .alwaysThisDeviceOnly: return true
        case .afterFirstUnlock, .afterFirstUnlockThisDeviceOnly: return phase != .beforeFirstUnlock
        case .whenUnlocked, .whenUnlockedThisDeviceOnly: return phase == .unlocked
        case .whenPasscodeSetThisDeviceOnly: return passcode && phase == .unlocked
        case .credentialEncrypted, .deviceEncrypted: return false  // not iOS classes
        }
    }

    /// A protected-data signal for items of `protection` on this device (what
    /// `isProtectedDataAvailable` would say if iOS answered per class).
    public func signal(for protection: ProtectionClass) -> DeviceSignal {
        DeviceSignal(device: self, protection: protection)
    }

    /// `LAContext().canEvaluatePolicy(.deviceOwnerAuthentication, error: nil)`.
    public func passcodeSet() -> Bool { passcode }

    // Actions ----------------------------------------------------------------------------------

    public func unlock() { lockPhase = .unlocked }

    public func lock() {
        if lockPhase == .unlocked { lockPhase = .locked }
    }

    /// A restart: nothing but the `Always` classes until the next unlock.
    public func reboot() { lockPhase = .beforeFirstUnlock }

    /// The user turns the passcode off (on an unlocked phone): `WhenPasscodeSetThisDeviceOnly`
    /// items are deleted with it.
    public func removePasscode() throws(DeviceStateError) {
        try requireUnlocked("remove the passcode")
        passcode = false
        rows.removeAll { $0.accessible == .whenPasscodeSetThisDeviceOnly }
    }

    public func setPasscode() throws(DeviceStateError) {
        try requireUnlocked("set a passcode")
        passcode = true
        lockPhase = .unlocked
    }

    /// A fingerprint or face is added or removed: `biometry_current_set` items bound to the
    /// previous set can never be read again.
    public func enrollBiometry() throws(DeviceStateError) {
        try requireUnlocked("change biometrics")
        guard passcode else { throw DeviceStateError(description: "biometrics need a passcode") }
        biometryEnrollment += 1
    }

    private func requireUnlocked(_ action: String) throws(DeviceStateError) {
        guard phase == .unlocked else {
            throw DeviceStateError(description: "cannot \(action) while the device is \(phase)")
        }
    }
}

/// `ProtectedDataSignal` for one class on a `SimulatedDevice` (and any other class on request).
public struct DeviceSignal: ProtectedDataSignal {
    public let device: SimulatedDevice
    public let protection: ProtectionClass

    public func available() -> Bool { device.protectedDataAvailable(for: protection) }

    public func available(for protection: ProtectionClass) -> Bool {
        device.protectedDataAvailable(for: protection)
    }
}
