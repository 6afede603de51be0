// `FakeProtectedData`: a protected-data signal a test turns on and off (`lock()`, `unlock()`) —
// the one-switch device for item-level tests; `SimulatedDevice.signal(for:)` answers per class.
// Owns that switch.

import AuthSession

public final class FakeProtectedData: ProtectedDataSignal {
    public private(set) var isAvailable: Bool

    public init(available: Bool = true) { isAvailable = available }

    public func available() -> Bool { isAvailable }
    public func lock() { isAvailable = false }
    public func unlock() { isAvailable = true }
}
