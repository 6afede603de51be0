// The host: what each command of the table means in adapter calls, as the Python host
// (`authsession/runtime/host.py`) states it, call for call and in the same order. Owns the
// sampling of the protected-data signal (before *and* after a read; for a NotFound, for every
// class the item may be stored under; after a granted lease), the two timers on monotonic time
// (retry backoff, token expiry), the secret holder, and the guards that make every adapter
// failure that call's failure event: a keychain or authenticator that throws is
// `failed`/`transient`, a lease that throws on acquire is `lease_busy` (on release, ignored), a
// signal that throws says "unavailable", a clock that throws or answers a non-finite reading
// keeps its last reading and vouches for no token, a work handler or notify callback that throws
// is counted and the rest goes on. It decides nothing the table decides.
// Must not depend on the session's loop or any adapter implementation.
package authsession.host

import authsession.core.Command
import authsession.core.FailWorkReason
import authsession.core.MachineEvent
import authsession.core.NotifyUserMessage

/** The app's work handler: runs one owed label with the session token. */
typealias WorkHandler = (label: String, token: Secret) -> Unit

/** Tells the user something they must act on. */
typealias NotifyHandler = (message: NotifyUserMessage) -> Unit

/** Told of each unit of owed work handed back (`fail_work`): the label and why. */
typealias WorkFailedHandler = (label: String, reason: FailWorkReason) -> Unit

/** A list that keeps only its newest `limit` entries (an app keeps one session for weeks). */
class BoundedLog<T>(val limit: Int) {
    private val items = ArrayList<T>()
    val contents: List<T> get() = ArrayList(items)

    internal fun append(item: T) {
        items.add(item)
        while (items.size > limit) items.removeAt(0)
    }
}

/** An armed timer: its name and monotonic deadline. */
data class Timer(val name: String, val deadline: Double)

internal class Host(
    val keychain: Keychain,
    val clock: SessionClock,
    val authenticator: Authenticator,
    val signal: ProtectedDataSignal,
    val config: SessionConfig,
    val workHandler: WorkHandler?,
    val onNotify: NotifyHandler?,
    val pendingWork: MutableList<String>,
    var account: String?,
    val lease: RefreshLease = SoloLease(),
    val outbox: RevocationOutbox = MemoryOutbox(),
    val revoker: Revoker = NoRevocationEndpoint(),
    val onWorkFailed: WorkFailedHandler? = null,
    /** The scope of the sign-out whose wipe is in progress (`local` or `global`). */
    var logoutScope: String = "local"
) {
    var revocationAttempt = 0
    val secrets = CredentialHolder()
    val backoff = Backoff(config.retryBase, config.retryCap, config.retryJitter, config.seed)
    var attempt = 0

    /** The server's `Retry-After` on the last transient answer. */
    var retryAfter: Double? = null

    /** Armed timers and their monotonic deadlines, in the order they were first armed. */
    val timers = ArrayList<Timer>()
    val completedWork = BoundedLog<String>(config.historyLimit)
    val failedWork = BoundedLog<String>(config.historyLimit)
    val notifications = BoundedLog<NotifyUserMessage>(config.historyLimit)
    private var lastNow = 0.0

    /** The last reading was a finite number (a clock that throws or answers NaN or infinity
     *  vouches for no token). */
    private var clockReadable = true
    private val itemClasses = (listOf(config.protection) + config.earlierProtections).distinct()

    // Facts the host samples -------------------------------------------------------------------

    /** The signal for the configured class; one that throws says "unavailable" (the cautious
     *  answer: nothing is read, nothing is concluded). */
    fun available(): Boolean = guarded(false) { signal.available() }

    /** The signal for every class the item may be stored under (configured and earlier). */
    fun itemAvailable(): Boolean {
        if (itemClasses.size == 1) return available()
        return guarded(false) { itemClasses.all { signal.availableFor(it) } }
    }

    /** Monotonic time; a clock that throws, or answers a non-finite reading (NaN compares false
     *  with every deadline), keeps its last reading (timers fire late, never early, and nothing
     *  is decided on a made-up time). */
    fun now(): Double {
        val reading = guarded(Double.NaN) { clock.monotonic() }
        clockReadable = !reading.isNaN() && !reading.isInfinite()
        if (clockReadable) lastNow = reading
        return lastNow
    }

    fun deadline(name: String): Double? = timers.firstOrNull { it.name == name }?.deadline

    fun arm(name: String, deadline: Double) {
        val index = timers.indexOfFirst { it.name == name }
        if (index >= 0) timers[index] = Timer(name, deadline) else timers.add(Timer(name, deadline))
    }

    fun disarm(name: String) {
        timers.removeAll { it.name == name }
    }

    /** Names of the timers whose deadline has passed, earliest first (ties in arming order). */
    fun dueTimers(): List<String> {
        val now = now()
        return timers.filter { it.deadline <= now }.sortedBy { it.deadline }.map { it.name }
    }

    /** The event a due timer answers with, or null if it is no longer armed or due. */
    fun fire(name: String): MachineEvent? {
        val deadline = deadline(name) ?: return null
        if (deadline > now()) return null
        disarm(name)
        return when (name) {
            RETRY -> MachineEvent.RetryDue(available())
            REVOCATION -> MachineEvent.RevocationDue(available())
            else -> MachineEvent.TokenExpired
        }
    }

    /** The user is here (a foreground) or protected data just became available: a revocation
     *  waiting for its backoff is tried now. The backoff curve is the host's, not the table's. */
    fun revocationDueNow() {
        val armed = deadline(REVOCATION) ?: return
        arm(REVOCATION, Math.min(armed, now()))
        revocationAttempt = 0
    }

    fun accessToken(): Secret? {
        val token = secrets.token ?: return null
        val deadline = deadline(TOKEN_EXPIRY) ?: return null
        // A clock that cannot be read now cannot vouch that the token is still valid.
        return if (now() < deadline && clockReadable) token else null
    }

    /** A retry armed for the state just left answers a question nobody asks any more. */
    fun stateChanged() {
        attempt = 0
        disarm(RETRY)
    }

    /** The table signed the user out: drop every secret (but, while the wipe runs, what must
     *  still reach the revocation outbox), the token's timer, owed work (unless a `fail_work` of
     *  this step hands it back) and the account. */
    fun userGone(wiping: Boolean, keepWork: Boolean) {
        secrets.forget(wiping)
        disarm(TOKEN_EXPIRY)
        if (!keepWork) pendingWork.clear()
        account = null
    }

    /** The server ended the session: drop every secret and the token's timer; the account and
     *  the work owed for it stay. */
    fun sessionEnded() {
        secrets.forget()
        disarm(TOKEN_EXPIRY)
    }

    // Commands ---------------------------------------------------------------------------------

    /** Run `command`; return the event that answers it, if any. */
    fun execute(command: Command): MachineEvent? = when (command) {
        is Command.ReadCredentials -> read()
        is Command.Authenticate -> authenticate(secrets.forAuthentication())
        is Command.SignIn -> authenticate(secrets.typed)
        is Command.StoreCredentials -> store()
        is Command.DeleteCredentials -> delete()
        is Command.PerformWork -> {
            performWork()
            null
        }
        is Command.ScheduleRetry -> {
            var delay = backoff.delay(attempt)
            val floor = retryAfter
            if (floor != null) {
                delay = Math.max(delay, floor)
                retryAfter = null
            }
            attempt += 1
            arm(RETRY, now() + delay)
            null
        }
        is Command.NotifyUser -> {
            notifications.append(command.message)
            val notify = onNotify
            if (notify != null) guarded(Unit) { notify(command.message) }
            null
        }
        // The labels are already queued in memory and, with a store, in the snapshot the
        // session saves right after the step (invariant 3 across a kill).
        is Command.DeferWork -> null
        is Command.AcquireLease -> acquire()
        // No answer: a release that throws loses nothing (the lease expires, or the app's next
        // process takes it over).
        is Command.ReleaseLease -> {
            guarded(Unit) { lease.release() }
            null
        }
        is Command.QueueRevocation -> queueRevocation()
        is Command.Revoke -> revoke()
        is Command.ScheduleRevocation -> {
            val delay = backoff.delay(revocationAttempt)
            revocationAttempt += 1
            arm(REVOCATION, now() + delay)
            null
        }
        is Command.RevokeOthers -> revokeOthers()
        is Command.FailWork -> {
            failWork(command.reason)
            null
        }
    }

    private fun failWork(reason: FailWorkReason) {
        while (pendingWork.size > 0) {
            val label = pendingWork.removeAt(0)
            failedWork.append(label)
            val told = onWorkFailed
            if (told != null) guarded(Unit) { told(label, reason) }
        }
    }

    // Revocation --------------------------------------------------------------------------------

    private sealed class Outcome {
        class Read(val result: OutboxRead) : Outcome()
        class Store(val result: StoreResult) : Outcome()
        class Revoke(val result: RevokeResult) : Outcome()
        class Rest(val items: List<RevocationEntry>) : Outcome()
    }

    /** Into the outbox: what a read just found and what the sign-out took out of the hand, each
     *  once, under the configured class. */
    private fun queueRevocation(): MachineEvent {
        val found = secrets.toRevoke()
        if (found.isEmpty()) return MachineEvent.RevocationQueued
        val fresh = found.map { RevocationEntry(it.account, it.secret, logoutScope) }
        val outcome = guarded(Outcome.Store(StoreResult.Failed("adapter raised")) as Outcome) {
            when (val held = outbox.read()) {
                is OutboxRead.Pending -> {
                    val queued = held.items.map { it.token.reveal() }.toSet()
                    var merged = held.items + fresh.filter { it.token.reveal() !in queued }
                    if (merged.size > MAX_OUTBOX_ENTRIES) merged = merged.drop(merged.size - MAX_OUTBOX_ENTRIES)
                    if (merged == held.items) Outcome.Store(StoreResult.Stored)
                    else Outcome.Store(outbox.write(merged, config.protection))
                }
                else -> Outcome.Read(held)
            }
        }
        return when {
            outcome is Outcome.Store && outcome.result is StoreResult.Stored -> {
                secrets.queued()
                MachineEvent.RevocationQueued
            }
            (outcome is Outcome.Read && outcome.result is OutboxRead.Unavailable) ||
                (outcome is Outcome.Store && outcome.result is StoreResult.Unavailable) ->
                MachineEvent.RevocationQueueUnavailable(available())
            else -> MachineEvent.RevocationQueueFailed
        }
    }

    /** The outbox's first token to the revocation endpoint — nowhere else — then out of the
     *  outbox once the endpoint answered for good. */
    private fun revoke(): MachineEvent {
        val outcome = guarded(Outcome.Store(StoreResult.Failed("adapter raised")) as Outcome) {
            when (val held = outbox.read()) {
                is OutboxRead.Pending -> {
                    val first = held.items.firstOrNull()
                    if (first == null) {
                        Outcome.Rest(emptyList())
                    } else {
                        val rest = held.items.drop(1)
                        val verdict = revoker.revoke(RevocationRequest(first.account, first.token, first.scope))
                        if (verdict is RevokeResult.Transient) {
                            Outcome.Revoke(verdict)
                        } else {
                            val written = outbox.write(rest, config.protection)
                            if (written is StoreResult.Stored) Outcome.Rest(rest) else Outcome.Store(written)
                        }
                    }
                }
                else -> Outcome.Read(held)
            }
        }
        return when {
            outcome is Outcome.Rest -> {
                revocationAttempt = 0
                MachineEvent.RevocationCompleted(available(), outcome.items.isNotEmpty())
            }
            (outcome is Outcome.Read && outcome.result is OutboxRead.Unavailable) ||
                (outcome is Outcome.Store && outcome.result is StoreResult.Unavailable) ->
                MachineEvent.RevocationUnavailable
            else -> MachineEvent.RevocationFailed
        }
    }

    private fun revokeOthers(): MachineEvent {
        val token = secrets.token ?: return MachineEvent.OthersRevocationFailed
        val id = account ?: return MachineEvent.OthersRevocationFailed
        val request = RevocationRequest(id, token, "others", "access_token")
        val result = guarded(RevokeResult.Transient("adapter raised") as RevokeResult) { revoker.revoke(request) }
        return if (result is RevokeResult.Revoked) MachineEvent.OthersRevoked else MachineEvent.OthersRevocationFailed
    }

    /** A lease storage that throws is "busy": wait and try again, never refresh blind. The
     *  signal is sampled after the lease is granted (the Python host's order). */
    private fun acquire(): MachineEvent {
        val held = guarded(false) { lease.acquire() }
        return if (held) MachineEvent.LeaseAcquired(available()) else MachineEvent.LeaseBusy
    }

    private fun read(): MachineEvent {
        val before = available()
        val itemBefore = itemAvailable()
        val result = guarded(ReadResult.Failed("adapter raised") as ReadResult) { keychain.read() }
        val available = before && available()
        return when (result) {
            is ReadResult.Found -> {
                account = result.credentials.account
                val elsewhere = secrets.found(result.credentials)
                MachineEvent.KeychainFound(available, elsewhere)
            }
            // Authoritative only if every class the item may be under was readable before and
            // after the read (an earlier version may have used a stricter one).
            is ReadResult.NotFound -> MachineEvent.KeychainNotFound(itemBefore && itemAvailable())
            is ReadResult.Unavailable -> MachineEvent.KeychainUnavailable(available)
            is ReadResult.SecretLost -> MachineEvent.KeychainSecretLost(available, result.cause)
            is ReadResult.Failed -> MachineEvent.KeychainFailed(available)
        }
    }

    private fun authenticate(credentials: Credentials?): MachineEvent {
        // The table authenticates only right after a read found credentials or while some are in
        // hand; with neither, no request can be sent (F4), which says nothing about the user.
        if (credentials == null) return MachineEvent.AuthTransient
        secrets.sending(credentials)
        val result = guarded(AuthResult.Transient("adapter raised") as AuthResult) {
            authenticator.authenticate(credentials)
        }
        return when (result) {
            is AuthResult.Accepted -> {
                account = credentials.account
                val rotated = secrets.accepted(credentials, result.token, result.refreshToken)
                // A token that lives no longer than the leeway would never count as valid.
                val leeway = Math.min(
                    config.tokenLeeway,
                    result.expiresIn * authsession.core.HostRules.TOKEN_LEEWAY_MAX_FRACTION
                )
                arm(TOKEN_EXPIRY, now() + result.expiresIn - leeway)
                MachineEvent.AuthAccepted(rotated)
            }
            is AuthResult.Rejected -> {
                secrets.refused(credentials)
                MachineEvent.AuthRejected(available())
            }
            is AuthResult.Transient -> {
                secrets.refused(credentials)
                retryAfter = result.retryAfter
                MachineEvent.AuthTransient
            }
        }
    }

    private fun store(): MachineEvent {
        val credentials = secrets.inHand ?: return MachineEvent.StoreCompleted
        val result = guarded(StoreResult.Failed("adapter raised") as StoreResult) {
            keychain.store(credentials, config.protection)
        }
        return when (result) {
            is StoreResult.Stored -> {
                secrets.stored(credentials)
                MachineEvent.StoreCompleted
            }
            is StoreResult.Unavailable -> MachineEvent.StoreUnavailable(available())
            is StoreResult.Failed -> MachineEvent.StoreFailed
        }
    }

    private fun delete(): MachineEvent {
        val result = guarded(DeleteResult.Failed("adapter raised") as DeleteResult) { keychain.delete() }
        return when (result) {
            is DeleteResult.Deleted -> MachineEvent.DeleteCompleted
            is DeleteResult.Unavailable -> MachineEvent.DeleteUnavailable(available())
            is DeleteResult.Failed -> MachineEvent.DeleteFailed
        }
    }

    private fun performWork() {
        val token = secrets.token
        while (pendingWork.size > 0) {
            val label = pendingWork.removeAt(0)
            val handler = workHandler
            // The app's own work failed; the session did its part. Later labels run.
            val done = if (handler != null && token != null) {
                guarded(false) {
                    handler(label, token)
                    true
                }
            } else {
                true
            }
            if (done) completedWork.append(label) else failedWork.append(label)
        }
    }

    companion object {
        const val RETRY = authsession.core.HostRules.RETRY_TIMER
        const val TOKEN_EXPIRY = authsession.core.HostRules.TOKEN_TIMER

        /** The revocation outbox's own timer: a change of state does not cancel it. */
        const val REVOCATION = authsession.core.HostRules.REVOCATION_TIMER
    }
}
