// `AuthSession`: the generated core bound to adapters — a host that executes, never decides.
// Owns the public API (what the app tells it: launch, login, logout, request work, foreground,
// the two protected-data notifications, a change of the store shared with the app's other
// processes, poll; what the app reads: state, user presence, access token), the event queue
// (FIFO: a call made from inside a step — a work handler calling back — is queued behind it,
// never re-entered), the loop that runs an operation to its end exactly as
// the Python session's `Run` does (a step's commands, then their answers, then anything queued;
// the snapshot saved after each step and once at the end if something durable changed), and the
// step observer. Which commands run is the table's alone (`authsession.core`).
//
// One thread: a session is not thread-safe; call it from one thread or a serial executor (the
// main thread on Android, where every lifecycle callback arrives).
// Must not depend on any adapter implementation.
package authsession.host

import authsession.core.Command
import authsession.core.Context
import authsession.core.Flag
import authsession.core.JsonValue
import authsession.core.MachineEvent
import authsession.core.NotifyUserMessage
import authsession.core.SessionCore
import authsession.core.Spec
import authsession.core.State
import authsession.core.Step
import authsession.core.UserPresence

/** One step as the app may report it: no secrets. `inHand`: the session held credentials it had
 *  not stored yet when the event arrived (invariant 9). */
class StepRecord(val event: MachineEvent, val step: Step, val inHand: Boolean)

/** Who the user is now, as an app shows it (no secrets): the state, whether a user is present
 *  (`UNKNOWN`: not known yet — never a guess), the reason of the step that made it so (null
 *  before the first step), the account, and the screen the state calls for. */
data class SessionView(val state: State, val reason: String?, val account: String?) {
    val userPresent: UserPresence get() = SessionCore.userPresence(state)

    /** `signed_in`, `sign_in`, `sign_in_again` or `unlock_to_continue`. */
    val screen: String get() = screenOf(state)

    companion object {
        /** The screen of a state (`spec.json`'s `screen`). */
        fun screenOf(state: State): String = when (SessionCore.userPresence(state)) {
            UserPresence.YES -> "signed_in"
            UserPresence.UNKNOWN -> "unlock_to_continue"
            UserPresence.NO ->
                if (state == State.REAUTH_CLEARING || state == State.REAUTH_REQUIRED) "sign_in_again" else "sign_in"
        }
    }
}

class AuthSession(
    keychain: Keychain,
    clock: SessionClock,
    authenticator: Authenticator,
    protectedData: ProtectedDataSignal,
    config: SessionConfig = SessionConfig(),
    workHandler: WorkHandler? = null,
    onNotify: NotifyHandler? = null,
    private val store: SnapshotStore? = null,
    /** The refresh lease the app's processes share (`FileLease` on a device with a second
     *  process; default `SoloLease`, an app of one process). */
    lease: RefreshLease = SoloLease(),
    /** Where refresh tokens owed a revocation wait (`KeychainOutbox` over a second item; default
     *  `MemoryOutbox`, not durable). */
    outbox: RevocationOutbox = MemoryOutbox(),
    /** The revocation endpoint (default `NoRevocationEndpoint`: every request refused). */
    revoker: Revoker = NoRevocationEndpoint(),
    /** Told of owed work handed back (another account signed in while it waited). */
    onWorkFailed: WorkFailedHandler? = null
) {
    private val core: SessionCore
    private val host: Host
    private var sequence: Int
    private var saved: List<Any?>? = null
    private val queue = ArrayList<() -> Pending>()
    private var active = false

    /** Steps taken since this object was created. */
    var stepCount = 0
        private set

    /** Told of every step, as it is taken. */
    var onStep: ((StepRecord) -> Unit)? = null

    /** Why a stored snapshot was not used (the session started fresh), else null. */
    var snapshotProblem: String? = null
        private set

    /** Who the user is now (what `subscribe` tells). */
    var view: SessionView
        private set
    private val subscribers = ArrayList<Pair<Int, (SessionView) -> Unit>>()
    private var nextSubscriber = 0

    private class Pending(val event: MachineEvent?, val typed: Credentials?, val own: Boolean)

    init {
        val problem = config.problem
        if (problem != null) throw ConfigurationError(problem)
        var snapshot: SessionSnapshot? = null
        if (store != null) {
            try {
                val data = store.load()
                if (data != null) snapshot = SessionSnapshot.parse(data)
            } catch (problem: SnapshotProblem) {
                snapshotProblem = problem.message
            } catch (error: Exception) {
                snapshotProblem = "(file): cannot read: ${error.javaClass.simpleName}"
            }
        }
        sequence = snapshot?.sequence ?: 0
        val work = ArrayList(snapshot?.restoredWork ?: emptyList())
        val revoking = snapshot?.context?.get(Flag.REVOCATION_PENDING) ?: false
        val state = snapshot?.restoredState ?: Spec.INITIAL_STATE
        core = SessionCore(state, Context.of(mapOf(Flag.WORK_PENDING to work.isNotEmpty(), Flag.REVOCATION_PENDING to revoking)))
        host = Host(
            keychain, clock, authenticator, protectedData, config, workHandler, onNotify, work, snapshot?.account, lease,
            outbox, revoker, onWorkFailed, snapshot?.logoutScope ?: "local"
        )
        // A revocation owed before the kill is owed now: due at once (no clock is read here).
        if (revoking) host.arm(Host.REVOCATION, 0.0)
        view = SessionView(state, null, snapshot?.account)
    }

    /** Call `callback` now with the current view — which may say "not known yet", never a guess —
     *  and then once on every change of the state or the account, with the reason of the step
     *  that made it. Returns the function that unsubscribes. */
    fun subscribe(callback: (SessionView) -> Unit): () -> Unit {
        val id = nextSubscriber
        nextSubscriber += 1
        subscribers.add(Pair(id, callback))
        callback(view)
        return { subscribers.removeAll { it.first == id } }
    }

    // What the app reads ----------------------------------------------------------------------

    val state: State get() = core.state

    /** `YES`, `NO` or `UNKNOWN` — never `NO` while the credentials can't be read. */
    val userPresent: UserPresence get() = core.userPresent
    val context: Context get() = core.context
    val pendingWork: List<String> get() = ArrayList(host.pendingWork)
    val completedWork: List<String> get() = host.completedWork.contents
    val failedWork: List<String> get() = host.failedWork.contents
    val notifications: List<NotifyUserMessage> get() = host.notifications.contents

    /** The last known account id (not a secret); null once the user is gone. */
    val account: String? get() = host.account

    /** Credentials in hand that are not stored yet (the table's `store_pending`). */
    val credentialsInHand: Boolean get() = core.context[Flag.STORE_PENDING]

    /** Armed timers (`retry`, `token_expiry`) and their monotonic deadlines, oldest armed first. */
    val timers: List<Timer> get() = ArrayList(host.timers)

    /** Monotonic time at which `poll()` next has something to do. */
    val nextDeadline: Double? get() = host.timers.map { it.deadline }.fold(null as Double?) { a, b -> if (a == null || b < a) b else a }

    /** The session token while it is valid (monotonic time, and no revocation hint since), else
     *  null. */
    fun accessToken(): Secret? = if (core.context[Flag.TOKEN_VALID]) host.accessToken() else null

    /** Everything that decides this session's future, without secrets or times, in the Python
     *  session's `fingerprint()` layout: state, flags, owed work (none/some), armed timers, a
     *  retry counted, filled secret slots, account known. */
    val fingerprint: JsonValue
        get() = JsonValue.Arr(listOf(
            JsonValue.Str(core.state.wire),
            JsonValue.Arr(core.context.flags.map { JsonValue.Bool(it.value) }),
            JsonValue.Bool(host.pendingWork.isNotEmpty()),
            JsonValue.Arr(host.timers.map { it.name }.sorted().map { JsonValue.Str(it) }),
            JsonValue.Num(Math.min(host.attempt, 1).toDouble()),
            JsonValue.Arr(host.secrets.fingerprint.map { JsonValue.Bool(it) }),
            JsonValue.Bool(host.account != null)
        ))

    val snapshot: SessionSnapshot
        get() {
            // Only for display: an id too long for the file is left out rather than failing.
            val id = host.account
            val account = if (id != null && id.codePointCount(0, id.length) <= SessionSnapshot.MAX_ACCOUNT_CHARACTERS) id else null
            return SessionSnapshot(core.state, core.context, ArrayList(host.pendingWork), account, sequence, host.logoutScope)
        }

    // What the app tells it ---------------------------------------------------------------------
    // Each returns the step its own event took, or null when called from inside a step (queued).
    // Only a `ProcessEnding` thrown by an adapter leaves them.

    /** The process started (any launch mode, a Direct Boot start too). */
    fun launch(): Step? = run(Operation.Launch)

    /** The user typed credentials; they are stored only once the server accepts them. */
    fun login(account: String, password: Secret): Step? = run(Operation.Login(account, password))

    /** The user signs out: `local` or `global` (signed out at once whatever the network does; the
     *  refresh token is revoked from the outbox once it can be), or `others` (nothing here
     *  changes). */
    fun logout(scope: String = "local"): Step? = run(Operation.Logout(scope))

    /** Something says the session may have been revoked: the access token is no longer trusted
     *  and a refresh confirms. The hint alone ends nothing. */
    fun revocationHint(): Step? = run(Operation.RevocationHint)

    /** Ask for something that needs an authenticated server call (sync, a WorkManager job). */
    fun requestWork(label: String = "work"): Step? = run(Operation.RequestWork(label))

    /** The app came to the foreground (the first activity's `onStart`): the table re-checks an
     *  unknown session here (invariant 10). */
    fun foreground(): Step? = run(Operation.Foreground)

    /** `ACTION_USER_UNLOCKED`. */
    fun protectedDataDidBecomeAvailable(): Step? = run(Operation.ProtectedDataDidBecomeAvailable)

    fun protectedDataWillBecomeUnavailable(): Step? = run(Operation.ProtectedDataWillBecomeUnavailable)

    /** Another process of the app stored credentials or gave the refresh lease back (a
     *  `FileObserver` on the lease's directory): a refresh waiting for the lease tries now, with
     *  what the other process stored. */
    fun sharedStoreChanged(): Step? = run(Operation.StoreChanged)

    /** Fire every timer whose monotonic deadline has passed. */
    fun poll(): Step? = run(Operation.Poll)

    /** Submit `operation` and drive it to its end, every adapter call on the spot. */
    fun run(operation: Operation): Step? {
        if (active) {
            enqueue(operation)
            return null
        }
        active = true
        try {
            enqueue(operation)
            val commands = ArrayList<Command>()
            // Answers to this run's commands go before anything queued from outside: a
            // command's answer belongs to the state that asked for it.
            val answers = ArrayList<MachineEvent>()
            var saveDue = false
            var closingSave = true
            var result: Step? = null
            while (true) {
                if (saveDue) {
                    saveDue = false
                    save()
                }
                if (commands.isNotEmpty()) {
                    val answer = host.execute(commands.removeAt(0))
                    if (answer != null) answers.add(answer)
                } else if (answers.isNotEmpty() || queue.isNotEmpty()) {
                    val pending = if (answers.isEmpty()) queue.removeAt(0)() else Pending(answers.removeAt(0), null, false)
                    val event = pending.event
                    if (event != null) {
                        val step = apply(event, pending.typed)
                        if (pending.own) result = step
                        saveDue = true
                        commands.addAll(step.commands)
                    }
                } else if (closingSave) {
                    // Once per run: what the commands changed (work done, account).
                    closingSave = false
                    save()
                } else {
                    return result
                }
            }
        } finally {
            active = false
        }
    }

    // The loop ---------------------------------------------------------------------------------

    private fun enqueue(operation: Operation) {
        val host = this.host
        if (operation is Operation.Foreground || operation is Operation.ProtectedDataDidBecomeAvailable) {
            // The user is here, or the outbox's class just became readable: a revocation waiting
            // for its backoff is tried now.
            host.revocationDueNow()
        }
        if (operation is Operation.Poll || operation is Operation.RequestWork || operation is Operation.Foreground) {
            // Due timers first: a token that expired since the last poll must not look valid
            // (F13), and a resumed process fires what fell due while it was suspended.
            for (name in host.dueTimers()) queue.add { Pending(host.fire(name), null, false) }
        } else if (operation is Operation.ProtectedDataDidBecomeAvailable && Host.REVOCATION in host.dueTimers()) {
            queue.add { Pending(host.fire(Host.REVOCATION), null, false) }
        }
        when (operation) {
            is Operation.Launch -> queue.add { Pending(MachineEvent.AppLaunched(host.available()), null, true) }
            is Operation.Login -> {
                val typed = Credentials(operation.account, operation.password)
                queue.add {
                    // A fact for the table: is this the account whose session the server ended?
                    val same = host.account != null && typed.account == host.account
                    Pending(MachineEvent.LoginRequested(same), typed, true)
                }
            }
            is Operation.Logout -> if (operation.scope == "others") {
                queue.add { Pending(MachineEvent.LogoutOthersRequested, null, true) }
            } else {
                queue.add {
                    if (core.state != State.LOGGING_OUT) host.logoutScope = if (operation.scope == "global") "global" else "local"
                    Pending(MachineEvent.LogoutRequested(host.available()), null, true)
                }
            }
            is Operation.RevocationHint -> queue.add { Pending(MachineEvent.RevocationHint(host.available()), null, true) }
            is Operation.RequestWork -> queue.add {
                // Every owed label must survive a kill, and the snapshot holds this many: beyond
                // it the request is refused rather than silently dropped later.
                if (host.pendingWork.size >= MAX_PENDING_WORK) {
                    Pending(null, null, true)
                } else {
                    host.pendingWork.add(operation.label)
                    Pending(MachineEvent.WorkRequested(host.available()), null, true)
                }
            }
            is Operation.Foreground -> queue.add { Pending(MachineEvent.AppForegrounded(host.available()), null, true) }
            is Operation.ProtectedDataDidBecomeAvailable -> queue.add { Pending(MachineEvent.ProtectedDataBecameAvailable, null, true) }
            is Operation.ProtectedDataWillBecomeUnavailable -> queue.add { Pending(MachineEvent.ProtectedDataWillBecomeUnavailable, null, true) }
            is Operation.StoreChanged -> queue.add { Pending(MachineEvent.SharedStoreChanged(host.available()), null, true) }
            is Operation.Poll -> Unit
        }
    }

    private fun apply(event: MachineEvent, typed: Credentials?): Step {
        val inHand = core.context[Flag.STORE_PENDING]
        val step = core.step(event)
        if (event is MachineEvent.LoginRequested) {
            // The login step decides whether the typed credentials are used; a secret is held
            // no longer than that decision needs it.
            host.secrets.typedIn(if (Command.SignIn in step.commands) typed else null)
        }
        stepCount += 1
        if (step.changed) host.stateChanged()
        if (step.state == State.LOGGED_OUT || step.state == State.LOGGING_OUT) {
            host.userGone(step.state == State.LOGGING_OUT, step.commands.any { it is Command.FailWork })
        } else if ((step.state == State.REAUTH_CLEARING || step.state == State.REAUTH_REQUIRED) && step.changed) {
            host.sessionEnded()
        }
        if (step.state != view.state || host.account != view.account) {
            // A change of who the user is: every subscriber is told, with the step's reason.
            view = SessionView(step.state, step.reason, host.account)
            for (subscriber in ArrayList(subscribers)) guarded(Unit) { subscriber.second(view) }
        }
        onStep?.invoke(StepRecord(event, step, inHand))
        return step
    }

    /** Save the snapshot if a store is given and something durable changed since the last
     *  successful save. A save that fails is tried again by the next step (a full disk must
     *  not stop the session). */
    private fun save() {
        val store = this.store ?: return
        val key = listOf(core.state, core.context, ArrayList(host.pendingWork), host.account, host.logoutScope)
        if (key == saved) return
        sequence += 1
        val data = snapshot.bytes
        val ok = guarded(false) {
            store.save(data)
            true
        }
        if (ok) saved = key
    }

    companion object {
        /** Owed work labels the snapshot holds; `requestWork` refuses more (invariant 3). */
        const val MAX_PENDING_WORK = SessionSnapshot.MAX_PENDING_WORK
    }
}

/** What an app can tell a session, as values. */
sealed class Operation {
    object Launch : Operation()
    class Login(val account: String, val password: Secret) : Operation()

    /** `scope`: `local`, `global` or `others`. */
    class Logout(val scope: String = "local") : Operation()

    /** Something says the session may have been revoked (a push from the app's backend). */
    object RevocationHint : Operation()
    class RequestWork(val label: String) : Operation()
    object Foreground : Operation()
    object ProtectedDataDidBecomeAvailable : Operation()
    object ProtectedDataWillBecomeUnavailable : Operation()

    /** Another process of the app changed the shared credentials or the refresh lease. */
    object StoreChanged : Operation()
    object Poll : Operation()
}
