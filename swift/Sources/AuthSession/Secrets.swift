// The one holder of a session's secrets, as the Python host's `CredentialHolder`: credentials
// just read (for the `authenticate` that follows), typed at sign-in, in hand and not stored yet
// (the table's `store_pending`), the session token — and the SHA-256 digests (never the values)
// of the secret last sent and of those rotated away, which is how a read learns that another
// process stored a token (`keychain_found.rotated_elsewhere`). Nothing else in the host keeps a
// secret; `forget()` drops them all when the table signs the user out.
// Must not depend on the host, the session or any adapter implementation.

final class CredentialHolder: CustomStringConvertible {
    private var read: Credentials?
    private(set) var typed: Credentials?
    /// Credentials not stored yet: what `store_credentials` writes.
    private(set) var inHand: Credentials?
    private(set) var token: Secret?
    private var sent: [UInt8]?
    private var retired: Set<[UInt8]> = []
    /// Credentials a sign-out took out of the hand, kept only until they are in the revocation
    /// outbox (never sent anywhere but there).
    private var revocable: Credentials?

    private static func digest(_ secret: Secret) -> [UInt8] {
        SHA256.digest(Array(secret.reveal().utf8))
    }

    /// What `authenticate` sends: the credentials just read (then forgotten: a stored secret
    /// lives in memory for one request), else those in hand.
    func forAuthentication() -> Credentials? {
        let justRead = read
        read = nil
        return justRead ?? inHand
    }

    /// The user's typed credentials, kept only if the table chose to sign in with them.
    func typedIn(_ credentials: Credentials?) { typed = credentials }

    /// Keep what a read found; return whether another process stored it (it is neither the
    /// secret last sent nor one this process saw rotated away).
    func found(_ credentials: Credentials) -> Bool {
        read = credentials
        let digest = CredentialHolder.digest(credentials.secret)
        guard let sent else { return false }
        return digest != sent && !retired.contains(digest)
    }

    func sending(_ credentials: Credentials) { sent = CredentialHolder.digest(credentials.secret) }

    /// The server accepted `sent`; return whether it rotated the refresh token. A rotated token is
    /// in hand until stored, and the one it replaces is retired.
    func accepted(_ sent: Credentials, token: Secret, refresh: Secret?) -> Bool {
        self.token = token
        if sent === typed {
            typed = nil
            inHand = sent  // a sign-in's credentials are in hand until stored
        }
        guard let refresh else { return false }
        let old = CredentialHolder.digest(sent.secret)
        if CredentialHolder.digest(refresh) == old { return false }
        retired.insert(old)
        inHand = Credentials(account: sent.account, secret: refresh)
        return true
    }

    func refused(_ sent: Credentials) {
        if sent === typed { typed = nil }
    }

    /// `credentials` reached the keychain: no longer only in hand (unless replaced since).
    func stored(_ credentials: Credentials) {
        if inHand === credentials { inHand = nil }
    }

    /// What a sign-out's `queue_revocation` moves into the outbox: the credentials a read just
    /// found, and those the sign-out took out of the hand (each once).
    func toRevoke() -> [Credentials] {
        let found = [read, revocable].compactMap { $0 }
        if found.count == 2,
            CredentialHolder.digest(found[0].secret) == CredentialHolder.digest(found[1].secret)
        {
            return [found[0]]
        }
        return found
    }

    /// What `toRevoke` returned is in the outbox: this process no longer holds it.
    func queued() {
        read = nil
        revocable = nil
    }

    /// The user is gone: drop every secret and every digest — but, while a sign-out's wipe runs
    /// (`wiping`), the credentials that still have to reach the revocation outbox.
    func forget(wiping: Bool = false) {
        if wiping {
            if let inHand { revocable = inHand }
        } else {
            read = nil
            revocable = nil
        }
        typed = nil
        inHand = nil
        token = nil
        sent = nil
        retired = []
    }

    /// Which slots are filled (never what is in them): read, typed, in hand, token, a secret
    /// sent, secrets retired, credentials owed a revocation.
    var fingerprint: [Bool] {
        [
            read != nil, typed != nil, inHand != nil, token != nil, sent != nil, !retired.isEmpty,
            revocable != nil,
        ]
    }

    var description: String {
        let filled =
            [("read", read), ("typed", typed), ("in_hand", inHand)]
            .filter { $0.1 != nil }.map(\.0) + (token != nil ? ["token"] : [])
            + (revocable != nil ? ["revocable"] : [])
        return "CredentialHolder(holding: \(filled))"
    }
}
