// GENERATED from the Python spec (authsession/spec) by `authsession spec --format swift`.
// Do not edit: `python -m authsession.docsync` regenerates it, and the test suite fails
// when it drifts. The hand-written interpreter that gives it meaning is SessionCore.swift.
// 10 states, 5 context flags, 26 events, 2 event guard fields, 11 commands,
// 145 rows, 200 ignore rows.

// MARK: - States

/// Every state a session can be in (the names are a public contract).
public enum State: String, SpecName, WireEnum {
    /// A user is signed in; the session token may or may not still be valid.
    case loggedIn = "logged_in"
    /// A user may exist but the keychain cannot be read now; nothing is waiting.
    case credentialsUnavailable = "credentials_unavailable"
    /// As credentials_unavailable, and work that needs authentication is waiting for protected
    /// data.
    case deferredAuth = "deferred_auth"
    /// No user. Reached only by sign-out, a definitive server rejection, or credentials proven
    /// absent.
    case loggedOut = "logged_out"
    /// Process launched; nothing is known about the user until the launch event says whether
    /// protected data is available.
    case starting = "starting"
    /// A read of the stored credentials is in flight to learn whether a user exists.
    case checkingCredentials = "checking_credentials"
    /// Credentials the user just typed are being checked by the server; nothing is stored yet.
    case signingIn = "signing_in"
    /// Credentials (just read, or held in hand) are being sent to the server (or re-read for a
    /// retry).
    case authenticating = "authenticating"
    /// The server rejected what was sent; the keychain is being re-read: a token another process
    /// stored meanwhile is tried, and only a rejection of the token still stored is final.
    case confirmingRejection = "confirming_rejection"
    /// The user is gone; the stored credentials are being deleted and must not be used even if the
    /// delete has to wait for protected data.
    case loggingOut = "logging_out"

    public var ordinal: Int {
        switch self {
        case .loggedIn: 0
        case .credentialsUnavailable: 1
        case .deferredAuth: 2
        case .loggedOut: 3
        case .starting: 4
        case .checkingCredentials: 5
        case .signingIn: 6
        case .authenticating: 7
        case .confirmingRejection: 8
        case .loggingOut: 9
        }
    }
}

/// What the app may show about the user in a state: `unknown` is never `no`.
public enum UserPresence: String, WireEnum {
    case yes = "yes"
    case no = "no"
    case unknown = "unknown"
}

// MARK: - Context flags

/// The machine's only memory besides its state; every flag starts false.
public enum Flag: String, SpecName, WireEnum {
    /// Last known answer to 'can the credentials' protection class be read now?'. Unknown counts as
    /// no.
    case protectedDataAvailable = "protected_data_available"
    /// Work that needs an authenticated session is waiting.
    case workPending = "work_pending"
    /// The session token from the last successful authentication has not expired.
    case tokenValid = "token_valid"
    /// Credentials are in hand but not stored yet: typed at sign-in, or a refresh token the server
    /// rotated to. They prove a user: no read result ends the session while the host holds them
    /// (invariant 9).
    case storePending = "store_pending"
    /// This process holds the app's shared refresh lease: it alone refreshes, or concludes that a
    /// rejection is final, until it gives the lease back — once the credentials a refresh handed it
    /// are stored, or the attempt ends (invariant 12).
    case leaseHeld = "lease_held"

    public var ordinal: Int {
        switch self {
        case .protectedDataAvailable: 0
        case .workPending: 1
        case .tokenValid: 2
        case .storePending: 3
        case .leaseHeld: 4
        }
    }
}

// MARK: - Event guard fields

/// A boolean field of an event that a row's guard may name besides the context flags
/// (`EventType.guardFields` says which event has which).
public enum EventField: String, SpecName {
    case rotatedElsewhere = "rotated_elsewhere"
    case rotated = "rotated"

    public var ordinal: Int {
        switch self {
        case .rotatedElsewhere: 0
        case .rotated: 1
        }
    }
}

// MARK: - Field value types

/// Why a local secret is provably gone while storage *is* available (never a silent wipe).
public enum SecretLossCause: String, WireEnum {
    case keyPermanentlyInvalidated = "key_permanently_invalidated"
    case aeadBadTag = "aead_bad_tag"
    case passcodeRemoved = "passcode_removed"
    case itemUndecryptable = "item_undecryptable"
    case biometryChanged = "biometry_changed"
}

/// The values this field takes.
public enum NotifyUserMessage: String, WireEnum {
    case signInAgain = "sign_in_again"
    case signInFailed = "sign_in_failed"
}

// MARK: - Events

/// The wire name of each machine event.
public enum EventType: String, SpecName, WireEnum {
    case appLaunched = "app_launched"
    case appForegrounded = "app_foregrounded"
    case protectedDataBecameAvailable = "protected_data_became_available"
    case protectedDataWillBecomeUnavailable = "protected_data_will_become_unavailable"
    case loginRequested = "login_requested"
    case logoutRequested = "logout_requested"
    case workRequested = "work_requested"
    case tokenExpired = "token_expired"
    case retryDue = "retry_due"
    case keychainFound = "keychain_found"
    case keychainNotFound = "keychain_not_found"
    case keychainUnavailable = "keychain_unavailable"
    case keychainFailed = "keychain_failed"
    case keychainSecretLost = "keychain_secret_lost"
    case storeCompleted = "store_completed"
    case storeUnavailable = "store_unavailable"
    case storeFailed = "store_failed"
    case deleteCompleted = "delete_completed"
    case deleteUnavailable = "delete_unavailable"
    case deleteFailed = "delete_failed"
    case authAccepted = "auth_accepted"
    case authRejected = "auth_rejected"
    case authTransient = "auth_transient"
    case leaseAcquired = "lease_acquired"
    case leaseBusy = "lease_busy"
    case sharedStoreChanged = "shared_store_changed"

    public var ordinal: Int {
        switch self {
        case .appLaunched: 0
        case .appForegrounded: 1
        case .protectedDataBecameAvailable: 2
        case .protectedDataWillBecomeUnavailable: 3
        case .loginRequested: 4
        case .logoutRequested: 5
        case .workRequested: 6
        case .tokenExpired: 7
        case .retryDue: 8
        case .keychainFound: 9
        case .keychainNotFound: 10
        case .keychainUnavailable: 11
        case .keychainFailed: 12
        case .keychainSecretLost: 13
        case .storeCompleted: 14
        case .storeUnavailable: 15
        case .storeFailed: 16
        case .deleteCompleted: 17
        case .deleteUnavailable: 18
        case .deleteFailed: 19
        case .authAccepted: 20
        case .authRejected: 21
        case .authTransient: 22
        case .leaseAcquired: 23
        case .leaseBusy: 24
        case .sharedStoreChanged: 25
        }
    }
}

extension EventType {
    /// The event's boolean fields a guard may name besides the context flags.
    public var guardFields: [EventField] {
        switch self {
        case .appLaunched: []
        case .appForegrounded: []
        case .protectedDataBecameAvailable: []
        case .protectedDataWillBecomeUnavailable: []
        case .loginRequested: []
        case .logoutRequested: []
        case .workRequested: []
        case .tokenExpired: []
        case .retryDue: []
        case .keychainFound: [.rotatedElsewhere]
        case .keychainNotFound: []
        case .keychainUnavailable: []
        case .keychainFailed: []
        case .keychainSecretLost: []
        case .storeCompleted: []
        case .storeUnavailable: []
        case .storeFailed: []
        case .deleteCompleted: []
        case .deleteUnavailable: []
        case .deleteFailed: []
        case .authAccepted: [.rotated]
        case .authRejected: []
        case .authTransient: []
        case .leaseAcquired: []
        case .leaseBusy: []
        case .sharedStoreChanged: []
        }
    }
}

/// Everything the core can be told. Events carry no secrets.
public enum MachineEvent: Hashable, Sendable {
    /// The process started (foreground, background fetch, push or prewarm).
    case appLaunched(protectedDataAvailable: Bool)
    /// The app came to the foreground: the user is looking at it, so the device is unlocked. iOS
    /// may never tell a suspended app that protected data became available, so this is the moment
    /// an unknown session must resolve (invariant 10); the host reads the signal now.
    case appForegrounded(protectedDataAvailable: Bool)
    /// iOS `applicationProtectedDataDidBecomeAvailable`, Android `ACTION_USER_UNLOCKED`, or a
    /// re-check on launch/foreground that found protected data readable.
    case protectedDataBecameAvailable
    /// iOS `applicationProtectedDataWillBecomeUnavailable` (unreliable in background).
    case protectedDataWillBecomeUnavailable
    /// The user submitted credentials; the runtime holds them, the core never sees them.
    case loginRequested
    /// The user signed out.
    case logoutRequested
    /// Something (background fetch, silent push, a screen) needs an authenticated server call.
    case workRequested(protectedDataAvailable: Bool)
    /// The session token's *monotonic* deadline passed (wall-clock time is never used).
    case tokenExpired
    /// A backoff timer scheduled by `schedule_retry` fired.
    case retryDue(protectedDataAvailable: Bool)
    /// The item was read. `rotated_elsewhere`: the secret read is neither the one this session last
    /// sent to the server nor one it saw rotated away — another process (an app extension, another
    /// task) stored it, so a rejection of what this session sent says nothing about it.
    case keychainFound(protectedDataAvailable: Bool, rotatedElsewhere: Bool = false)
    /// No item. `protected_data_available` is sampled for *every* class the item may be stored
    /// under (the configured one and any stricter one an earlier app version used), before and
    /// after the read: only then is the answer authoritative (iOS answers -25300 for locked items).
    case keychainNotFound(protectedDataAvailable: Bool)
    /// The item may exist but cannot be decrypted now (locked, before first unlock): never 'no
    /// user'.
    case keychainUnavailable(protectedDataAvailable: Bool)
    /// The read failed for a reason that says nothing about the item (an unexpected status):
    /// neither found nor absent.
    case keychainFailed(protectedDataAvailable: Bool)
    /// The item provably can never be read again (`cause`): the user must be told and sign in
    /// again.
    case keychainSecretLost(protectedDataAvailable: Bool, cause: SecretLossCause)
    /// The credentials in hand reached the keychain.
    case storeCompleted
    /// The write was refused because the class is locked. `protected_data_available` says what the
    /// signal said: if it claims "available" no notification will come (a locked desktop
    /// collection), so the session polls instead of waiting.
    case storeUnavailable(protectedDataAvailable: Bool)
    /// The write failed for a reason other than a locked class; the credentials stay in hand and
    /// the store is retried.
    case storeFailed
    /// The keychain item is gone (also when there was none).
    case deleteCompleted
    /// As `store_unavailable`, for the wipe of a logout.
    case deleteUnavailable(protectedDataAvailable: Bool)
    /// The wipe failed for a reason other than a locked class; the host retries it.
    case deleteFailed
    /// The server accepted the credentials. `rotated`: it also issued a new refresh token, which
    /// the host now holds in hand (the old one is worthless) until the table has it stored.
    case authAccepted(rotated: Bool = false)
    /// The server rejected the credentials sent (e.g. OAuth `invalid_grant`). Final only once the
    /// keychain is checked: a sibling process may have rotated the token meanwhile (F6). Carries
    /// availability because that check is a read.
    case authRejected(protectedDataAvailable: Bool)
    /// Network down, timeout, 5xx: says nothing about the credentials.
    case authTransient
    /// This process now holds the app's shared refresh lease: no other process of the app
    /// refreshes, or concludes that a rejection is final, until it is released or expires. Carries
    /// availability because a read or a request follows.
    case leaseAcquired(protectedDataAvailable: Bool)
    /// Another process of the app holds the refresh lease (or the shared storage that keeps it
    /// cannot be read now): the refresh waits; the stored token is not this process's to present.
    case leaseBusy
    /// Another process of the app wrote the shared credentials or gave the lease back (a Darwin
    /// notification, a file observer on the app group): a process waiting for the lease tries now,
    /// reading what the other one stored (hence availability).
    case sharedStoreChanged(protectedDataAvailable: Bool)
}

extension MachineEvent {
    public var type: EventType {
        switch self {
        case .appLaunched: .appLaunched
        case .appForegrounded: .appForegrounded
        case .protectedDataBecameAvailable: .protectedDataBecameAvailable
        case .protectedDataWillBecomeUnavailable: .protectedDataWillBecomeUnavailable
        case .loginRequested: .loginRequested
        case .logoutRequested: .logoutRequested
        case .workRequested: .workRequested
        case .tokenExpired: .tokenExpired
        case .retryDue: .retryDue
        case .keychainFound: .keychainFound
        case .keychainNotFound: .keychainNotFound
        case .keychainUnavailable: .keychainUnavailable
        case .keychainFailed: .keychainFailed
        case .keychainSecretLost: .keychainSecretLost
        case .storeCompleted: .storeCompleted
        case .storeUnavailable: .storeUnavailable
        case .storeFailed: .storeFailed
        case .deleteCompleted: .deleteCompleted
        case .deleteUnavailable: .deleteUnavailable
        case .deleteFailed: .deleteFailed
        case .authAccepted: .authAccepted
        case .authRejected: .authRejected
        case .authTransient: .authTransient
        case .leaseAcquired: .leaseAcquired
        case .leaseBusy: .leaseBusy
        case .sharedStoreChanged: .sharedStoreChanged
        }
    }

    /// The event's `protected_data_available`, for the events that copy it into the context
    /// before the guards are evaluated; nil for the others.
    public var carriedAvailability: Bool? {
        switch self {
        case .appLaunched(let v0): v0
        case .appForegrounded(let v0): v0
        case .protectedDataBecameAvailable: nil
        case .protectedDataWillBecomeUnavailable: nil
        case .loginRequested: nil
        case .logoutRequested: nil
        case .workRequested(let v0): v0
        case .tokenExpired: nil
        case .retryDue(let v0): v0
        case .keychainFound(let v0, _): v0
        case .keychainNotFound(let v0): v0
        case .keychainUnavailable(let v0): v0
        case .keychainFailed(let v0): v0
        case .keychainSecretLost(let v0, _): v0
        case .storeCompleted: nil
        case .storeUnavailable(let v0): v0
        case .storeFailed: nil
        case .deleteCompleted: nil
        case .deleteUnavailable(let v0): v0
        case .deleteFailed: nil
        case .authAccepted: nil
        case .authRejected(let v0): v0
        case .authTransient: nil
        case .leaseAcquired(let v0): v0
        case .leaseBusy: nil
        case .sharedStoreChanged(let v0): v0
        }
    }

    /// The event's guard fields (`EventType.guardFields`) that are true, each as its
    /// bit above the context flags: what a row's guard reads besides the context.
    public var guardBits: UInt64 {
        switch self {
        case .appLaunched: 0
        case .appForegrounded: 0
        case .protectedDataBecameAvailable: 0
        case .protectedDataWillBecomeUnavailable: 0
        case .loginRequested: 0
        case .logoutRequested: 0
        case .workRequested: 0
        case .tokenExpired: 0
        case .retryDue: 0
        case .keychainFound(_, let v1): EventField.rotatedElsewhere.bit(v1)
        case .keychainNotFound: 0
        case .keychainUnavailable: 0
        case .keychainFailed: 0
        case .keychainSecretLost: 0
        case .storeCompleted: 0
        case .storeUnavailable: 0
        case .storeFailed: 0
        case .deleteCompleted: 0
        case .deleteUnavailable: 0
        case .deleteFailed: 0
        case .authAccepted(let v0): EventField.rotated.bit(v0)
        case .authRejected: 0
        case .authTransient: 0
        case .leaseAcquired: 0
        case .leaseBusy: 0
        case .sharedStoreChanged: 0
        }
    }

    /// What a step reports of the event besides the row (a lost secret's cause).
    public var detail: String? {
        switch self {
        case .appLaunched: nil
        case .appForegrounded: nil
        case .protectedDataBecameAvailable: nil
        case .protectedDataWillBecomeUnavailable: nil
        case .loginRequested: nil
        case .logoutRequested: nil
        case .workRequested: nil
        case .tokenExpired: nil
        case .retryDue: nil
        case .keychainFound: nil
        case .keychainNotFound: nil
        case .keychainUnavailable: nil
        case .keychainFailed: nil
        case .keychainSecretLost(_, let v1): v1.rawValue
        case .storeCompleted: nil
        case .storeUnavailable: nil
        case .storeFailed: nil
        case .deleteCompleted: nil
        case .deleteUnavailable: nil
        case .deleteFailed: nil
        case .authAccepted: nil
        case .authRejected: nil
        case .authTransient: nil
        case .leaseAcquired: nil
        case .leaseBusy: nil
        case .sharedStoreChanged: nil
        }
    }

    /// Every event with every value of its boolean and enum fields (optionals also
    /// nil), in the spec's order: what exhaustive checks step through.
    public static let alphabet: [MachineEvent] = [
        .appLaunched(protectedDataAvailable: false),
        .appLaunched(protectedDataAvailable: true),
        .appForegrounded(protectedDataAvailable: false),
        .appForegrounded(protectedDataAvailable: true),
        .protectedDataBecameAvailable,
        .protectedDataWillBecomeUnavailable,
        .loginRequested,
        .logoutRequested,
        .workRequested(protectedDataAvailable: false),
        .workRequested(protectedDataAvailable: true),
        .tokenExpired,
        .retryDue(protectedDataAvailable: false),
        .retryDue(protectedDataAvailable: true),
        .keychainFound(protectedDataAvailable: false, rotatedElsewhere: false),
        .keychainFound(protectedDataAvailable: false, rotatedElsewhere: true),
        .keychainFound(protectedDataAvailable: true, rotatedElsewhere: false),
        .keychainFound(protectedDataAvailable: true, rotatedElsewhere: true),
        .keychainNotFound(protectedDataAvailable: false),
        .keychainNotFound(protectedDataAvailable: true),
        .keychainUnavailable(protectedDataAvailable: false),
        .keychainUnavailable(protectedDataAvailable: true),
        .keychainFailed(protectedDataAvailable: false),
        .keychainFailed(protectedDataAvailable: true),
        .keychainSecretLost(protectedDataAvailable: false, cause: .keyPermanentlyInvalidated),
        .keychainSecretLost(protectedDataAvailable: false, cause: .aeadBadTag),
        .keychainSecretLost(protectedDataAvailable: false, cause: .passcodeRemoved),
        .keychainSecretLost(protectedDataAvailable: false, cause: .itemUndecryptable),
        .keychainSecretLost(protectedDataAvailable: false, cause: .biometryChanged),
        .keychainSecretLost(protectedDataAvailable: true, cause: .keyPermanentlyInvalidated),
        .keychainSecretLost(protectedDataAvailable: true, cause: .aeadBadTag),
        .keychainSecretLost(protectedDataAvailable: true, cause: .passcodeRemoved),
        .keychainSecretLost(protectedDataAvailable: true, cause: .itemUndecryptable),
        .keychainSecretLost(protectedDataAvailable: true, cause: .biometryChanged),
        .storeCompleted,
        .storeUnavailable(protectedDataAvailable: false),
        .storeUnavailable(protectedDataAvailable: true),
        .storeFailed,
        .deleteCompleted,
        .deleteUnavailable(protectedDataAvailable: false),
        .deleteUnavailable(protectedDataAvailable: true),
        .deleteFailed,
        .authAccepted(rotated: false),
        .authAccepted(rotated: true),
        .authRejected(protectedDataAvailable: false),
        .authRejected(protectedDataAvailable: true),
        .authTransient,
        .leaseAcquired(protectedDataAvailable: false),
        .leaseAcquired(protectedDataAvailable: true),
        .leaseBusy,
        .sharedStoreChanged(protectedDataAvailable: false),
        .sharedStoreChanged(protectedDataAvailable: true),
    ]

    /// Decode a machine event from its JSON object (the reference's pydantic rules).
    public init(wire value: JSONValue) throws(WireError) {
        let object = try WireObject(value)
        switch try object.tag("type") {
        case "app_launched":
            let fields = object.scoped("app_launched")
            try fields.only(["type", "protected_data_available"])
            self = try .appLaunched(
                protectedDataAvailable: fields.required("protected_data_available", strict: true))
        case "app_foregrounded":
            let fields = object.scoped("app_foregrounded")
            try fields.only(["type", "protected_data_available"])
            self = try .appForegrounded(
                protectedDataAvailable: fields.required("protected_data_available", strict: true))
        case "protected_data_became_available":
            let fields = object.scoped("protected_data_became_available")
            try fields.only(["type"])
            self = .protectedDataBecameAvailable
        case "protected_data_will_become_unavailable":
            let fields = object.scoped("protected_data_will_become_unavailable")
            try fields.only(["type"])
            self = .protectedDataWillBecomeUnavailable
        case "login_requested":
            let fields = object.scoped("login_requested")
            try fields.only(["type"])
            self = .loginRequested
        case "logout_requested":
            let fields = object.scoped("logout_requested")
            try fields.only(["type"])
            self = .logoutRequested
        case "work_requested":
            let fields = object.scoped("work_requested")
            try fields.only(["type", "protected_data_available"])
            self = try .workRequested(
                protectedDataAvailable: fields.required("protected_data_available", strict: true))
        case "token_expired":
            let fields = object.scoped("token_expired")
            try fields.only(["type"])
            self = .tokenExpired
        case "retry_due":
            let fields = object.scoped("retry_due")
            try fields.only(["type", "protected_data_available"])
            self = try .retryDue(
                protectedDataAvailable: fields.required("protected_data_available", strict: true))
        case "keychain_found":
            let fields = object.scoped("keychain_found")
            try fields.only(["type", "protected_data_available", "rotated_elsewhere"])
            self = try .keychainFound(
                protectedDataAvailable: fields.required("protected_data_available", strict: true),
                rotatedElsewhere: fields.optional("rotated_elsewhere", default: false, strict: true)
            )
        case "keychain_not_found":
            let fields = object.scoped("keychain_not_found")
            try fields.only(["type", "protected_data_available"])
            self = try .keychainNotFound(
                protectedDataAvailable: fields.required("protected_data_available", strict: true))
        case "keychain_unavailable":
            let fields = object.scoped("keychain_unavailable")
            try fields.only(["type", "protected_data_available"])
            self = try .keychainUnavailable(
                protectedDataAvailable: fields.required("protected_data_available", strict: true))
        case "keychain_failed":
            let fields = object.scoped("keychain_failed")
            try fields.only(["type", "protected_data_available"])
            self = try .keychainFailed(
                protectedDataAvailable: fields.required("protected_data_available", strict: true))
        case "keychain_secret_lost":
            let fields = object.scoped("keychain_secret_lost")
            try fields.only(["type", "protected_data_available", "cause"])
            self = try .keychainSecretLost(
                protectedDataAvailable: fields.required("protected_data_available", strict: true),
                cause: fields.required("cause", strict: false))
        case "store_completed":
            let fields = object.scoped("store_completed")
            try fields.only(["type"])
            self = .storeCompleted
        case "store_unavailable":
            let fields = object.scoped("store_unavailable")
            try fields.only(["type", "protected_data_available"])
            self = try .storeUnavailable(
                protectedDataAvailable: fields.required("protected_data_available", strict: true))
        case "store_failed":
            let fields = object.scoped("store_failed")
            try fields.only(["type"])
            self = .storeFailed
        case "delete_completed":
            let fields = object.scoped("delete_completed")
            try fields.only(["type"])
            self = .deleteCompleted
        case "delete_unavailable":
            let fields = object.scoped("delete_unavailable")
            try fields.only(["type", "protected_data_available"])
            self = try .deleteUnavailable(
                protectedDataAvailable: fields.required("protected_data_available", strict: true))
        case "delete_failed":
            let fields = object.scoped("delete_failed")
            try fields.only(["type"])
            self = .deleteFailed
        case "auth_accepted":
            let fields = object.scoped("auth_accepted")
            try fields.only(["type", "rotated"])
            self = try .authAccepted(
                rotated: fields.optional("rotated", default: false, strict: true))
        case "auth_rejected":
            let fields = object.scoped("auth_rejected")
            try fields.only(["type", "protected_data_available"])
            self = try .authRejected(
                protectedDataAvailable: fields.required("protected_data_available", strict: true))
        case "auth_transient":
            let fields = object.scoped("auth_transient")
            try fields.only(["type"])
            self = .authTransient
        case "lease_acquired":
            let fields = object.scoped("lease_acquired")
            try fields.only(["type", "protected_data_available"])
            self = try .leaseAcquired(
                protectedDataAvailable: fields.required("protected_data_available", strict: true))
        case "lease_busy":
            let fields = object.scoped("lease_busy")
            try fields.only(["type"])
            self = .leaseBusy
        case "shared_store_changed":
            let fields = object.scoped("shared_store_changed")
            try fields.only(["type", "protected_data_available"])
            self = try .sharedStoreChanged(
                protectedDataAvailable: fields.required("protected_data_available", strict: true))
        default:
            throw WireError(field: "type", problem: "unknown value")
        }
    }

    /// The JSON object `model_dump(mode="json")` gives, members in field order.
    public var wire: JSONValue {
        switch self {
        case .appLaunched(let v0):
            .object(["type": "app_launched", "protected_data_available": v0.wire])
        case .appForegrounded(let v0):
            .object(["type": "app_foregrounded", "protected_data_available": v0.wire])
        case .protectedDataBecameAvailable: .object(["type": "protected_data_became_available"])
        case .protectedDataWillBecomeUnavailable:
            .object(["type": "protected_data_will_become_unavailable"])
        case .loginRequested: .object(["type": "login_requested"])
        case .logoutRequested: .object(["type": "logout_requested"])
        case .workRequested(let v0):
            .object(["type": "work_requested", "protected_data_available": v0.wire])
        case .tokenExpired: .object(["type": "token_expired"])
        case .retryDue(let v0): .object(["type": "retry_due", "protected_data_available": v0.wire])
        case .keychainFound(let v0, let v1):
            .object([
                "type": "keychain_found",
                "protected_data_available": v0.wire,
                "rotated_elsewhere": v1.wire,
            ])
        case .keychainNotFound(let v0):
            .object(["type": "keychain_not_found", "protected_data_available": v0.wire])
        case .keychainUnavailable(let v0):
            .object(["type": "keychain_unavailable", "protected_data_available": v0.wire])
        case .keychainFailed(let v0):
            .object(["type": "keychain_failed", "protected_data_available": v0.wire])
        case .keychainSecretLost(let v0, let v1):
            .object([
                "type": "keychain_secret_lost",
                "protected_data_available": v0.wire,
                "cause": v1.wire,
            ])
        case .storeCompleted: .object(["type": "store_completed"])
        case .storeUnavailable(let v0):
            .object(["type": "store_unavailable", "protected_data_available": v0.wire])
        case .storeFailed: .object(["type": "store_failed"])
        case .deleteCompleted: .object(["type": "delete_completed"])
        case .deleteUnavailable(let v0):
            .object(["type": "delete_unavailable", "protected_data_available": v0.wire])
        case .deleteFailed: .object(["type": "delete_failed"])
        case .authAccepted(let v0): .object(["type": "auth_accepted", "rotated": v0.wire])
        case .authRejected(let v0):
            .object(["type": "auth_rejected", "protected_data_available": v0.wire])
        case .authTransient: .object(["type": "auth_transient"])
        case .leaseAcquired(let v0):
            .object(["type": "lease_acquired", "protected_data_available": v0.wire])
        case .leaseBusy: .object(["type": "lease_busy"])
        case .sharedStoreChanged(let v0):
            .object(["type": "shared_store_changed", "protected_data_available": v0.wire])
        }
    }
}

// MARK: - Commands

/// What the core asks the host to do. Commands carry no secrets.
public enum Command: Hashable, Sendable {
    /// Read the stored credentials; answer with one `keychain_*` event.
    case readCredentials
    /// Store the credentials the user just signed in with, under the configured protection class:
    /// add, and on a duplicate update — never delete-then-add.
    case storeCredentials
    /// Delete the stored credentials; answer with one `delete_*` event.
    case deleteCredentials
    /// Send the credentials just read from the keychain to the server; answer with `auth_*`.
    case authenticate
    /// Send the credentials the user typed to the server; answer with `auth_*`.
    case signIn
    /// Run every piece of work waiting for an authenticated session.
    case performWork
    /// Record that work waits for protected data (idempotent; durable in runtimes that persist).
    case deferWork
    /// Arm a bounded, clock-driven backoff timer that answers with `retry_due`.
    case scheduleRetry
    /// Tell the user something they must act on.
    case notifyUser(message: NotifyUserMessage)
    /// Take the app's shared refresh lease before refreshing (answer `lease_acquired` or
    /// `lease_busy`): one process of the app refreshes at a time (F6, F8).
    case acquireLease
    /// Give the refresh lease back (no answer; a lease not held is not released).
    case releaseLease
}

extension Command {
    /// The JSON object `model_dump(mode="json")` gives, members in field order.
    public var wire: JSONValue {
        switch self {
        case .readCredentials: .object(["type": "read_credentials"])
        case .storeCredentials: .object(["type": "store_credentials"])
        case .deleteCredentials: .object(["type": "delete_credentials"])
        case .authenticate: .object(["type": "authenticate"])
        case .signIn: .object(["type": "sign_in"])
        case .performWork: .object(["type": "perform_work"])
        case .deferWork: .object(["type": "defer_work"])
        case .scheduleRetry: .object(["type": "schedule_retry"])
        case .notifyUser(let v0): .object(["type": "notify_user", "message": v0.wire])
        case .acquireLease: .object(["type": "acquire_lease"])
        case .releaseLease: .object(["type": "release_lease"])
        }
    }
}

// MARK: - The table

/// The spec's data, read by `Table` and `SessionCore`.
public enum Spec {
    public static let initialState: State = .starting
    /// The flag the availability-carrying events copy their field into.
    public static let availabilityFlag: Flag = .protectedDataAvailable

    public static let userPresent: [State: UserPresence] = [
        .loggedIn: .yes,
        .credentialsUnavailable: .unknown,
        .deferredAuth: .unknown,
        .loggedOut: .no,
        .starting: .unknown,
        .checkingCredentials: .unknown,
        .signingIn: .no,
        .authenticating: .yes,
        .confirmingRejection: .yes,
        .loggingOut: .no,
    ]

    /// Entering one of these states (from another) clears these flags.
    public static let entryClears: [State: [Flag]] = [
        .loggedOut: [.workPending, .tokenValid, .storePending, .leaseHeld],
        .loggingOut: [.workPending, .tokenValid, .storePending, .leaseHeld],
    ]

    /// Context effects of an event, in every state, before the guards.
    public static let eventEffects: [EventType: [FlagValue]] = [
        .protectedDataBecameAvailable: [.on(.protectedDataAvailable)],
        .protectedDataWillBecomeUnavailable: [.off(.protectedDataAvailable)],
        .tokenExpired: [.off(.tokenValid)],
        .leaseAcquired: [.on(.leaseHeld)],
    ]

    /// The transition table, in the spec's order.
    public static let rows: [Row] = [
        Row(
            .starting, .appLaunched,
            when: [.on(.protectedDataAvailable)],
            to: .checkingCredentials,
            commands: [.readCredentials],
            reason: "launched_reading_credentials"),
        Row(
            .starting, .appLaunched,
            when: [.on(.workPending), .off(.protectedDataAvailable)],
            to: .deferredAuth,
            commands: [.deferWork],
            reason: "launched_while_protected_data_unavailable"),
        Row(
            .starting, .appLaunched,
            when: [.off(.workPending), .off(.protectedDataAvailable)],
            to: .credentialsUnavailable,
            reason: "launched_while_protected_data_unavailable"),
        Row(
            .starting, .workRequested,
            sets: [.on(.workPending)],
            reason: "work_queued_until_launch"),
        Row(
            .starting, .logoutRequested,
            to: .loggingOut,
            commands: [.deleteCredentials],
            reason: "user_logout"),
        Row(
            .checkingCredentials, .keychainFound,
            when: [.off(.workPending)],
            to: .loggedIn,
            reason: "credentials_found"),
        Row(
            .checkingCredentials, .keychainFound,
            when: [.on(.workPending), .on(.protectedDataAvailable)],
            to: .authenticating,
            commands: [.acquireLease],
            reason: "authenticating_for_pending_work"),
        Row(
            .checkingCredentials, .keychainFound,
            when: [.on(.workPending), .off(.protectedDataAvailable)],
            to: .deferredAuth,
            commands: [.deferWork],
            reason: "protected_data_lost_before_authentication"),
        Row(
            .checkingCredentials, .keychainNotFound,
            when: [.on(.protectedDataAvailable)],
            to: .loggedOut,
            reason: "credentials_absent"),
        Row(
            .checkingCredentials, .keychainNotFound,
            when: [.on(.workPending), .off(.protectedDataAvailable)],
            to: .deferredAuth,
            commands: [.deferWork],
            reason: "not_found_while_protected_data_unavailable"),
        Row(
            .checkingCredentials, .keychainNotFound,
            when: [.off(.workPending), .off(.protectedDataAvailable)],
            to: .credentialsUnavailable,
            reason: "not_found_while_protected_data_unavailable"),
        Row(
            .checkingCredentials, .keychainUnavailable,
            when: [.on(.workPending), .on(.protectedDataAvailable)],
            to: .deferredAuth,
            commands: [.deferWork, .scheduleRetry],
            reason: "keychain_unavailable"),
        Row(
            .checkingCredentials, .keychainUnavailable,
            when: [.off(.workPending), .on(.protectedDataAvailable)],
            to: .credentialsUnavailable,
            commands: [.scheduleRetry],
            reason: "keychain_unavailable"),
        Row(
            .checkingCredentials, .keychainUnavailable,
            when: [.on(.workPending), .off(.protectedDataAvailable)],
            to: .deferredAuth,
            commands: [.deferWork],
            reason: "keychain_unavailable"),
        Row(
            .checkingCredentials, .keychainUnavailable,
            when: [.off(.workPending), .off(.protectedDataAvailable)],
            to: .credentialsUnavailable,
            reason: "keychain_unavailable"),
        Row(
            .checkingCredentials, .keychainFailed,
            commands: [.scheduleRetry],
            reason: "keychain_failed_retrying"),
        Row(
            .checkingCredentials, .keychainSecretLost,
            to: .loggedOut,
            commands: [.notifyUser(message: .signInAgain)],
            reason: "credentials_absent"),
        Row(
            .checkingCredentials, .retryDue,
            when: [.on(.protectedDataAvailable)],
            commands: [.readCredentials],
            reason: "retrying_read"),
        Row(
            .checkingCredentials, .retryDue,
            when: [.on(.workPending), .off(.protectedDataAvailable)],
            to: .deferredAuth,
            commands: [.deferWork],
            reason: "protected_data_unavailable_deferring"),
        Row(
            .checkingCredentials, .retryDue,
            when: [.off(.workPending), .off(.protectedDataAvailable)],
            to: .credentialsUnavailable,
            reason: "protected_data_unavailable_deferring"),
        Row(
            .checkingCredentials, .workRequested,
            sets: [.on(.workPending)],
            reason: "work_waits_for_credentials_check"),
        Row(
            .checkingCredentials, .appForegrounded,
            when: [.on(.protectedDataAvailable)],
            commands: [.readCredentials],
            reason: "foreground_rechecking"),
        Row(
            .checkingCredentials, .protectedDataBecameAvailable,
            commands: [.readCredentials],
            reason: "protected_data_available_rechecking"),
        Row(
            .checkingCredentials, .logoutRequested,
            to: .loggingOut,
            commands: [.deleteCredentials],
            reason: "user_logout"),
        Row(
            .credentialsUnavailable, .protectedDataBecameAvailable,
            to: .checkingCredentials,
            commands: [.readCredentials],
            reason: "protected_data_available_rechecking"),
        Row(
            .credentialsUnavailable, .appForegrounded,
            when: [.on(.protectedDataAvailable)],
            to: .checkingCredentials,
            commands: [.readCredentials],
            reason: "foreground_rechecking"),
        Row(
            .credentialsUnavailable, .retryDue,
            when: [.on(.protectedDataAvailable)],
            to: .checkingCredentials,
            commands: [.readCredentials],
            reason: "retrying_read"),
        Row(
            .credentialsUnavailable, .workRequested,
            to: .deferredAuth,
            commands: [.deferWork],
            sets: [.on(.workPending)],
            reason: "work_deferred_until_protected_data"),
        Row(
            .credentialsUnavailable, .logoutRequested,
            to: .loggingOut,
            commands: [.deleteCredentials],
            reason: "user_logout"),
        Row(
            .deferredAuth, .protectedDataBecameAvailable,
            when: [.off(.storePending)],
            to: .checkingCredentials,
            commands: [.readCredentials],
            reason: "protected_data_available_resuming"),
        Row(
            .deferredAuth, .protectedDataBecameAvailable,
            when: [.on(.storePending), .on(.leaseHeld)],
            to: .authenticating,
            commands: [.authenticate],
            reason: "protected_data_available_resuming"),
        Row(
            .deferredAuth, .protectedDataBecameAvailable,
            when: [.on(.storePending), .off(.leaseHeld)],
            to: .authenticating,
            commands: [.acquireLease],
            reason: "protected_data_available_resuming"),
        Row(
            .deferredAuth, .appForegrounded,
            when: [.on(.protectedDataAvailable), .off(.storePending)],
            to: .checkingCredentials,
            commands: [.readCredentials],
            reason: "foreground_resuming"),
        Row(
            .deferredAuth, .appForegrounded,
            when: [.on(.protectedDataAvailable), .on(.storePending), .on(.leaseHeld)],
            to: .authenticating,
            commands: [.authenticate],
            reason: "foreground_resuming"),
        Row(
            .deferredAuth, .appForegrounded,
            when: [.on(.protectedDataAvailable), .on(.storePending), .off(.leaseHeld)],
            to: .authenticating,
            commands: [.acquireLease],
            reason: "foreground_resuming"),
        Row(
            .deferredAuth, .retryDue,
            when: [.on(.protectedDataAvailable), .off(.storePending)],
            to: .checkingCredentials,
            commands: [.readCredentials],
            reason: "retrying_read"),
        Row(
            .deferredAuth, .retryDue,
            when: [.on(.protectedDataAvailable), .on(.storePending), .on(.leaseHeld)],
            to: .authenticating,
            commands: [.authenticate],
            reason: "retrying_read"),
        Row(
            .deferredAuth, .retryDue,
            when: [.on(.protectedDataAvailable), .on(.storePending), .off(.leaseHeld)],
            to: .authenticating,
            commands: [.acquireLease],
            reason: "retrying_read"),
        Row(.deferredAuth, .workRequested, reason: "work_already_deferred"),
        Row(
            .deferredAuth, .logoutRequested,
            to: .loggingOut,
            commands: [.deleteCredentials],
            reason: "user_logout"),
        Row(
            .loggedIn, .workRequested,
            when: [.on(.tokenValid)],
            commands: [.performWork],
            reason: "session_valid"),
        Row(
            .loggedIn, .workRequested,
            when: [.off(.tokenValid), .on(.protectedDataAvailable), .off(.storePending)],
            to: .authenticating,
            commands: [.readCredentials],
            sets: [.on(.workPending)],
            reason: "session_expired_reauthenticating"),
        Row(
            .loggedIn, .workRequested,
            when: [
                .off(.tokenValid),
                .on(.protectedDataAvailable),
                .on(.storePending),
                .on(.leaseHeld),
            ],
            to: .authenticating,
            commands: [.authenticate],
            sets: [.on(.workPending)],
            reason: "session_expired_reauthenticating"),
        Row(
            .loggedIn, .workRequested,
            when: [
                .off(.tokenValid),
                .on(.protectedDataAvailable),
                .on(.storePending),
                .off(.leaseHeld),
            ],
            to: .authenticating,
            commands: [.acquireLease],
            sets: [.on(.workPending)],
            reason: "session_expired_reauthenticating"),
        Row(
            .loggedIn, .workRequested,
            when: [.off(.tokenValid), .off(.protectedDataAvailable)],
            to: .deferredAuth,
            commands: [.deferWork],
            sets: [.on(.workPending)],
            reason: "session_expired_credentials_unavailable"),
        Row(
            .loggedIn, .logoutRequested,
            when: [.on(.leaseHeld)],
            to: .loggingOut,
            commands: [.deleteCredentials, .releaseLease],
            sets: [.off(.leaseHeld)],
            reason: "user_logout"),
        Row(
            .loggedIn, .logoutRequested,
            when: [.off(.leaseHeld)],
            to: .loggingOut,
            commands: [.deleteCredentials],
            reason: "user_logout"),
        Row(
            .loggedIn, .storeCompleted,
            when: [.on(.leaseHeld)],
            commands: [.releaseLease],
            sets: [.off(.storePending), .off(.leaseHeld)],
            reason: "credentials_stored"),
        Row(
            .loggedIn, .storeCompleted,
            when: [.off(.leaseHeld)],
            sets: [.off(.storePending)],
            reason: "credentials_stored"),
        Row(
            .loggedIn, .storeUnavailable,
            when: [.on(.protectedDataAvailable)],
            commands: [.scheduleRetry],
            reason: "store_polling"),
        Row(
            .loggedIn, .storeUnavailable,
            when: [.off(.protectedDataAvailable)],
            reason: "store_waits_for_protected_data"),
        Row(.loggedIn, .storeFailed, commands: [.scheduleRetry], reason: "store_failed_retrying"),
        Row(
            .loggedIn, .retryDue,
            when: [.on(.storePending), .on(.protectedDataAvailable)],
            commands: [.storeCredentials],
            reason: "retrying_store"),
        Row(
            .loggedIn, .retryDue,
            when: [.on(.storePending), .off(.protectedDataAvailable)],
            reason: "store_waits_for_protected_data"),
        Row(
            .loggedIn, .protectedDataBecameAvailable,
            when: [.on(.storePending)],
            commands: [.storeCredentials],
            reason: "retrying_store"),
        Row(
            .loggedIn, .appForegrounded,
            when: [.on(.storePending), .on(.protectedDataAvailable)],
            commands: [.storeCredentials],
            reason: "retrying_store"),
        Row(
            .signingIn, .authAccepted,
            when: [.off(.workPending)],
            to: .loggedIn,
            commands: [.storeCredentials],
            sets: [.on(.tokenValid), .on(.storePending)],
            reason: "signed_in"),
        Row(
            .signingIn, .authAccepted,
            when: [.on(.workPending)],
            to: .loggedIn,
            commands: [.storeCredentials, .performWork],
            sets: [.on(.tokenValid), .off(.workPending), .on(.storePending)],
            reason: "signed_in"),
        Row(
            .signingIn, .authRejected,
            to: .loggedOut,
            commands: [.notifyUser(message: .signInFailed)],
            reason: "server_rejected"),
        Row(
            .signingIn, .authTransient,
            to: .loggedOut,
            commands: [.notifyUser(message: .signInFailed)],
            reason: "sign_in_failed_transient"),
        Row(.signingIn, .logoutRequested, to: .loggedOut, reason: "user_logout"),
        Row(
            .signingIn, .workRequested,
            sets: [.on(.workPending)],
            reason: "work_waits_for_sign_in"),
        Row(
            .authenticating, .keychainFound,
            when: [.on(.protectedDataAvailable), .off(.storePending), .on(.leaseHeld)],
            commands: [.authenticate],
            reason: "credentials_found_authenticating"),
        Row(
            .authenticating, .keychainFound,
            when: [.on(.protectedDataAvailable), .off(.storePending), .off(.leaseHeld)],
            commands: [.acquireLease],
            reason: "credentials_found_authenticating"),
        Row(
            .authenticating, .keychainFound,
            when: [.off(.protectedDataAvailable), .off(.storePending), .on(.leaseHeld)],
            to: .deferredAuth,
            commands: [.deferWork, .releaseLease],
            sets: [.off(.leaseHeld)],
            reason: "protected_data_lost_before_authentication"),
        Row(
            .authenticating, .keychainFound,
            when: [.off(.protectedDataAvailable), .off(.storePending), .off(.leaseHeld)],
            to: .deferredAuth,
            commands: [.deferWork],
            reason: "protected_data_lost_before_authentication"),
        Row(
            .authenticating, .keychainNotFound,
            when: [.on(.protectedDataAvailable), .off(.storePending), .on(.leaseHeld)],
            to: .loggedOut,
            commands: [.notifyUser(message: .signInAgain), .releaseLease],
            sets: [.off(.leaseHeld)],
            reason: "credentials_absent"),
        Row(
            .authenticating, .keychainNotFound,
            when: [.on(.protectedDataAvailable), .off(.storePending), .off(.leaseHeld)],
            to: .loggedOut,
            commands: [.notifyUser(message: .signInAgain)],
            reason: "credentials_absent"),
        Row(
            .authenticating, .keychainNotFound,
            when: [.off(.protectedDataAvailable), .off(.storePending), .on(.leaseHeld)],
            to: .deferredAuth,
            commands: [.deferWork, .releaseLease],
            sets: [.off(.leaseHeld)],
            reason: "not_found_while_protected_data_unavailable"),
        Row(
            .authenticating, .keychainNotFound,
            when: [.off(.protectedDataAvailable), .off(.storePending), .off(.leaseHeld)],
            to: .deferredAuth,
            commands: [.deferWork],
            reason: "not_found_while_protected_data_unavailable"),
        Row(
            .authenticating, .keychainUnavailable,
            when: [.on(.protectedDataAvailable), .off(.storePending), .on(.leaseHeld)],
            to: .deferredAuth,
            commands: [.deferWork, .scheduleRetry, .releaseLease],
            sets: [.off(.leaseHeld)],
            reason: "keychain_unavailable"),
        Row(
            .authenticating, .keychainUnavailable,
            when: [.on(.protectedDataAvailable), .off(.storePending), .off(.leaseHeld)],
            to: .deferredAuth,
            commands: [.deferWork, .scheduleRetry],
            reason: "keychain_unavailable"),
        Row(
            .authenticating, .keychainUnavailable,
            when: [.off(.protectedDataAvailable), .off(.storePending), .on(.leaseHeld)],
            to: .deferredAuth,
            commands: [.deferWork, .releaseLease],
            sets: [.off(.leaseHeld)],
            reason: "keychain_unavailable"),
        Row(
            .authenticating, .keychainUnavailable,
            when: [.off(.protectedDataAvailable), .off(.storePending), .off(.leaseHeld)],
            to: .deferredAuth,
            commands: [.deferWork],
            reason: "keychain_unavailable"),
        Row(
            .authenticating, .keychainFailed,
            when: [.off(.storePending), .on(.leaseHeld)],
            commands: [.scheduleRetry, .releaseLease],
            sets: [.off(.leaseHeld)],
            reason: "keychain_failed_retrying"),
        Row(
            .authenticating, .keychainFailed,
            when: [.off(.storePending), .off(.leaseHeld)],
            commands: [.scheduleRetry],
            reason: "keychain_failed_retrying"),
        Row(
            .authenticating, .keychainSecretLost,
            when: [.off(.storePending), .on(.leaseHeld)],
            to: .loggedOut,
            commands: [.notifyUser(message: .signInAgain), .releaseLease],
            sets: [.off(.leaseHeld)],
            reason: "credentials_absent"),
        Row(
            .authenticating, .keychainSecretLost,
            when: [.off(.storePending), .off(.leaseHeld)],
            to: .loggedOut,
            commands: [.notifyUser(message: .signInAgain)],
            reason: "credentials_absent"),
        Row(
            .authenticating, .leaseAcquired,
            when: [.off(.storePending), .on(.protectedDataAvailable)],
            commands: [.readCredentials],
            reason: "lease_acquired_rereading"),
        Row(
            .authenticating, .leaseAcquired,
            when: [.on(.storePending), .on(.protectedDataAvailable)],
            commands: [.authenticate],
            reason: "lease_acquired_authenticating"),
        Row(
            .authenticating, .leaseAcquired,
            when: [.on(.storePending), .off(.protectedDataAvailable)],
            to: .deferredAuth,
            commands: [.deferWork],
            reason: "protected_data_lost_before_authentication"),
        Row(
            .authenticating, .leaseAcquired,
            when: [.off(.storePending), .off(.protectedDataAvailable)],
            to: .deferredAuth,
            commands: [.deferWork, .releaseLease],
            sets: [.off(.leaseHeld)],
            reason: "protected_data_lost_before_authentication"),
        Row(
            .authenticating, .leaseBusy,
            commands: [.scheduleRetry],
            reason: "lease_held_elsewhere_waiting"),
        Row(
            .authenticating, .sharedStoreChanged,
            when: [.off(.leaseHeld), .off(.storePending), .on(.protectedDataAvailable)],
            commands: [.readCredentials],
            reason: "shared_store_changed_rereading"),
        Row(
            .authenticating, .sharedStoreChanged,
            when: [.off(.leaseHeld), .on(.storePending)],
            commands: [.acquireLease],
            reason: "shared_store_changed_retrying"),
        Row(
            .authenticating, .authAccepted,
            when: [.on(field: .rotated)],
            to: .loggedIn,
            commands: [.storeCredentials, .performWork],
            sets: [.on(.tokenValid), .off(.workPending), .on(.storePending)],
            reason: "authenticated_token_rotated"),
        Row(
            .authenticating, .authAccepted,
            when: [.off(field: .rotated), .on(.storePending)],
            to: .loggedIn,
            commands: [.storeCredentials, .performWork],
            sets: [.on(.tokenValid), .off(.workPending)],
            reason: "authenticated"),
        Row(
            .authenticating, .authAccepted,
            when: [.off(field: .rotated), .off(.storePending), .on(.leaseHeld)],
            to: .loggedIn,
            commands: [.performWork, .releaseLease],
            sets: [.on(.tokenValid), .off(.workPending), .off(.leaseHeld)],
            reason: "authenticated"),
        Row(
            .authenticating, .authAccepted,
            when: [.off(field: .rotated), .off(.storePending), .off(.leaseHeld)],
            to: .loggedIn,
            commands: [.performWork],
            sets: [.on(.tokenValid), .off(.workPending)],
            reason: "authenticated"),
        Row(
            .authenticating, .authRejected,
            when: [.on(.protectedDataAvailable)],
            to: .confirmingRejection,
            commands: [.readCredentials],
            reason: "rejection_rechecking_keychain"),
        Row(
            .authenticating, .authRejected,
            when: [.off(.protectedDataAvailable)],
            to: .confirmingRejection,
            reason: "rejection_check_waits_for_protected_data"),
        Row(
            .authenticating, .authTransient,
            when: [.on(.leaseHeld)],
            commands: [.scheduleRetry, .releaseLease],
            sets: [.off(.leaseHeld)],
            reason: "server_unreachable_retrying"),
        Row(
            .authenticating, .authTransient,
            when: [.off(.leaseHeld)],
            commands: [.scheduleRetry],
            reason: "server_unreachable_retrying"),
        Row(
            .authenticating, .retryDue,
            when: [.on(.protectedDataAvailable), .off(.storePending)],
            commands: [.readCredentials],
            reason: "retrying_authentication"),
        Row(
            .authenticating, .retryDue,
            when: [.on(.protectedDataAvailable), .on(.storePending), .on(.leaseHeld)],
            commands: [.authenticate],
            reason: "retrying_authentication"),
        Row(
            .authenticating, .retryDue,
            when: [.on(.protectedDataAvailable), .on(.storePending), .off(.leaseHeld)],
            commands: [.acquireLease],
            reason: "retrying_authentication"),
        Row(
            .authenticating, .retryDue,
            when: [.off(.protectedDataAvailable), .on(.leaseHeld)],
            to: .deferredAuth,
            commands: [.deferWork, .releaseLease],
            sets: [.off(.leaseHeld)],
            reason: "protected_data_unavailable_deferring"),
        Row(
            .authenticating, .retryDue,
            when: [.off(.protectedDataAvailable), .off(.leaseHeld)],
            to: .deferredAuth,
            commands: [.deferWork],
            reason: "protected_data_unavailable_deferring"),
        Row(
            .authenticating, .workRequested,
            sets: [.on(.workPending)],
            reason: "work_joins_authentication"),
        Row(
            .authenticating, .logoutRequested,
            when: [.on(.leaseHeld)],
            to: .loggingOut,
            commands: [.deleteCredentials, .releaseLease],
            sets: [.off(.leaseHeld)],
            reason: "user_logout"),
        Row(
            .authenticating, .logoutRequested,
            when: [.off(.leaseHeld)],
            to: .loggingOut,
            commands: [.deleteCredentials],
            reason: "user_logout"),
        Row(
            .confirmingRejection, .keychainFound,
            when: [.on(field: .rotatedElsewhere), .on(.protectedDataAvailable), .on(.leaseHeld)],
            to: .authenticating,
            commands: [.authenticate],
            reason: "stored_credentials_changed_retrying"),
        Row(
            .confirmingRejection, .keychainFound,
            when: [.on(field: .rotatedElsewhere), .on(.protectedDataAvailable), .off(.leaseHeld)],
            to: .authenticating,
            commands: [.acquireLease],
            reason: "stored_credentials_changed_retrying"),
        Row(
            .confirmingRejection, .keychainFound,
            when: [.on(field: .rotatedElsewhere), .off(.protectedDataAvailable), .on(.leaseHeld)],
            to: .deferredAuth,
            commands: [.deferWork, .releaseLease],
            sets: [.off(.leaseHeld)],
            reason: "protected_data_lost_before_authentication"),
        Row(
            .confirmingRejection, .keychainFound,
            when: [.off(.protectedDataAvailable), .off(.leaseHeld)],
            to: .deferredAuth,
            commands: [.deferWork],
            reason: "protected_data_lost_before_authentication"),
        Row(
            .confirmingRejection, .keychainNotFound,
            when: [.on(.protectedDataAvailable), .on(.leaseHeld)],
            to: .loggedOut,
            commands: [.notifyUser(message: .signInAgain), .releaseLease],
            sets: [.off(.leaseHeld)],
            reason: "server_rejected"),
        Row(
            .confirmingRejection, .keychainNotFound,
            when: [.on(.protectedDataAvailable), .off(.leaseHeld)],
            to: .loggedOut,
            commands: [.notifyUser(message: .signInAgain)],
            reason: "server_rejected"),
        Row(
            .confirmingRejection, .keychainNotFound,
            when: [.off(.protectedDataAvailable), .on(.leaseHeld)],
            to: .deferredAuth,
            commands: [.deferWork, .releaseLease],
            sets: [.off(.leaseHeld)],
            reason: "not_found_while_protected_data_unavailable"),
        Row(
            .confirmingRejection, .keychainNotFound,
            when: [.off(.protectedDataAvailable), .off(.leaseHeld)],
            to: .deferredAuth,
            commands: [.deferWork],
            reason: "not_found_while_protected_data_unavailable"),
        Row(
            .confirmingRejection, .keychainUnavailable,
            when: [.on(.protectedDataAvailable), .on(.leaseHeld)],
            to: .deferredAuth,
            commands: [.deferWork, .scheduleRetry, .releaseLease],
            sets: [.off(.leaseHeld)],
            reason: "keychain_unavailable"),
        Row(
            .confirmingRejection, .keychainUnavailable,
            when: [.on(.protectedDataAvailable), .off(.leaseHeld)],
            to: .deferredAuth,
            commands: [.deferWork, .scheduleRetry],
            reason: "keychain_unavailable"),
        Row(
            .confirmingRejection, .keychainUnavailable,
            when: [.off(.protectedDataAvailable), .on(.leaseHeld)],
            to: .deferredAuth,
            commands: [.deferWork, .releaseLease],
            sets: [.off(.leaseHeld)],
            reason: "keychain_unavailable"),
        Row(
            .confirmingRejection, .keychainUnavailable,
            when: [.off(.protectedDataAvailable), .off(.leaseHeld)],
            to: .deferredAuth,
            commands: [.deferWork],
            reason: "keychain_unavailable"),
        Row(
            .confirmingRejection, .keychainFailed,
            when: [.on(.leaseHeld)],
            commands: [.scheduleRetry, .releaseLease],
            sets: [.off(.leaseHeld)],
            reason: "keychain_failed_retrying"),
        Row(
            .confirmingRejection, .keychainFailed,
            when: [.off(.leaseHeld)],
            commands: [.scheduleRetry],
            reason: "keychain_failed_retrying"),
        Row(
            .confirmingRejection, .keychainSecretLost,
            when: [.on(.leaseHeld)],
            to: .loggedOut,
            commands: [.notifyUser(message: .signInAgain), .releaseLease],
            sets: [.off(.leaseHeld)],
            reason: "server_rejected"),
        Row(
            .confirmingRejection, .keychainSecretLost,
            when: [.off(.leaseHeld)],
            to: .loggedOut,
            commands: [.notifyUser(message: .signInAgain)],
            reason: "server_rejected"),
        Row(
            .confirmingRejection, .keychainFound,
            when: [.off(field: .rotatedElsewhere), .on(.leaseHeld)],
            to: .loggingOut,
            commands: [.deleteCredentials, .notifyUser(message: .signInAgain), .releaseLease],
            sets: [.off(.leaseHeld)],
            reason: "server_rejected"),
        Row(
            .confirmingRejection, .keychainFound,
            when: [.off(field: .rotatedElsewhere), .off(.leaseHeld), .on(.protectedDataAvailable)],
            to: .authenticating,
            commands: [.acquireLease],
            reason: "rejection_needs_the_lease"),
        Row(
            .confirmingRejection, .protectedDataBecameAvailable,
            commands: [.readCredentials],
            reason: "rejection_rechecking_keychain"),
        Row(
            .confirmingRejection, .appForegrounded,
            when: [.on(.protectedDataAvailable)],
            commands: [.readCredentials],
            reason: "rejection_rechecking_keychain"),
        Row(
            .confirmingRejection, .retryDue,
            when: [.on(.protectedDataAvailable)],
            commands: [.readCredentials],
            reason: "rejection_rechecking_keychain"),
        Row(.confirmingRejection, .workRequested, reason: "work_joins_authentication"),
        Row(
            .confirmingRejection, .logoutRequested,
            when: [.on(.leaseHeld)],
            to: .loggingOut,
            commands: [.deleteCredentials, .releaseLease],
            sets: [.off(.leaseHeld)],
            reason: "user_logout"),
        Row(
            .confirmingRejection, .logoutRequested,
            when: [.off(.leaseHeld)],
            to: .loggingOut,
            commands: [.deleteCredentials],
            reason: "user_logout"),
        Row(.loggingOut, .deleteCompleted, to: .loggedOut, reason: "credentials_deleted"),
        Row(
            .loggingOut, .deleteUnavailable,
            when: [.on(.protectedDataAvailable)],
            commands: [.scheduleRetry],
            reason: "wipe_polling"),
        Row(
            .loggingOut, .deleteUnavailable,
            when: [.off(.protectedDataAvailable)],
            reason: "wipe_waits_for_protected_data"),
        Row(.loggingOut, .deleteFailed, commands: [.scheduleRetry], reason: "wipe_failed_retrying"),
        Row(
            .loggingOut, .protectedDataBecameAvailable,
            commands: [.deleteCredentials],
            reason: "completing_deferred_wipe"),
        Row(
            .loggingOut, .retryDue,
            when: [.on(.protectedDataAvailable)],
            commands: [.deleteCredentials],
            reason: "completing_deferred_wipe"),
        Row(
            .loggingOut, .appLaunched,
            when: [.on(.protectedDataAvailable)],
            commands: [.deleteCredentials],
            reason: "completing_deferred_wipe"),
        Row(
            .loggingOut, .appForegrounded,
            when: [.on(.protectedDataAvailable)],
            commands: [.deleteCredentials],
            reason: "completing_deferred_wipe"),
        Row(.loggingOut, .workRequested, reason: "logout_in_progress"),
        Row(.loggingOut, .loginRequested, reason: "logout_in_progress"),
        Row(.loggedOut, .loginRequested, to: .signingIn, commands: [.signIn], reason: "signing_in"),
        Row(
            .loggedIn, .leaseAcquired,
            commands: [.releaseLease],
            sets: [.off(.leaseHeld)],
            reason: "lease_not_needed"),
        Row(
            .credentialsUnavailable, .leaseAcquired,
            commands: [.releaseLease],
            sets: [.off(.leaseHeld)],
            reason: "lease_not_needed"),
        Row(
            .deferredAuth, .leaseAcquired,
            commands: [.releaseLease],
            sets: [.off(.leaseHeld)],
            reason: "lease_not_needed"),
        Row(
            .loggedOut, .leaseAcquired,
            commands: [.releaseLease],
            sets: [.off(.leaseHeld)],
            reason: "lease_not_needed"),
        Row(
            .starting, .leaseAcquired,
            commands: [.releaseLease],
            sets: [.off(.leaseHeld)],
            reason: "lease_not_needed"),
        Row(
            .checkingCredentials, .leaseAcquired,
            commands: [.releaseLease],
            sets: [.off(.leaseHeld)],
            reason: "lease_not_needed"),
        Row(
            .signingIn, .leaseAcquired,
            commands: [.releaseLease],
            sets: [.off(.leaseHeld)],
            reason: "lease_not_needed"),
        Row(
            .confirmingRejection, .leaseAcquired,
            commands: [.releaseLease],
            sets: [.off(.leaseHeld)],
            reason: "lease_not_needed"),
        Row(
            .loggingOut, .leaseAcquired,
            commands: [.releaseLease],
            sets: [.off(.leaseHeld)],
            reason: "lease_not_needed"),
    ]

    /// One row per (state, event) pair whose rows do not cover every context: it fires when none of
    /// them does.
    public static let ignoredRows: [Row] = [
        Row(.loggedIn, .appLaunched, reason: "already_launched"),
        Row(.loggedIn, .appForegrounded, reason: "nothing_to_resolve"),
        Row(.loggedIn, .protectedDataBecameAvailable, reason: "nothing_waits_for_protected_data"),
        Row(.loggedIn, .protectedDataWillBecomeUnavailable, reason: "availability_noted"),
        Row(.loggedIn, .loginRequested, reason: "sign_in_not_offered_in_this_state"),
        Row(.loggedIn, .tokenExpired, reason: "token_expiry_noted"),
        Row(.loggedIn, .retryDue, reason: "no_retry_pending"),
        Row(.loggedIn, .keychainFound, reason: "stale_keychain_result"),
        Row(.loggedIn, .keychainNotFound, reason: "stale_keychain_result"),
        Row(.loggedIn, .keychainUnavailable, reason: "stale_keychain_result"),
        Row(.loggedIn, .keychainFailed, reason: "stale_keychain_result"),
        Row(.loggedIn, .keychainSecretLost, reason: "stale_keychain_result"),
        Row(.loggedIn, .deleteCompleted, reason: "stale_delete_result"),
        Row(.loggedIn, .deleteUnavailable, reason: "stale_delete_result"),
        Row(.loggedIn, .deleteFailed, reason: "stale_delete_result"),
        Row(.loggedIn, .authAccepted, reason: "stale_auth_result"),
        Row(.loggedIn, .authRejected, reason: "stale_auth_result"),
        Row(.loggedIn, .authTransient, reason: "stale_auth_result"),
        Row(.loggedIn, .leaseBusy, reason: "stale_lease_result"),
        Row(.loggedIn, .sharedStoreChanged, reason: "store_change_noted"),
        Row(.credentialsUnavailable, .appLaunched, reason: "already_launched"),
        Row(.credentialsUnavailable, .appForegrounded, reason: "nothing_to_resolve"),
        Row(
            .credentialsUnavailable, .protectedDataWillBecomeUnavailable,
            reason: "availability_noted"),
        Row(.credentialsUnavailable, .loginRequested, reason: "sign_in_not_offered_in_this_state"),
        Row(.credentialsUnavailable, .tokenExpired, reason: "token_expiry_noted"),
        Row(.credentialsUnavailable, .retryDue, reason: "no_retry_pending"),
        Row(.credentialsUnavailable, .keychainFound, reason: "stale_keychain_result"),
        Row(.credentialsUnavailable, .keychainNotFound, reason: "stale_keychain_result"),
        Row(.credentialsUnavailable, .keychainUnavailable, reason: "stale_keychain_result"),
        Row(.credentialsUnavailable, .keychainFailed, reason: "stale_keychain_result"),
        Row(.credentialsUnavailable, .keychainSecretLost, reason: "stale_keychain_result"),
        Row(.credentialsUnavailable, .storeCompleted, reason: "stale_store_result"),
        Row(.credentialsUnavailable, .storeUnavailable, reason: "stale_store_result"),
        Row(.credentialsUnavailable, .storeFailed, reason: "stale_store_result"),
        Row(.credentialsUnavailable, .deleteCompleted, reason: "stale_delete_result"),
        Row(.credentialsUnavailable, .deleteUnavailable, reason: "stale_delete_result"),
        Row(.credentialsUnavailable, .deleteFailed, reason: "stale_delete_result"),
        Row(.credentialsUnavailable, .authAccepted, reason: "stale_auth_result"),
        Row(.credentialsUnavailable, .authRejected, reason: "stale_auth_result"),
        Row(.credentialsUnavailable, .authTransient, reason: "stale_auth_result"),
        Row(.credentialsUnavailable, .leaseBusy, reason: "stale_lease_result"),
        Row(.credentialsUnavailable, .sharedStoreChanged, reason: "store_change_noted"),
        Row(.deferredAuth, .appLaunched, reason: "already_launched"),
        Row(.deferredAuth, .appForegrounded, reason: "nothing_to_resolve"),
        Row(.deferredAuth, .protectedDataWillBecomeUnavailable, reason: "availability_noted"),
        Row(.deferredAuth, .loginRequested, reason: "sign_in_not_offered_in_this_state"),
        Row(.deferredAuth, .tokenExpired, reason: "token_expiry_noted"),
        Row(.deferredAuth, .retryDue, reason: "no_retry_pending"),
        Row(.deferredAuth, .keychainFound, reason: "stale_keychain_result"),
        Row(.deferredAuth, .keychainNotFound, reason: "stale_keychain_result"),
        Row(.deferredAuth, .keychainUnavailable, reason: "stale_keychain_result"),
        Row(.deferredAuth, .keychainFailed, reason: "stale_keychain_result"),
        Row(.deferredAuth, .keychainSecretLost, reason: "stale_keychain_result"),
        Row(.deferredAuth, .storeCompleted, reason: "stale_store_result"),
        Row(.deferredAuth, .storeUnavailable, reason: "stale_store_result"),
        Row(.deferredAuth, .storeFailed, reason: "stale_store_result"),
        Row(.deferredAuth, .deleteCompleted, reason: "stale_delete_result"),
        Row(.deferredAuth, .deleteUnavailable, reason: "stale_delete_result"),
        Row(.deferredAuth, .deleteFailed, reason: "stale_delete_result"),
        Row(.deferredAuth, .authAccepted, reason: "stale_auth_result"),
        Row(.deferredAuth, .authRejected, reason: "stale_auth_result"),
        Row(.deferredAuth, .authTransient, reason: "stale_auth_result"),
        Row(.deferredAuth, .leaseBusy, reason: "stale_lease_result"),
        Row(.deferredAuth, .sharedStoreChanged, reason: "store_change_noted"),
        Row(.loggedOut, .appLaunched, reason: "already_launched"),
        Row(.loggedOut, .appForegrounded, reason: "nothing_to_resolve"),
        Row(.loggedOut, .protectedDataBecameAvailable, reason: "nothing_waits_for_protected_data"),
        Row(.loggedOut, .protectedDataWillBecomeUnavailable, reason: "availability_noted"),
        Row(.loggedOut, .logoutRequested, reason: "no_session_to_end"),
        Row(.loggedOut, .workRequested, reason: "no_user"),
        Row(.loggedOut, .tokenExpired, reason: "token_expiry_noted"),
        Row(.loggedOut, .retryDue, reason: "no_retry_pending"),
        Row(.loggedOut, .keychainFound, reason: "stale_keychain_result"),
        Row(.loggedOut, .keychainNotFound, reason: "stale_keychain_result"),
        Row(.loggedOut, .keychainUnavailable, reason: "stale_keychain_result"),
        Row(.loggedOut, .keychainFailed, reason: "stale_keychain_result"),
        Row(.loggedOut, .keychainSecretLost, reason: "stale_keychain_result"),
        Row(.loggedOut, .storeCompleted, reason: "stale_store_result"),
        Row(.loggedOut, .storeUnavailable, reason: "stale_store_result"),
        Row(.loggedOut, .storeFailed, reason: "stale_store_result"),
        Row(.loggedOut, .deleteCompleted, reason: "stale_delete_result"),
        Row(.loggedOut, .deleteUnavailable, reason: "stale_delete_result"),
        Row(.loggedOut, .deleteFailed, reason: "stale_delete_result"),
        Row(.loggedOut, .authAccepted, reason: "stale_auth_result"),
        Row(.loggedOut, .authRejected, reason: "stale_auth_result"),
        Row(.loggedOut, .authTransient, reason: "stale_auth_result"),
        Row(.loggedOut, .leaseBusy, reason: "stale_lease_result"),
        Row(.loggedOut, .sharedStoreChanged, reason: "store_change_noted"),
        Row(.starting, .appForegrounded, reason: "nothing_to_resolve"),
        Row(.starting, .protectedDataBecameAvailable, reason: "nothing_waits_for_protected_data"),
        Row(.starting, .protectedDataWillBecomeUnavailable, reason: "availability_noted"),
        Row(.starting, .loginRequested, reason: "sign_in_not_offered_in_this_state"),
        Row(.starting, .tokenExpired, reason: "token_expiry_noted"),
        Row(.starting, .retryDue, reason: "no_retry_pending"),
        Row(.starting, .keychainFound, reason: "stale_keychain_result"),
        Row(.starting, .keychainNotFound, reason: "stale_keychain_result"),
        Row(.starting, .keychainUnavailable, reason: "stale_keychain_result"),
        Row(.starting, .keychainFailed, reason: "stale_keychain_result"),
        Row(.starting, .keychainSecretLost, reason: "stale_keychain_result"),
        Row(.starting, .storeCompleted, reason: "stale_store_result"),
        Row(.starting, .storeUnavailable, reason: "stale_store_result"),
        Row(.starting, .storeFailed, reason: "stale_store_result"),
        Row(.starting, .deleteCompleted, reason: "stale_delete_result"),
        Row(.starting, .deleteUnavailable, reason: "stale_delete_result"),
        Row(.starting, .deleteFailed, reason: "stale_delete_result"),
        Row(.starting, .authAccepted, reason: "stale_auth_result"),
        Row(.starting, .authRejected, reason: "stale_auth_result"),
        Row(.starting, .authTransient, reason: "stale_auth_result"),
        Row(.starting, .leaseBusy, reason: "stale_lease_result"),
        Row(.starting, .sharedStoreChanged, reason: "store_change_noted"),
        Row(.checkingCredentials, .appLaunched, reason: "already_launched"),
        Row(.checkingCredentials, .appForegrounded, reason: "nothing_to_resolve"),
        Row(
            .checkingCredentials, .protectedDataWillBecomeUnavailable,
            reason: "availability_noted"),
        Row(.checkingCredentials, .loginRequested, reason: "sign_in_not_offered_in_this_state"),
        Row(.checkingCredentials, .tokenExpired, reason: "token_expiry_noted"),
        Row(.checkingCredentials, .storeCompleted, reason: "stale_store_result"),
        Row(.checkingCredentials, .storeUnavailable, reason: "stale_store_result"),
        Row(.checkingCredentials, .storeFailed, reason: "stale_store_result"),
        Row(.checkingCredentials, .deleteCompleted, reason: "stale_delete_result"),
        Row(.checkingCredentials, .deleteUnavailable, reason: "stale_delete_result"),
        Row(.checkingCredentials, .deleteFailed, reason: "stale_delete_result"),
        Row(.checkingCredentials, .authAccepted, reason: "stale_auth_result"),
        Row(.checkingCredentials, .authRejected, reason: "stale_auth_result"),
        Row(.checkingCredentials, .authTransient, reason: "stale_auth_result"),
        Row(.checkingCredentials, .leaseBusy, reason: "stale_lease_result"),
        Row(.checkingCredentials, .sharedStoreChanged, reason: "store_change_noted"),
        Row(.signingIn, .appLaunched, reason: "already_launched"),
        Row(.signingIn, .appForegrounded, reason: "nothing_to_resolve"),
        Row(.signingIn, .protectedDataBecameAvailable, reason: "nothing_waits_for_protected_data"),
        Row(.signingIn, .protectedDataWillBecomeUnavailable, reason: "availability_noted"),
        Row(.signingIn, .loginRequested, reason: "sign_in_not_offered_in_this_state"),
        Row(.signingIn, .tokenExpired, reason: "token_expiry_noted"),
        Row(.signingIn, .retryDue, reason: "no_retry_pending"),
        Row(.signingIn, .keychainFound, reason: "stale_keychain_result"),
        Row(.signingIn, .keychainNotFound, reason: "stale_keychain_result"),
        Row(.signingIn, .keychainUnavailable, reason: "stale_keychain_result"),
        Row(.signingIn, .keychainFailed, reason: "stale_keychain_result"),
        Row(.signingIn, .keychainSecretLost, reason: "stale_keychain_result"),
        Row(.signingIn, .storeCompleted, reason: "stale_store_result"),
        Row(.signingIn, .storeUnavailable, reason: "stale_store_result"),
        Row(.signingIn, .storeFailed, reason: "stale_store_result"),
        Row(.signingIn, .deleteCompleted, reason: "stale_delete_result"),
        Row(.signingIn, .deleteUnavailable, reason: "stale_delete_result"),
        Row(.signingIn, .deleteFailed, reason: "stale_delete_result"),
        Row(.signingIn, .leaseBusy, reason: "stale_lease_result"),
        Row(.signingIn, .sharedStoreChanged, reason: "store_change_noted"),
        Row(.authenticating, .appLaunched, reason: "already_launched"),
        Row(.authenticating, .appForegrounded, reason: "nothing_to_resolve"),
        Row(
            .authenticating, .protectedDataBecameAvailable,
            reason: "nothing_waits_for_protected_data"),
        Row(.authenticating, .protectedDataWillBecomeUnavailable, reason: "availability_noted"),
        Row(.authenticating, .loginRequested, reason: "sign_in_not_offered_in_this_state"),
        Row(.authenticating, .tokenExpired, reason: "token_expiry_noted"),
        Row(.authenticating, .keychainFound, reason: "stale_keychain_result"),
        Row(.authenticating, .keychainNotFound, reason: "stale_keychain_result"),
        Row(.authenticating, .keychainUnavailable, reason: "stale_keychain_result"),
        Row(.authenticating, .keychainFailed, reason: "stale_keychain_result"),
        Row(.authenticating, .keychainSecretLost, reason: "stale_keychain_result"),
        Row(.authenticating, .storeCompleted, reason: "stale_store_result"),
        Row(.authenticating, .storeUnavailable, reason: "stale_store_result"),
        Row(.authenticating, .storeFailed, reason: "stale_store_result"),
        Row(.authenticating, .deleteCompleted, reason: "stale_delete_result"),
        Row(.authenticating, .deleteUnavailable, reason: "stale_delete_result"),
        Row(.authenticating, .deleteFailed, reason: "stale_delete_result"),
        Row(.authenticating, .sharedStoreChanged, reason: "store_change_noted"),
        Row(.confirmingRejection, .appLaunched, reason: "already_launched"),
        Row(.confirmingRejection, .appForegrounded, reason: "nothing_to_resolve"),
        Row(
            .confirmingRejection, .protectedDataWillBecomeUnavailable,
            reason: "availability_noted"),
        Row(.confirmingRejection, .loginRequested, reason: "sign_in_not_offered_in_this_state"),
        Row(.confirmingRejection, .tokenExpired, reason: "token_expiry_noted"),
        Row(.confirmingRejection, .retryDue, reason: "no_retry_pending"),
        Row(.confirmingRejection, .storeCompleted, reason: "stale_store_result"),
        Row(.confirmingRejection, .storeUnavailable, reason: "stale_store_result"),
        Row(.confirmingRejection, .storeFailed, reason: "stale_store_result"),
        Row(.confirmingRejection, .deleteCompleted, reason: "stale_delete_result"),
        Row(.confirmingRejection, .deleteUnavailable, reason: "stale_delete_result"),
        Row(.confirmingRejection, .deleteFailed, reason: "stale_delete_result"),
        Row(.confirmingRejection, .authAccepted, reason: "stale_auth_result"),
        Row(.confirmingRejection, .authRejected, reason: "stale_auth_result"),
        Row(.confirmingRejection, .authTransient, reason: "stale_auth_result"),
        Row(.confirmingRejection, .leaseBusy, reason: "stale_lease_result"),
        Row(.confirmingRejection, .sharedStoreChanged, reason: "store_change_noted"),
        Row(.loggingOut, .appLaunched, reason: "already_launched"),
        Row(.loggingOut, .appForegrounded, reason: "nothing_to_resolve"),
        Row(.loggingOut, .protectedDataWillBecomeUnavailable, reason: "availability_noted"),
        Row(.loggingOut, .logoutRequested, reason: "no_session_to_end"),
        Row(.loggingOut, .tokenExpired, reason: "token_expiry_noted"),
        Row(.loggingOut, .retryDue, reason: "no_retry_pending"),
        Row(.loggingOut, .keychainFound, reason: "stale_keychain_result"),
        Row(.loggingOut, .keychainNotFound, reason: "stale_keychain_result"),
        Row(.loggingOut, .keychainUnavailable, reason: "stale_keychain_result"),
        Row(.loggingOut, .keychainFailed, reason: "stale_keychain_result"),
        Row(.loggingOut, .keychainSecretLost, reason: "stale_keychain_result"),
        Row(.loggingOut, .storeCompleted, reason: "stale_store_result"),
        Row(.loggingOut, .storeUnavailable, reason: "stale_store_result"),
        Row(.loggingOut, .storeFailed, reason: "stale_store_result"),
        Row(.loggingOut, .authAccepted, reason: "stale_auth_result"),
        Row(.loggingOut, .authRejected, reason: "stale_auth_result"),
        Row(.loggingOut, .authTransient, reason: "stale_auth_result"),
        Row(.loggingOut, .leaseBusy, reason: "stale_lease_result"),
        Row(.loggingOut, .sharedStoreChanged, reason: "store_change_noted"),
    ]
}

// MARK: - The host's numbers

/// The host's numbers (spec.json `host`): the retry backoff, the token leeway, the timers' names.
public enum HostRules {
    public static let retryBaseSeconds: Double = 1.0
    public static let retryCapSeconds: Double = 300.0
    public static let retryJitter: Double = 0.2
    public static let retryMaxExponent: Int = 64
    public static let tokenLeewaySeconds: Double = 30.0
    public static let tokenLeewayMaxFraction: Double = 0.5
    public static let retryTimer: String = "retry"
    public static let tokenTimer: String = "token_expiry"
}
