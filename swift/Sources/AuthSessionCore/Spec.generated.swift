// GENERATED from the Python spec (authsession/spec) by `authsession spec --format swift`.
// Do not edit: `python -m authsession.docsync` regenerates it, and the test suite fails
// when it drifts. The hand-written interpreter that gives it meaning is SessionCore.swift.
// 12 states, 6 context flags, 37 events, 4 event guard fields, 16 commands,
// 282 rows, 327 ignore rows.

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
    /// No user. Reached only by sign-out, credentials proven absent or lost, or a failed sign-in.
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
    /// The user signed out; the refresh token is being moved into the revocation outbox and the
    /// stored credentials deleted — never used meanwhile, even if either has to wait for protected
    /// data.
    case loggingOut = "logging_out"
    /// The server definitively rejected the stored credentials (a confirmed rejection): they are
    /// being deleted — never used meanwhile. The account and the work owed for it are kept.
    case reauthClearing = "reauth_clearing"
    /// Re-authentication required: the server ended the session; the account is kept (not a secret)
    /// and the work owed for it waits for that account to sign in again. Entered only from a
    /// confirmed rejection (invariant 13).
    case reauthRequired = "reauth_required"

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
        case .reauthClearing: 10
        case .reauthRequired: 11
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
    /// The durable revocation outbox holds a refresh token not yet revoked for good: it is sent to
    /// the revocation endpoint — and nowhere else — whenever the outbox's class is readable, across
    /// kills and reboots, whoever is signed in meanwhile (invariant 14).
    case revocationPending = "revocation_pending"

    public var ordinal: Int {
        switch self {
        case .protectedDataAvailable: 0
        case .workPending: 1
        case .tokenValid: 2
        case .storePending: 3
        case .leaseHeld: 4
        case .revocationPending: 5
        }
    }
}

// MARK: - Event guard fields

/// A boolean field of an event that a row's guard may name besides the context flags
/// (`EventType.guardFields` says which event has which).
public enum EventField: String, SpecName {
    case sameAccount = "same_account"
    case rotatedElsewhere = "rotated_elsewhere"
    case rotated = "rotated"
    case moreQueued = "more_queued"

    public var ordinal: Int {
        switch self {
        case .sameAccount: 0
        case .rotatedElsewhere: 1
        case .rotated: 2
        case .moreQueued: 3
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

/// The values this field takes.
public enum FailWorkReason: String, WireEnum {
    case anotherAccount = "another_account"
    case signedOut = "signed_out"
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
    case logoutOthersRequested = "logout_others_requested"
    case revocationHint = "revocation_hint"
    case revocationQueued = "revocation_queued"
    case revocationQueueUnavailable = "revocation_queue_unavailable"
    case revocationQueueFailed = "revocation_queue_failed"
    case revocationDue = "revocation_due"
    case revocationCompleted = "revocation_completed"
    case revocationFailed = "revocation_failed"
    case revocationUnavailable = "revocation_unavailable"
    case othersRevoked = "others_revoked"
    case othersRevocationFailed = "others_revocation_failed"

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
        case .logoutOthersRequested: 26
        case .revocationHint: 27
        case .revocationQueued: 28
        case .revocationQueueUnavailable: 29
        case .revocationQueueFailed: 30
        case .revocationDue: 31
        case .revocationCompleted: 32
        case .revocationFailed: 33
        case .revocationUnavailable: 34
        case .othersRevoked: 35
        case .othersRevocationFailed: 36
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
        case .loginRequested: [.sameAccount]
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
        case .logoutOthersRequested: []
        case .revocationHint: []
        case .revocationQueued: []
        case .revocationQueueUnavailable: []
        case .revocationQueueFailed: []
        case .revocationDue: []
        case .revocationCompleted: [.moreQueued]
        case .revocationFailed: []
        case .revocationUnavailable: []
        case .othersRevoked: []
        case .othersRevocationFailed: []
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
    /// `same_account`: the account typed is the one whose session the server ended (the session
    /// keeps it in `reauth_required`): only then does the work owed for it resume.
    case loginRequested(sameAccount: Bool = false)
    /// The user signed out (`logout(scope="local")`, or `"global"`: every session of the user; the
    /// scope is the host's to send with the revocation, the table's rows are the same). Carries
    /// availability: the wipe starts with a read (the refresh token goes to the revocation outbox
    /// first).
    case logoutRequested(protectedDataAvailable: Bool)
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
    /// The user asked to sign out every *other* session (`logout(scope="others")`): never a change
    /// here.
    case logoutOthersRequested
    /// Something says the session may have been revoked — a silent push from the app's backend,
    /// another device's global sign-out — without proof: the token in hand is no longer trusted and
    /// a refresh confirms; the hint alone ends nothing. Carries availability because that refresh
    /// starts with a read.
    case revocationHint(protectedDataAvailable: Bool)
    /// The refresh credentials are in the durable revocation outbox (or there were none to queue):
    /// the stored ones may be deleted now.
    case revocationQueued
    /// The outbox could not be written: its class is locked (the same class as the credentials').
    /// Nothing is deleted before the token is queued.
    case revocationQueueUnavailable(protectedDataAvailable: Bool)
    /// The outbox write failed for another reason; it is retried.
    case revocationQueueFailed
    /// The revocation timer (`schedule_revocation`) fired. Carries availability: a revocation reads
    /// the outbox, which is under the credentials' class.
    case revocationDue(protectedDataAvailable: Bool)
    /// The revocation endpoint gave a definitive answer for the outbox's first token (revoked, or
    /// refused for good: RFC 7009 answers 200 for a token it does not know) and the token left the
    /// outbox; or the outbox was empty. `more_queued`: other tokens still wait in it.
    case revocationCompleted(protectedDataAvailable: Bool, moreQueued: Bool = false)
    /// No verdict (offline, 5xx, 429, a timeout) or the token could not be taken out of the outbox:
    /// the token stays queued and the revocation is retried.
    case revocationFailed
    /// The outbox cannot be read now (its class is locked): nothing was sent.
    case revocationUnavailable
    /// The revocation endpoint ended the user's other sessions.
    case othersRevoked
    /// The other sessions could not be ended (offline, refused): the app may ask again.
    case othersRevocationFailed
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
        case .logoutOthersRequested: .logoutOthersRequested
        case .revocationHint: .revocationHint
        case .revocationQueued: .revocationQueued
        case .revocationQueueUnavailable: .revocationQueueUnavailable
        case .revocationQueueFailed: .revocationQueueFailed
        case .revocationDue: .revocationDue
        case .revocationCompleted: .revocationCompleted
        case .revocationFailed: .revocationFailed
        case .revocationUnavailable: .revocationUnavailable
        case .othersRevoked: .othersRevoked
        case .othersRevocationFailed: .othersRevocationFailed
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
        case .logoutRequested(let v0): v0
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
        case .logoutOthersRequested: nil
        case .revocationHint(let v0): v0
        case .revocationQueued: nil
        case .revocationQueueUnavailable(let v0): v0
        case .revocationQueueFailed: nil
        case .revocationDue(let v0): v0
        case .revocationCompleted(let v0, _): v0
        case .revocationFailed: nil
        case .revocationUnavailable: nil
        case .othersRevoked: nil
        case .othersRevocationFailed: nil
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
        case .loginRequested(let v0): EventField.sameAccount.bit(v0)
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
        case .logoutOthersRequested: 0
        case .revocationHint: 0
        case .revocationQueued: 0
        case .revocationQueueUnavailable: 0
        case .revocationQueueFailed: 0
        case .revocationDue: 0
        case .revocationCompleted(_, let v1): EventField.moreQueued.bit(v1)
        case .revocationFailed: 0
        case .revocationUnavailable: 0
        case .othersRevoked: 0
        case .othersRevocationFailed: 0
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
        case .logoutOthersRequested: nil
        case .revocationHint: nil
        case .revocationQueued: nil
        case .revocationQueueUnavailable: nil
        case .revocationQueueFailed: nil
        case .revocationDue: nil
        case .revocationCompleted: nil
        case .revocationFailed: nil
        case .revocationUnavailable: nil
        case .othersRevoked: nil
        case .othersRevocationFailed: nil
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
        .loginRequested(sameAccount: false),
        .loginRequested(sameAccount: true),
        .logoutRequested(protectedDataAvailable: false),
        .logoutRequested(protectedDataAvailable: true),
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
        .logoutOthersRequested,
        .revocationHint(protectedDataAvailable: false),
        .revocationHint(protectedDataAvailable: true),
        .revocationQueued,
        .revocationQueueUnavailable(protectedDataAvailable: false),
        .revocationQueueUnavailable(protectedDataAvailable: true),
        .revocationQueueFailed,
        .revocationDue(protectedDataAvailable: false),
        .revocationDue(protectedDataAvailable: true),
        .revocationCompleted(protectedDataAvailable: false, moreQueued: false),
        .revocationCompleted(protectedDataAvailable: false, moreQueued: true),
        .revocationCompleted(protectedDataAvailable: true, moreQueued: false),
        .revocationCompleted(protectedDataAvailable: true, moreQueued: true),
        .revocationFailed,
        .revocationUnavailable,
        .othersRevoked,
        .othersRevocationFailed,
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
            try fields.only(["type", "same_account"])
            self = try .loginRequested(
                sameAccount: fields.optional("same_account", default: false, strict: true))
        case "logout_requested":
            let fields = object.scoped("logout_requested")
            try fields.only(["type", "protected_data_available"])
            self = try .logoutRequested(
                protectedDataAvailable: fields.required("protected_data_available", strict: true))
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
        case "logout_others_requested":
            let fields = object.scoped("logout_others_requested")
            try fields.only(["type"])
            self = .logoutOthersRequested
        case "revocation_hint":
            let fields = object.scoped("revocation_hint")
            try fields.only(["type", "protected_data_available"])
            self = try .revocationHint(
                protectedDataAvailable: fields.required("protected_data_available", strict: true))
        case "revocation_queued":
            let fields = object.scoped("revocation_queued")
            try fields.only(["type"])
            self = .revocationQueued
        case "revocation_queue_unavailable":
            let fields = object.scoped("revocation_queue_unavailable")
            try fields.only(["type", "protected_data_available"])
            self = try .revocationQueueUnavailable(
                protectedDataAvailable: fields.required("protected_data_available", strict: true))
        case "revocation_queue_failed":
            let fields = object.scoped("revocation_queue_failed")
            try fields.only(["type"])
            self = .revocationQueueFailed
        case "revocation_due":
            let fields = object.scoped("revocation_due")
            try fields.only(["type", "protected_data_available"])
            self = try .revocationDue(
                protectedDataAvailable: fields.required("protected_data_available", strict: true))
        case "revocation_completed":
            let fields = object.scoped("revocation_completed")
            try fields.only(["type", "protected_data_available", "more_queued"])
            self = try .revocationCompleted(
                protectedDataAvailable: fields.required("protected_data_available", strict: true),
                moreQueued: fields.optional("more_queued", default: false, strict: true))
        case "revocation_failed":
            let fields = object.scoped("revocation_failed")
            try fields.only(["type"])
            self = .revocationFailed
        case "revocation_unavailable":
            let fields = object.scoped("revocation_unavailable")
            try fields.only(["type"])
            self = .revocationUnavailable
        case "others_revoked":
            let fields = object.scoped("others_revoked")
            try fields.only(["type"])
            self = .othersRevoked
        case "others_revocation_failed":
            let fields = object.scoped("others_revocation_failed")
            try fields.only(["type"])
            self = .othersRevocationFailed
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
        case .loginRequested(let v0): .object(["type": "login_requested", "same_account": v0.wire])
        case .logoutRequested(let v0):
            .object(["type": "logout_requested", "protected_data_available": v0.wire])
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
        case .logoutOthersRequested: .object(["type": "logout_others_requested"])
        case .revocationHint(let v0):
            .object(["type": "revocation_hint", "protected_data_available": v0.wire])
        case .revocationQueued: .object(["type": "revocation_queued"])
        case .revocationQueueUnavailable(let v0):
            .object(["type": "revocation_queue_unavailable", "protected_data_available": v0.wire])
        case .revocationQueueFailed: .object(["type": "revocation_queue_failed"])
        case .revocationDue(let v0):
            .object(["type": "revocation_due", "protected_data_available": v0.wire])
        case .revocationCompleted(let v0, let v1):
            .object([
                "type": "revocation_completed",
                "protected_data_available": v0.wire,
                "more_queued": v1.wire,
            ])
        case .revocationFailed: .object(["type": "revocation_failed"])
        case .revocationUnavailable: .object(["type": "revocation_unavailable"])
        case .othersRevoked: .object(["type": "others_revoked"])
        case .othersRevocationFailed: .object(["type": "others_revocation_failed"])
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
    /// Move the refresh credentials this session knows of — those a read just found, those it holds
    /// unstored — into the durable revocation outbox (RFC 7009), under the configured protection
    /// class, before the stored ones are deleted; answer with `revocation_queued`,
    /// `revocation_queue_unavailable` or `revocation_queue_failed`. Nothing to queue is answered
    /// `revocation_queued` at once.
    case queueRevocation
    /// Send the outbox's first token to the revocation endpoint — and nowhere else — then remove it
    /// from the outbox; answer with `revocation_completed` (revoked, or refused for good),
    /// `revocation_failed` (no verdict: retry) or `revocation_unavailable` (the outbox's class is
    /// locked: nothing was read, nothing sent).
    case revoke
    /// Arm the revocation timer (its own bounded backoff; not cancelled by a change of state: a
    /// revocation is owed whoever signs in next), answered by `revocation_due`.
    case scheduleRevocation
    /// Ask the revocation endpoint to end every other session of the user, with this session's
    /// valid access token (`logout(scope="others")`); answer `others_revoked` or
    /// `others_revocation_failed`. Changes nothing here.
    case revokeOthers
    /// Hand every unit of owed work back to the app as failed, with `reason` — it waited for its
    /// account, and that account will not sign in now.
    case failWork(reason: FailWorkReason)
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
        case .queueRevocation: .object(["type": "queue_revocation"])
        case .revoke: .object(["type": "revoke"])
        case .scheduleRevocation: .object(["type": "schedule_revocation"])
        case .revokeOthers: .object(["type": "revoke_others"])
        case .failWork(let v0): .object(["type": "fail_work", "reason": v0.wire])
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
        .reauthClearing: .no,
        .reauthRequired: .no,
    ]

    /// Entering one of these states (from another) clears these flags.
    public static let entryClears: [State: [Flag]] = [
        .loggedOut: [.workPending, .tokenValid, .storePending, .leaseHeld],
        .loggingOut: [.workPending, .tokenValid, .storePending, .leaseHeld],
        .reauthClearing: [.tokenValid, .storePending, .leaseHeld],
        .reauthRequired: [.tokenValid, .storePending, .leaseHeld],
    ]

    /// Context effects of an event, in every state, before the guards.
    public static let eventEffects: [EventType: [FlagValue]] = [
        .protectedDataBecameAvailable: [.on(.protectedDataAvailable)],
        .protectedDataWillBecomeUnavailable: [.off(.protectedDataAvailable)],
        .tokenExpired: [.off(.tokenValid)],
        .leaseAcquired: [.on(.leaseHeld)],
        .revocationHint: [.off(.tokenValid)],
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
            when: [.on(.protectedDataAvailable)],
            to: .loggingOut,
            commands: [.readCredentials],
            reason: "user_logout"),
        Row(
            .starting, .logoutRequested,
            when: [.off(.protectedDataAvailable)],
            to: .loggingOut,
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
            when: [.on(.protectedDataAvailable)],
            to: .loggingOut,
            commands: [.readCredentials],
            reason: "user_logout"),
        Row(
            .checkingCredentials, .logoutRequested,
            when: [.off(.protectedDataAvailable)],
            to: .loggingOut,
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
            when: [.on(.protectedDataAvailable)],
            to: .loggingOut,
            commands: [.readCredentials],
            reason: "user_logout"),
        Row(
            .credentialsUnavailable, .logoutRequested,
            when: [.off(.protectedDataAvailable)],
            to: .loggingOut,
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
            when: [.on(.protectedDataAvailable)],
            to: .loggingOut,
            commands: [.readCredentials],
            reason: "user_logout"),
        Row(
            .deferredAuth, .logoutRequested,
            when: [.off(.protectedDataAvailable)],
            to: .loggingOut,
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
            when: [.on(.protectedDataAvailable), .on(.leaseHeld)],
            to: .loggingOut,
            commands: [.readCredentials, .releaseLease],
            sets: [.off(.leaseHeld)],
            reason: "user_logout"),
        Row(
            .loggedIn, .logoutRequested,
            when: [.on(.protectedDataAvailable), .off(.leaseHeld)],
            to: .loggingOut,
            commands: [.readCredentials],
            reason: "user_logout"),
        Row(
            .loggedIn, .logoutRequested,
            when: [.off(.protectedDataAvailable), .on(.leaseHeld)],
            to: .loggingOut,
            commands: [.releaseLease],
            sets: [.off(.leaseHeld)],
            reason: "user_logout"),
        Row(
            .loggedIn, .logoutRequested,
            when: [.off(.protectedDataAvailable), .off(.leaseHeld)],
            to: .loggingOut,
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
            when: [.on(.workPending)],
            to: .loggedOut,
            commands: [.notifyUser(message: .signInFailed), .failWork(reason: .signInFailed)],
            sets: [.off(.workPending)],
            reason: "server_rejected"),
        Row(
            .signingIn, .authRejected,
            when: [.off(.workPending)],
            to: .loggedOut,
            commands: [.notifyUser(message: .signInFailed)],
            reason: "server_rejected"),
        Row(
            .signingIn, .authTransient,
            when: [.on(.workPending)],
            to: .loggedOut,
            commands: [.notifyUser(message: .signInFailed), .failWork(reason: .signInFailed)],
            sets: [.off(.workPending)],
            reason: "sign_in_failed_transient"),
        Row(
            .signingIn, .authTransient,
            when: [.off(.workPending)],
            to: .loggedOut,
            commands: [.notifyUser(message: .signInFailed)],
            reason: "sign_in_failed_transient"),
        Row(
            .signingIn, .logoutRequested,
            when: [.on(.workPending)],
            to: .loggedOut,
            commands: [.failWork(reason: .signedOut)],
            sets: [.off(.workPending)],
            reason: "user_logout"),
        Row(
            .signingIn, .logoutRequested,
            when: [.off(.workPending)],
            to: .loggedOut,
            reason: "user_logout"),
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
            when: [.on(.protectedDataAvailable), .on(.leaseHeld)],
            to: .loggingOut,
            commands: [.readCredentials, .releaseLease],
            sets: [.off(.leaseHeld)],
            reason: "user_logout"),
        Row(
            .authenticating, .logoutRequested,
            when: [.on(.protectedDataAvailable), .off(.leaseHeld)],
            to: .loggingOut,
            commands: [.readCredentials],
            reason: "user_logout"),
        Row(
            .authenticating, .logoutRequested,
            when: [.off(.protectedDataAvailable), .on(.leaseHeld)],
            to: .loggingOut,
            commands: [.releaseLease],
            sets: [.off(.leaseHeld)],
            reason: "user_logout"),
        Row(
            .authenticating, .logoutRequested,
            when: [.off(.protectedDataAvailable), .off(.leaseHeld)],
            to: .loggingOut,
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
            to: .reauthRequired,
            commands: [.notifyUser(message: .signInAgain), .releaseLease],
            sets: [.off(.leaseHeld)],
            reason: "server_rejected"),
        Row(
            .confirmingRejection, .keychainNotFound,
            when: [.on(.protectedDataAvailable), .off(.leaseHeld)],
            to: .reauthRequired,
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
            to: .reauthRequired,
            commands: [.notifyUser(message: .signInAgain), .releaseLease],
            sets: [.off(.leaseHeld)],
            reason: "server_rejected"),
        Row(
            .confirmingRejection, .keychainSecretLost,
            when: [.off(.leaseHeld)],
            to: .reauthRequired,
            commands: [.notifyUser(message: .signInAgain)],
            reason: "server_rejected"),
        Row(
            .confirmingRejection, .keychainFound,
            when: [.off(field: .rotatedElsewhere), .on(.leaseHeld)],
            to: .reauthClearing,
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
            when: [.on(.protectedDataAvailable), .on(.leaseHeld)],
            to: .loggingOut,
            commands: [.readCredentials, .releaseLease],
            sets: [.off(.leaseHeld)],
            reason: "user_logout"),
        Row(
            .confirmingRejection, .logoutRequested,
            when: [.on(.protectedDataAvailable), .off(.leaseHeld)],
            to: .loggingOut,
            commands: [.readCredentials],
            reason: "user_logout"),
        Row(
            .confirmingRejection, .logoutRequested,
            when: [.off(.protectedDataAvailable), .on(.leaseHeld)],
            to: .loggingOut,
            commands: [.releaseLease],
            sets: [.off(.leaseHeld)],
            reason: "user_logout"),
        Row(
            .confirmingRejection, .logoutRequested,
            when: [.off(.protectedDataAvailable), .off(.leaseHeld)],
            to: .loggingOut,
            reason: "user_logout"),
        Row(
            .loggingOut, .keychainFound,
            commands: [.queueRevocation],
            reason: "queueing_revocation"),
        Row(
            .loggingOut, .keychainNotFound,
            when: [.on(.protectedDataAvailable)],
            commands: [.queueRevocation],
            reason: "queueing_revocation"),
        Row(
            .loggingOut, .keychainNotFound,
            when: [.off(.protectedDataAvailable)],
            reason: "wipe_waits_for_protected_data"),
        Row(
            .loggingOut, .keychainSecretLost,
            commands: [.queueRevocation],
            reason: "queueing_revocation"),
        Row(
            .loggingOut, .keychainUnavailable,
            when: [.on(.protectedDataAvailable)],
            commands: [.scheduleRetry],
            reason: "wipe_polling"),
        Row(
            .loggingOut, .keychainUnavailable,
            when: [.off(.protectedDataAvailable)],
            reason: "wipe_waits_for_protected_data"),
        Row(
            .loggingOut, .keychainFailed,
            commands: [.scheduleRetry],
            reason: "wipe_failed_retrying"),
        Row(
            .loggingOut, .revocationQueued,
            commands: [.deleteCredentials],
            sets: [.on(.revocationPending)],
            reason: "revocation_queued_wiping"),
        Row(
            .loggingOut, .revocationQueueUnavailable,
            when: [.on(.protectedDataAvailable)],
            commands: [.scheduleRetry],
            reason: "wipe_polling"),
        Row(
            .loggingOut, .revocationQueueUnavailable,
            when: [.off(.protectedDataAvailable)],
            reason: "wipe_waits_for_protected_data"),
        Row(
            .loggingOut, .revocationQueueFailed,
            commands: [.scheduleRetry],
            reason: "wipe_failed_retrying"),
        Row(
            .loggingOut, .deleteCompleted,
            when: [.on(.revocationPending), .on(.protectedDataAvailable)],
            to: .loggedOut,
            commands: [.revoke],
            reason: "credentials_deleted"),
        Row(
            .loggingOut, .deleteCompleted,
            when: [.on(.revocationPending), .off(.protectedDataAvailable)],
            to: .loggedOut,
            commands: [.scheduleRevocation],
            reason: "credentials_deleted"),
        Row(
            .loggingOut, .deleteCompleted,
            when: [.off(.revocationPending)],
            to: .loggedOut,
            reason: "credentials_deleted"),
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
            commands: [.readCredentials],
            reason: "completing_deferred_wipe"),
        Row(
            .loggingOut, .retryDue,
            when: [.on(.protectedDataAvailable)],
            commands: [.readCredentials],
            reason: "completing_deferred_wipe"),
        Row(
            .loggingOut, .appLaunched,
            when: [.on(.protectedDataAvailable)],
            commands: [.readCredentials],
            reason: "completing_deferred_wipe"),
        Row(
            .loggingOut, .appForegrounded,
            when: [.on(.protectedDataAvailable)],
            commands: [.readCredentials],
            reason: "completing_deferred_wipe"),
        Row(.loggingOut, .workRequested, reason: "logout_in_progress"),
        Row(.loggingOut, .loginRequested, reason: "logout_in_progress"),
        Row(
            .reauthClearing, .deleteCompleted,
            to: .reauthRequired,
            reason: "rejected_credentials_deleted"),
        Row(
            .reauthClearing, .deleteUnavailable,
            when: [.on(.protectedDataAvailable)],
            commands: [.scheduleRetry],
            reason: "wipe_polling"),
        Row(
            .reauthClearing, .deleteUnavailable,
            when: [.off(.protectedDataAvailable)],
            reason: "wipe_waits_for_protected_data"),
        Row(
            .reauthClearing, .deleteFailed,
            commands: [.scheduleRetry],
            reason: "wipe_failed_retrying"),
        Row(
            .reauthClearing, .protectedDataBecameAvailable,
            commands: [.deleteCredentials],
            reason: "completing_deferred_wipe"),
        Row(
            .reauthClearing, .retryDue,
            when: [.on(.protectedDataAvailable)],
            commands: [.deleteCredentials],
            reason: "completing_deferred_wipe"),
        Row(
            .reauthClearing, .appLaunched,
            when: [.on(.protectedDataAvailable)],
            commands: [.deleteCredentials],
            reason: "completing_deferred_wipe"),
        Row(
            .reauthClearing, .appForegrounded,
            when: [.on(.protectedDataAvailable)],
            commands: [.deleteCredentials],
            reason: "completing_deferred_wipe"),
        Row(
            .reauthClearing, .workRequested,
            sets: [.on(.workPending)],
            reason: "work_waits_for_sign_in_again"),
        Row(
            .reauthClearing, .logoutRequested,
            when: [.on(.protectedDataAvailable), .on(.workPending)],
            to: .loggingOut,
            commands: [.readCredentials, .failWork(reason: .signedOut)],
            sets: [.off(.workPending)],
            reason: "user_logout"),
        Row(
            .reauthClearing, .logoutRequested,
            when: [.on(.protectedDataAvailable), .off(.workPending)],
            to: .loggingOut,
            commands: [.readCredentials],
            reason: "user_logout"),
        Row(
            .reauthClearing, .logoutRequested,
            when: [.off(.protectedDataAvailable), .on(.workPending)],
            to: .loggingOut,
            commands: [.failWork(reason: .signedOut)],
            sets: [.off(.workPending)],
            reason: "user_logout"),
        Row(
            .reauthClearing, .logoutRequested,
            when: [.off(.protectedDataAvailable), .off(.workPending)],
            to: .loggingOut,
            reason: "user_logout"),
        Row(
            .reauthRequired, .loginRequested,
            when: [.on(field: .sameAccount)],
            to: .signingIn,
            commands: [.signIn],
            reason: "signing_in_again"),
        Row(
            .reauthRequired, .loginRequested,
            when: [.off(field: .sameAccount), .on(.workPending)],
            to: .signingIn,
            commands: [.signIn, .failWork(reason: .anotherAccount)],
            sets: [.off(.workPending)],
            reason: "signing_in_another_account"),
        Row(
            .reauthRequired, .loginRequested,
            when: [.off(field: .sameAccount), .off(.workPending)],
            to: .signingIn,
            commands: [.signIn],
            reason: "signing_in_another_account"),
        Row(
            .reauthRequired, .logoutRequested,
            when: [.on(.workPending)],
            to: .loggedOut,
            commands: [.failWork(reason: .signedOut)],
            sets: [.off(.workPending)],
            reason: "user_logout"),
        Row(
            .reauthRequired, .logoutRequested,
            when: [.off(.workPending)],
            to: .loggedOut,
            reason: "user_logout"),
        Row(
            .reauthRequired, .workRequested,
            sets: [.on(.workPending)],
            reason: "work_waits_for_sign_in_again"),
        Row(.loggedOut, .loginRequested, to: .signingIn, commands: [.signIn], reason: "signing_in"),
        Row(
            .loggedIn, .revocationHint,
            when: [.on(.protectedDataAvailable), .off(.storePending)],
            to: .authenticating,
            commands: [.readCredentials],
            sets: [.on(.workPending)],
            reason: "revocation_hint_confirming"),
        Row(
            .loggedIn, .revocationHint,
            when: [.on(.protectedDataAvailable), .on(.storePending), .on(.leaseHeld)],
            to: .authenticating,
            commands: [.authenticate],
            sets: [.on(.workPending)],
            reason: "revocation_hint_confirming"),
        Row(
            .loggedIn, .revocationHint,
            when: [.on(.protectedDataAvailable), .on(.storePending), .off(.leaseHeld)],
            to: .authenticating,
            commands: [.acquireLease],
            sets: [.on(.workPending)],
            reason: "revocation_hint_confirming"),
        Row(
            .loggedIn, .revocationHint,
            when: [.off(.protectedDataAvailable)],
            reason: "revocation_hint_waits_for_protected_data"),
        Row(
            .loggedIn, .logoutOthersRequested,
            when: [.on(.tokenValid)],
            commands: [.revokeOthers],
            reason: "revoking_other_sessions"),
        Row(
            .loggedIn, .logoutOthersRequested,
            when: [.off(.tokenValid)],
            reason: "others_logout_needs_a_valid_token"),
        Row(
            .loggedIn, .revocationDue,
            when: [.on(.revocationPending), .on(.protectedDataAvailable)],
            commands: [.revoke],
            reason: "revoking_queued_token"),
        Row(
            .loggedIn, .revocationDue,
            when: [.on(.revocationPending), .off(.protectedDataAvailable)],
            commands: [.scheduleRevocation],
            reason: "revocation_waits_for_protected_data"),
        Row(
            .loggedIn, .revocationCompleted,
            when: [.off(field: .moreQueued)],
            sets: [.off(.revocationPending)],
            reason: "queued_tokens_revoked"),
        Row(
            .loggedIn, .revocationCompleted,
            when: [.on(field: .moreQueued), .on(.protectedDataAvailable)],
            commands: [.revoke],
            reason: "revoking_queued_token"),
        Row(
            .loggedIn, .revocationCompleted,
            when: [.on(field: .moreQueued), .off(.protectedDataAvailable)],
            commands: [.scheduleRevocation],
            reason: "revocation_waits_for_protected_data"),
        Row(
            .loggedIn, .revocationFailed,
            commands: [.scheduleRevocation],
            reason: "revocation_failed_retrying"),
        Row(
            .loggedIn, .revocationUnavailable,
            commands: [.scheduleRevocation],
            reason: "revocation_waits_for_protected_data"),
        Row(
            .credentialsUnavailable, .revocationDue,
            when: [.on(.revocationPending), .on(.protectedDataAvailable)],
            commands: [.revoke],
            reason: "revoking_queued_token"),
        Row(
            .credentialsUnavailable, .revocationDue,
            when: [.on(.revocationPending), .off(.protectedDataAvailable)],
            commands: [.scheduleRevocation],
            reason: "revocation_waits_for_protected_data"),
        Row(
            .credentialsUnavailable, .revocationCompleted,
            when: [.off(field: .moreQueued)],
            sets: [.off(.revocationPending)],
            reason: "queued_tokens_revoked"),
        Row(
            .credentialsUnavailable, .revocationCompleted,
            when: [.on(field: .moreQueued), .on(.protectedDataAvailable)],
            commands: [.revoke],
            reason: "revoking_queued_token"),
        Row(
            .credentialsUnavailable, .revocationCompleted,
            when: [.on(field: .moreQueued), .off(.protectedDataAvailable)],
            commands: [.scheduleRevocation],
            reason: "revocation_waits_for_protected_data"),
        Row(
            .credentialsUnavailable, .revocationFailed,
            commands: [.scheduleRevocation],
            reason: "revocation_failed_retrying"),
        Row(
            .credentialsUnavailable, .revocationUnavailable,
            commands: [.scheduleRevocation],
            reason: "revocation_waits_for_protected_data"),
        Row(
            .deferredAuth, .revocationDue,
            when: [.on(.revocationPending), .on(.protectedDataAvailable)],
            commands: [.revoke],
            reason: "revoking_queued_token"),
        Row(
            .deferredAuth, .revocationDue,
            when: [.on(.revocationPending), .off(.protectedDataAvailable)],
            commands: [.scheduleRevocation],
            reason: "revocation_waits_for_protected_data"),
        Row(
            .deferredAuth, .revocationCompleted,
            when: [.off(field: .moreQueued)],
            sets: [.off(.revocationPending)],
            reason: "queued_tokens_revoked"),
        Row(
            .deferredAuth, .revocationCompleted,
            when: [.on(field: .moreQueued), .on(.protectedDataAvailable)],
            commands: [.revoke],
            reason: "revoking_queued_token"),
        Row(
            .deferredAuth, .revocationCompleted,
            when: [.on(field: .moreQueued), .off(.protectedDataAvailable)],
            commands: [.scheduleRevocation],
            reason: "revocation_waits_for_protected_data"),
        Row(
            .deferredAuth, .revocationFailed,
            commands: [.scheduleRevocation],
            reason: "revocation_failed_retrying"),
        Row(
            .deferredAuth, .revocationUnavailable,
            commands: [.scheduleRevocation],
            reason: "revocation_waits_for_protected_data"),
        Row(
            .loggedOut, .revocationDue,
            when: [.on(.revocationPending), .on(.protectedDataAvailable)],
            commands: [.revoke],
            reason: "revoking_queued_token"),
        Row(
            .loggedOut, .revocationDue,
            when: [.on(.revocationPending), .off(.protectedDataAvailable)],
            commands: [.scheduleRevocation],
            reason: "revocation_waits_for_protected_data"),
        Row(
            .loggedOut, .revocationCompleted,
            when: [.off(field: .moreQueued)],
            sets: [.off(.revocationPending)],
            reason: "queued_tokens_revoked"),
        Row(
            .loggedOut, .revocationCompleted,
            when: [.on(field: .moreQueued), .on(.protectedDataAvailable)],
            commands: [.revoke],
            reason: "revoking_queued_token"),
        Row(
            .loggedOut, .revocationCompleted,
            when: [.on(field: .moreQueued), .off(.protectedDataAvailable)],
            commands: [.scheduleRevocation],
            reason: "revocation_waits_for_protected_data"),
        Row(
            .loggedOut, .revocationFailed,
            commands: [.scheduleRevocation],
            reason: "revocation_failed_retrying"),
        Row(
            .loggedOut, .revocationUnavailable,
            commands: [.scheduleRevocation],
            reason: "revocation_waits_for_protected_data"),
        Row(
            .starting, .revocationDue,
            when: [.on(.revocationPending), .on(.protectedDataAvailable)],
            commands: [.revoke],
            reason: "revoking_queued_token"),
        Row(
            .starting, .revocationDue,
            when: [.on(.revocationPending), .off(.protectedDataAvailable)],
            commands: [.scheduleRevocation],
            reason: "revocation_waits_for_protected_data"),
        Row(
            .starting, .revocationCompleted,
            when: [.off(field: .moreQueued)],
            sets: [.off(.revocationPending)],
            reason: "queued_tokens_revoked"),
        Row(
            .starting, .revocationCompleted,
            when: [.on(field: .moreQueued), .on(.protectedDataAvailable)],
            commands: [.revoke],
            reason: "revoking_queued_token"),
        Row(
            .starting, .revocationCompleted,
            when: [.on(field: .moreQueued), .off(.protectedDataAvailable)],
            commands: [.scheduleRevocation],
            reason: "revocation_waits_for_protected_data"),
        Row(
            .starting, .revocationFailed,
            commands: [.scheduleRevocation],
            reason: "revocation_failed_retrying"),
        Row(
            .starting, .revocationUnavailable,
            commands: [.scheduleRevocation],
            reason: "revocation_waits_for_protected_data"),
        Row(
            .checkingCredentials, .revocationDue,
            when: [.on(.revocationPending), .on(.protectedDataAvailable)],
            commands: [.revoke],
            reason: "revoking_queued_token"),
        Row(
            .checkingCredentials, .revocationDue,
            when: [.on(.revocationPending), .off(.protectedDataAvailable)],
            commands: [.scheduleRevocation],
            reason: "revocation_waits_for_protected_data"),
        Row(
            .checkingCredentials, .revocationCompleted,
            when: [.off(field: .moreQueued)],
            sets: [.off(.revocationPending)],
            reason: "queued_tokens_revoked"),
        Row(
            .checkingCredentials, .revocationCompleted,
            when: [.on(field: .moreQueued), .on(.protectedDataAvailable)],
            commands: [.revoke],
            reason: "revoking_queued_token"),
        Row(
            .checkingCredentials, .revocationCompleted,
            when: [.on(field: .moreQueued), .off(.protectedDataAvailable)],
            commands: [.scheduleRevocation],
            reason: "revocation_waits_for_protected_data"),
        Row(
            .checkingCredentials, .revocationFailed,
            commands: [.scheduleRevocation],
            reason: "revocation_failed_retrying"),
        Row(
            .checkingCredentials, .revocationUnavailable,
            commands: [.scheduleRevocation],
            reason: "revocation_waits_for_protected_data"),
        Row(
            .signingIn, .revocationDue,
            when: [.on(.revocationPending), .on(.protectedDataAvailable)],
            commands: [.revoke],
            reason: "revoking_queued_token"),
        Row(
            .signingIn, .revocationDue,
            when: [.on(.revocationPending), .off(.protectedDataAvailable)],
            commands: [.scheduleRevocation],
            reason: "revocation_waits_for_protected_data"),
        Row(
            .signingIn, .revocationCompleted,
            when: [.off(field: .moreQueued)],
            sets: [.off(.revocationPending)],
            reason: "queued_tokens_revoked"),
        Row(
            .signingIn, .revocationCompleted,
            when: [.on(field: .moreQueued), .on(.protectedDataAvailable)],
            commands: [.revoke],
            reason: "revoking_queued_token"),
        Row(
            .signingIn, .revocationCompleted,
            when: [.on(field: .moreQueued), .off(.protectedDataAvailable)],
            commands: [.scheduleRevocation],
            reason: "revocation_waits_for_protected_data"),
        Row(
            .signingIn, .revocationFailed,
            commands: [.scheduleRevocation],
            reason: "revocation_failed_retrying"),
        Row(
            .signingIn, .revocationUnavailable,
            commands: [.scheduleRevocation],
            reason: "revocation_waits_for_protected_data"),
        Row(
            .authenticating, .revocationDue,
            when: [.on(.revocationPending), .on(.protectedDataAvailable)],
            commands: [.revoke],
            reason: "revoking_queued_token"),
        Row(
            .authenticating, .revocationDue,
            when: [.on(.revocationPending), .off(.protectedDataAvailable)],
            commands: [.scheduleRevocation],
            reason: "revocation_waits_for_protected_data"),
        Row(
            .authenticating, .revocationCompleted,
            when: [.off(field: .moreQueued)],
            sets: [.off(.revocationPending)],
            reason: "queued_tokens_revoked"),
        Row(
            .authenticating, .revocationCompleted,
            when: [.on(field: .moreQueued), .on(.protectedDataAvailable)],
            commands: [.revoke],
            reason: "revoking_queued_token"),
        Row(
            .authenticating, .revocationCompleted,
            when: [.on(field: .moreQueued), .off(.protectedDataAvailable)],
            commands: [.scheduleRevocation],
            reason: "revocation_waits_for_protected_data"),
        Row(
            .authenticating, .revocationFailed,
            commands: [.scheduleRevocation],
            reason: "revocation_failed_retrying"),
        Row(
            .authenticating, .revocationUnavailable,
            commands: [.scheduleRevocation],
            reason: "revocation_waits_for_protected_data"),
        Row(
            .confirmingRejection, .revocationDue,
            when: [.on(.revocationPending), .on(.protectedDataAvailable)],
            commands: [.revoke],
            reason: "revoking_queued_token"),
        Row(
            .confirmingRejection, .revocationDue,
            when: [.on(.revocationPending), .off(.protectedDataAvailable)],
            commands: [.scheduleRevocation],
            reason: "revocation_waits_for_protected_data"),
        Row(
            .confirmingRejection, .revocationCompleted,
            when: [.off(field: .moreQueued)],
            sets: [.off(.revocationPending)],
            reason: "queued_tokens_revoked"),
        Row(
            .confirmingRejection, .revocationCompleted,
            when: [.on(field: .moreQueued), .on(.protectedDataAvailable)],
            commands: [.revoke],
            reason: "revoking_queued_token"),
        Row(
            .confirmingRejection, .revocationCompleted,
            when: [.on(field: .moreQueued), .off(.protectedDataAvailable)],
            commands: [.scheduleRevocation],
            reason: "revocation_waits_for_protected_data"),
        Row(
            .confirmingRejection, .revocationFailed,
            commands: [.scheduleRevocation],
            reason: "revocation_failed_retrying"),
        Row(
            .confirmingRejection, .revocationUnavailable,
            commands: [.scheduleRevocation],
            reason: "revocation_waits_for_protected_data"),
        Row(
            .loggingOut, .revocationDue,
            when: [.on(.revocationPending), .on(.protectedDataAvailable)],
            commands: [.revoke],
            reason: "revoking_queued_token"),
        Row(
            .loggingOut, .revocationDue,
            when: [.on(.revocationPending), .off(.protectedDataAvailable)],
            commands: [.scheduleRevocation],
            reason: "revocation_waits_for_protected_data"),
        Row(
            .loggingOut, .revocationCompleted,
            when: [.off(field: .moreQueued)],
            sets: [.off(.revocationPending)],
            reason: "queued_tokens_revoked"),
        Row(
            .loggingOut, .revocationCompleted,
            when: [.on(field: .moreQueued), .on(.protectedDataAvailable)],
            commands: [.revoke],
            reason: "revoking_queued_token"),
        Row(
            .loggingOut, .revocationCompleted,
            when: [.on(field: .moreQueued), .off(.protectedDataAvailable)],
            commands: [.scheduleRevocation],
            reason: "revocation_waits_for_protected_data"),
        Row(
            .loggingOut, .revocationFailed,
            commands: [.scheduleRevocation],
            reason: "revocation_failed_retrying"),
        Row(
            .loggingOut, .revocationUnavailable,
            commands: [.scheduleRevocation],
            reason: "revocation_waits_for_protected_data"),
        Row(
            .reauthClearing, .revocationDue,
            when: [.on(.revocationPending), .on(.protectedDataAvailable)],
            commands: [.revoke],
            reason: "revoking_queued_token"),
        Row(
            .reauthClearing, .revocationDue,
            when: [.on(.revocationPending), .off(.protectedDataAvailable)],
            commands: [.scheduleRevocation],
            reason: "revocation_waits_for_protected_data"),
        Row(
            .reauthClearing, .revocationCompleted,
            when: [.off(field: .moreQueued)],
            sets: [.off(.revocationPending)],
            reason: "queued_tokens_revoked"),
        Row(
            .reauthClearing, .revocationCompleted,
            when: [.on(field: .moreQueued), .on(.protectedDataAvailable)],
            commands: [.revoke],
            reason: "revoking_queued_token"),
        Row(
            .reauthClearing, .revocationCompleted,
            when: [.on(field: .moreQueued), .off(.protectedDataAvailable)],
            commands: [.scheduleRevocation],
            reason: "revocation_waits_for_protected_data"),
        Row(
            .reauthClearing, .revocationFailed,
            commands: [.scheduleRevocation],
            reason: "revocation_failed_retrying"),
        Row(
            .reauthClearing, .revocationUnavailable,
            commands: [.scheduleRevocation],
            reason: "revocation_waits_for_protected_data"),
        Row(
            .reauthRequired, .revocationDue,
            when: [.on(.revocationPending), .on(.protectedDataAvailable)],
            commands: [.revoke],
            reason: "revoking_queued_token"),
        Row(
            .reauthRequired, .revocationDue,
            when: [.on(.revocationPending), .off(.protectedDataAvailable)],
            commands: [.scheduleRevocation],
            reason: "revocation_waits_for_protected_data"),
        Row(
            .reauthRequired, .revocationCompleted,
            when: [.off(field: .moreQueued)],
            sets: [.off(.revocationPending)],
            reason: "queued_tokens_revoked"),
        Row(
            .reauthRequired, .revocationCompleted,
            when: [.on(field: .moreQueued), .on(.protectedDataAvailable)],
            commands: [.revoke],
            reason: "revoking_queued_token"),
        Row(
            .reauthRequired, .revocationCompleted,
            when: [.on(field: .moreQueued), .off(.protectedDataAvailable)],
            commands: [.scheduleRevocation],
            reason: "revocation_waits_for_protected_data"),
        Row(
            .reauthRequired, .revocationFailed,
            commands: [.scheduleRevocation],
            reason: "revocation_failed_retrying"),
        Row(
            .reauthRequired, .revocationUnavailable,
            commands: [.scheduleRevocation],
            reason: "revocation_waits_for_protected_data"),
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
        Row(
            .reauthClearing, .leaseAcquired,
            commands: [.releaseLease],
            sets: [.off(.leaseHeld)],
            reason: "lease_not_needed"),
        Row(
            .reauthRequired, .leaseAcquired,
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
        Row(.loggedIn, .revocationQueued, reason: "stale_outbox_result"),
        Row(.loggedIn, .revocationQueueUnavailable, reason: "stale_outbox_result"),
        Row(.loggedIn, .revocationQueueFailed, reason: "stale_outbox_result"),
        Row(.loggedIn, .revocationDue, reason: "no_revocation_pending"),
        Row(.loggedIn, .othersRevoked, reason: "other_sessions_revoked"),
        Row(.loggedIn, .othersRevocationFailed, reason: "other_sessions_not_revoked"),
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
        Row(
            .credentialsUnavailable, .logoutOthersRequested,
            reason: "others_logout_not_offered_in_this_state"),
        Row(.credentialsUnavailable, .revocationHint, reason: "revocation_hint_noted"),
        Row(.credentialsUnavailable, .revocationQueued, reason: "stale_outbox_result"),
        Row(.credentialsUnavailable, .revocationQueueUnavailable, reason: "stale_outbox_result"),
        Row(.credentialsUnavailable, .revocationQueueFailed, reason: "stale_outbox_result"),
        Row(.credentialsUnavailable, .revocationDue, reason: "no_revocation_pending"),
        Row(.credentialsUnavailable, .othersRevoked, reason: "other_sessions_revoked"),
        Row(.credentialsUnavailable, .othersRevocationFailed, reason: "other_sessions_not_revoked"),
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
        Row(
            .deferredAuth, .logoutOthersRequested,
            reason: "others_logout_not_offered_in_this_state"),
        Row(.deferredAuth, .revocationHint, reason: "revocation_hint_noted"),
        Row(.deferredAuth, .revocationQueued, reason: "stale_outbox_result"),
        Row(.deferredAuth, .revocationQueueUnavailable, reason: "stale_outbox_result"),
        Row(.deferredAuth, .revocationQueueFailed, reason: "stale_outbox_result"),
        Row(.deferredAuth, .revocationDue, reason: "no_revocation_pending"),
        Row(.deferredAuth, .othersRevoked, reason: "other_sessions_revoked"),
        Row(.deferredAuth, .othersRevocationFailed, reason: "other_sessions_not_revoked"),
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
        Row(.loggedOut, .logoutOthersRequested, reason: "others_logout_not_offered_in_this_state"),
        Row(.loggedOut, .revocationHint, reason: "revocation_hint_noted"),
        Row(.loggedOut, .revocationQueued, reason: "stale_outbox_result"),
        Row(.loggedOut, .revocationQueueUnavailable, reason: "stale_outbox_result"),
        Row(.loggedOut, .revocationQueueFailed, reason: "stale_outbox_result"),
        Row(.loggedOut, .revocationDue, reason: "no_revocation_pending"),
        Row(.loggedOut, .othersRevoked, reason: "other_sessions_revoked"),
        Row(.loggedOut, .othersRevocationFailed, reason: "other_sessions_not_revoked"),
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
        Row(.starting, .logoutOthersRequested, reason: "others_logout_not_offered_in_this_state"),
        Row(.starting, .revocationHint, reason: "revocation_hint_noted"),
        Row(.starting, .revocationQueued, reason: "stale_outbox_result"),
        Row(.starting, .revocationQueueUnavailable, reason: "stale_outbox_result"),
        Row(.starting, .revocationQueueFailed, reason: "stale_outbox_result"),
        Row(.starting, .revocationDue, reason: "no_revocation_pending"),
        Row(.starting, .othersRevoked, reason: "other_sessions_revoked"),
        Row(.starting, .othersRevocationFailed, reason: "other_sessions_not_revoked"),
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
        Row(
            .checkingCredentials, .logoutOthersRequested,
            reason: "others_logout_not_offered_in_this_state"),
        Row(.checkingCredentials, .revocationHint, reason: "revocation_hint_noted"),
        Row(.checkingCredentials, .revocationQueued, reason: "stale_outbox_result"),
        Row(.checkingCredentials, .revocationQueueUnavailable, reason: "stale_outbox_result"),
        Row(.checkingCredentials, .revocationQueueFailed, reason: "stale_outbox_result"),
        Row(.checkingCredentials, .revocationDue, reason: "no_revocation_pending"),
        Row(.checkingCredentials, .othersRevoked, reason: "other_sessions_revoked"),
        Row(.checkingCredentials, .othersRevocationFailed, reason: "other_sessions_not_revoked"),
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
        Row(.signingIn, .logoutOthersRequested, reason: "others_logout_not_offered_in_this_state"),
        Row(.signingIn, .revocationHint, reason: "revocation_hint_noted"),
        Row(.signingIn, .revocationQueued, reason: "stale_outbox_result"),
        Row(.signingIn, .revocationQueueUnavailable, reason: "stale_outbox_result"),
        Row(.signingIn, .revocationQueueFailed, reason: "stale_outbox_result"),
        Row(.signingIn, .revocationDue, reason: "no_revocation_pending"),
        Row(.signingIn, .othersRevoked, reason: "other_sessions_revoked"),
        Row(.signingIn, .othersRevocationFailed, reason: "other_sessions_not_revoked"),
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
        Row(
            .authenticating, .logoutOthersRequested,
            reason: "others_logout_not_offered_in_this_state"),
        Row(.authenticating, .revocationHint, reason: "revocation_hint_noted"),
        Row(.authenticating, .revocationQueued, reason: "stale_outbox_result"),
        Row(.authenticating, .revocationQueueUnavailable, reason: "stale_outbox_result"),
        Row(.authenticating, .revocationQueueFailed, reason: "stale_outbox_result"),
        Row(.authenticating, .revocationDue, reason: "no_revocation_pending"),
        Row(.authenticating, .othersRevoked, reason: "other_sessions_revoked"),
        Row(.authenticating, .othersRevocationFailed, reason: "other_sessions_not_revoked"),
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
        Row(
            .confirmingRejection, .logoutOthersRequested,
            reason: "others_logout_not_offered_in_this_state"),
        Row(.confirmingRejection, .revocationHint, reason: "revocation_hint_noted"),
        Row(.confirmingRejection, .revocationQueued, reason: "stale_outbox_result"),
        Row(.confirmingRejection, .revocationQueueUnavailable, reason: "stale_outbox_result"),
        Row(.confirmingRejection, .revocationQueueFailed, reason: "stale_outbox_result"),
        Row(.confirmingRejection, .revocationDue, reason: "no_revocation_pending"),
        Row(.confirmingRejection, .othersRevoked, reason: "other_sessions_revoked"),
        Row(.confirmingRejection, .othersRevocationFailed, reason: "other_sessions_not_revoked"),
        Row(.loggingOut, .appLaunched, reason: "already_launched"),
        Row(.loggingOut, .appForegrounded, reason: "nothing_to_resolve"),
        Row(.loggingOut, .protectedDataWillBecomeUnavailable, reason: "availability_noted"),
        Row(.loggingOut, .logoutRequested, reason: "no_session_to_end"),
        Row(.loggingOut, .tokenExpired, reason: "token_expiry_noted"),
        Row(.loggingOut, .retryDue, reason: "no_retry_pending"),
        Row(.loggingOut, .storeCompleted, reason: "stale_store_result"),
        Row(.loggingOut, .storeUnavailable, reason: "stale_store_result"),
        Row(.loggingOut, .storeFailed, reason: "stale_store_result"),
        Row(.loggingOut, .authAccepted, reason: "stale_auth_result"),
        Row(.loggingOut, .authRejected, reason: "stale_auth_result"),
        Row(.loggingOut, .authTransient, reason: "stale_auth_result"),
        Row(.loggingOut, .leaseBusy, reason: "stale_lease_result"),
        Row(.loggingOut, .sharedStoreChanged, reason: "store_change_noted"),
        Row(.loggingOut, .logoutOthersRequested, reason: "others_logout_not_offered_in_this_state"),
        Row(.loggingOut, .revocationHint, reason: "revocation_hint_noted"),
        Row(.loggingOut, .revocationDue, reason: "no_revocation_pending"),
        Row(.loggingOut, .othersRevoked, reason: "other_sessions_revoked"),
        Row(.loggingOut, .othersRevocationFailed, reason: "other_sessions_not_revoked"),
        Row(.reauthClearing, .appLaunched, reason: "already_launched"),
        Row(.reauthClearing, .appForegrounded, reason: "nothing_to_resolve"),
        Row(.reauthClearing, .protectedDataWillBecomeUnavailable, reason: "availability_noted"),
        Row(.reauthClearing, .loginRequested, reason: "sign_in_not_offered_in_this_state"),
        Row(.reauthClearing, .tokenExpired, reason: "token_expiry_noted"),
        Row(.reauthClearing, .retryDue, reason: "no_retry_pending"),
        Row(.reauthClearing, .keychainFound, reason: "stale_keychain_result"),
        Row(.reauthClearing, .keychainNotFound, reason: "stale_keychain_result"),
        Row(.reauthClearing, .keychainUnavailable, reason: "stale_keychain_result"),
        Row(.reauthClearing, .keychainFailed, reason: "stale_keychain_result"),
        Row(.reauthClearing, .keychainSecretLost, reason: "stale_keychain_result"),
        Row(.reauthClearing, .storeCompleted, reason: "stale_store_result"),
        Row(.reauthClearing, .storeUnavailable, reason: "stale_store_result"),
        Row(.reauthClearing, .storeFailed, reason: "stale_store_result"),
        Row(.reauthClearing, .authAccepted, reason: "stale_auth_result"),
        Row(.reauthClearing, .authRejected, reason: "stale_auth_result"),
        Row(.reauthClearing, .authTransient, reason: "stale_auth_result"),
        Row(.reauthClearing, .leaseBusy, reason: "stale_lease_result"),
        Row(.reauthClearing, .sharedStoreChanged, reason: "store_change_noted"),
        Row(
            .reauthClearing, .logoutOthersRequested,
            reason: "others_logout_not_offered_in_this_state"),
        Row(.reauthClearing, .revocationHint, reason: "revocation_hint_noted"),
        Row(.reauthClearing, .revocationQueued, reason: "stale_outbox_result"),
        Row(.reauthClearing, .revocationQueueUnavailable, reason: "stale_outbox_result"),
        Row(.reauthClearing, .revocationQueueFailed, reason: "stale_outbox_result"),
        Row(.reauthClearing, .revocationDue, reason: "no_revocation_pending"),
        Row(.reauthClearing, .othersRevoked, reason: "other_sessions_revoked"),
        Row(.reauthClearing, .othersRevocationFailed, reason: "other_sessions_not_revoked"),
        Row(.reauthRequired, .appLaunched, reason: "already_launched"),
        Row(.reauthRequired, .appForegrounded, reason: "nothing_to_resolve"),
        Row(
            .reauthRequired, .protectedDataBecameAvailable,
            reason: "nothing_waits_for_protected_data"),
        Row(.reauthRequired, .protectedDataWillBecomeUnavailable, reason: "availability_noted"),
        Row(.reauthRequired, .tokenExpired, reason: "token_expiry_noted"),
        Row(.reauthRequired, .retryDue, reason: "no_retry_pending"),
        Row(.reauthRequired, .keychainFound, reason: "stale_keychain_result"),
        Row(.reauthRequired, .keychainNotFound, reason: "stale_keychain_result"),
        Row(.reauthRequired, .keychainUnavailable, reason: "stale_keychain_result"),
        Row(.reauthRequired, .keychainFailed, reason: "stale_keychain_result"),
        Row(.reauthRequired, .keychainSecretLost, reason: "stale_keychain_result"),
        Row(.reauthRequired, .storeCompleted, reason: "stale_store_result"),
        Row(.reauthRequired, .storeUnavailable, reason: "stale_store_result"),
        Row(.reauthRequired, .storeFailed, reason: "stale_store_result"),
        Row(.reauthRequired, .deleteCompleted, reason: "stale_delete_result"),
        Row(.reauthRequired, .deleteUnavailable, reason: "stale_delete_result"),
        Row(.reauthRequired, .deleteFailed, reason: "stale_delete_result"),
        Row(.reauthRequired, .authAccepted, reason: "stale_auth_result"),
        Row(.reauthRequired, .authRejected, reason: "stale_auth_result"),
        Row(.reauthRequired, .authTransient, reason: "stale_auth_result"),
        Row(.reauthRequired, .leaseBusy, reason: "stale_lease_result"),
        Row(.reauthRequired, .sharedStoreChanged, reason: "store_change_noted"),
        Row(
            .reauthRequired, .logoutOthersRequested,
            reason: "others_logout_not_offered_in_this_state"),
        Row(.reauthRequired, .revocationHint, reason: "revocation_hint_noted"),
        Row(.reauthRequired, .revocationQueued, reason: "stale_outbox_result"),
        Row(.reauthRequired, .revocationQueueUnavailable, reason: "stale_outbox_result"),
        Row(.reauthRequired, .revocationQueueFailed, reason: "stale_outbox_result"),
        Row(.reauthRequired, .revocationDue, reason: "no_revocation_pending"),
        Row(.reauthRequired, .othersRevoked, reason: "other_sessions_revoked"),
        Row(.reauthRequired, .othersRevocationFailed, reason: "other_sessions_not_revoked"),
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
    public static let revocationTimer: String = "revocation"
    public static let outboxMaxEntries: Int = 100
}
