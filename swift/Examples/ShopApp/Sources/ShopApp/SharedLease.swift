// The refresh lease ShopApp shares with its extensions (docs/porting.md, "The refresh lease"):
// one lease file in the app group's container, a Darwin notification posted when a process gives
// the lease back, and every process's session told of it. CI compiles this file on Linux, where
// there is no app group: the lines only an Apple platform has are behind `#if canImport(Darwin)`.
import AuthSession
import AuthSessionKeychainIOS
import Foundation

enum SharedLease {
    /// In the App Groups entitlement of the app and of each extension.
    static let appGroup = "group.com.example.shop"
    /// The Darwin notification every process of the app posts and observes.
    static let changed = "com.example.shop.authsession.changed"

    /// This process's lease: `.app` in the app, `.appExtension` in an extension.
    static func lease(_ role: LeaseRole) -> any RefreshLease {
        #if canImport(Darwin)
            // Throws only when the entitlement lacks the group: a build mistake.
            return try! AppGroupFileLease(appGroup: appGroup, role: role, onRelease: post)
        #else
            return SoloLease()  // not a phone: one process
        #endif
    }

    #if canImport(Darwin)
        /// Tell the app's other processes: the lease is free, and what it guarded is stored.
        static func post() {
            CFNotificationCenterPostNotification(
                CFNotificationCenterGetDarwinNotifyCenter(),
                CFNotificationName(changed as CFString), nil, nil, true)
        }

        /// When another process posts, the session re-reads: a refresh waiting for the lease
        /// tries now. (An extension observes the same way, with its own session.)
        static func observe() {
            CFNotificationCenterAddObserver(
                CFNotificationCenterGetDarwinNotifyCenter(), nil,
                { _, _, _, _, _ in
                    Task { @MainActor in _ = try? Session.shared.auth.sharedStoreChanged() }
                },
                changed as CFString, nil, .deliverImmediately)
        }
    #endif
}
