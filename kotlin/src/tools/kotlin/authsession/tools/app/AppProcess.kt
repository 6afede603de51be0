// One world process of the Kotlin app: the hello's settings, the session built (at the first
// callback, as the world builds an in-process app right before launching it: building loads the
// snapshot, a call into the world), each callback the session's matching call, every step
// reported as it is taken, then `done` with the state, the fingerprint and the timers — the same
// lines the Python reference (`authsession app`) sends, so the world judges both alike.
// Must not decide anything the session decides.
package authsession.tools.app

import authsession.core.JsonValue
import authsession.core.jsonObject
import authsession.core.wireValue
import authsession.host.AuthSession
import authsession.host.LeaseRole
import authsession.host.ProcessEnding
import authsession.host.ProtectionClass
import authsession.host.Secret
import authsession.host.SessionConfig
import authsession.host.StepRecord

const val APP_NAME = "authsession-kotlin-app"

/** A `hello`'s settings, read (and checked) when it arrives, before `ready`: a malformed hello is
 *  named at its own line, as the Python reference names it. */
class Settings(hello: Fields) {
    val platform: String
    val protection: ProtectionClass
    val earlier: List<ProtectionClass>
    val allowInsecureProtection: Boolean
    val seed: Long

    /** Which process of the app this is: its own, or an extension sharing its credentials (the
     *  world keeps the lease and answers by it: an extension's lease expires). */
    val role: LeaseRole

    init {
        hello.only("schema", "platform", "protection", "earlier_protections", "allow_insecure_protection", "seed",
            "item", "access_control", "app_version", "role")
        if ((hello.optionalString("schema") ?: SCHEMA) != SCHEMA) throw hello.fail("schema", "unknown value")
        platform = hello.string("platform")
        if (platform == "ios") throw hello.fail("platform", "ios keychains are answered at the SecItem level; this app speaks android and memory")
        if (platform != "android" && platform != "memory") throw hello.fail("platform", "unknown value")
        protection = hello.protection("protection")
        val earlier = ArrayList<ProtectionClass>()
        when (val given = hello["earlier_protections"]) {
            null, is JsonValue.Null -> Unit
            is JsonValue.Arr -> for (item in given.items) {
                val name = (item as? JsonValue.Str)?.value
                earlier.add(ProtectionClass.values().firstOrNull { it.wire == name } ?: throw hello.fail("earlier_protections", "unknown protection class"))
            }
            else -> throw hello.fail("earlier_protections", "not an array")
        }
        this.earlier = earlier
        allowInsecureProtection = if (hello["allow_insecure_protection"] == null) false else hello.bool("allow_insecure_protection")
        val seed = if (hello["seed"] == null) 0.0 else hello.number("seed")
        if (seed < 0 || seed != Math.rint(seed) || seed >= 18446744073709551616.0) throw hello.fail("seed", "not a seed")
        // Seeds past 2^63 keep their 64 bits (the jitter generator reads them as unsigned).
        this.seed = if (seed >= 9223372036854775808.0) (seed - 18446744073709551616.0).toLong() else seed.toLong()
        val item = hello.nested("item")
        if (item != null) {
            item.only("service", "account")
            item.string("service")
            item.string("account")
        }
        val accessControl = hello.optionalString("access_control")
        if (accessControl != null && accessControl != "user_presence" && accessControl != "biometry_current_set") {
            throw hello.fail("access_control", "unknown value")
        }
        // Which version of the app this process is: this app behaves alike in every one, but a
        // malformed one is the world's mistake.
        if (hello["app_version"] != null && hello.count("app_version") > (1L shl 31)) throw hello.fail("app_version", "too large")
        role = if (hello["role"] == null) LeaseRole.APP else wireValue<LeaseRole>(hello.string("role")) ?: throw hello.fail("role", "unknown value")
    }

    private companion object {
        const val SCHEMA = "authsession.app/1"
    }
}

class AppProcess(private val settings: Settings, private val channel: Channel) {
    private var built: AuthSession? = null

    /** Work labels the resource server refused once (401) in this process. */
    private val refused = HashSet<String>()

    init {
        channel.reset()
        channel.beforeCall = null
    }

    private fun session(): AuthSession {
        val ready = built
        if (ready != null) return ready
        val channel = this.channel
        val session = AuthSession(
            keychain = ForwardedKeychain(channel),
            clock = ForwardedClock(channel),
            authenticator = ForwardedAuthenticator(channel),
            protectedData = ForwardedSignal(channel),
            config = SessionConfig(protection = settings.protection, allowInsecureProtection = settings.allowInsecureProtection,
                earlierProtections = settings.earlier, seed = settings.seed, historyLimit = 64),
            workHandler = { label, token -> perform(label, token) },
            onNotify = { message -> channel.call("user", "notify", "message" to JsonValue.Str(message.wire)) },
            store = ForwardedSnapshots(channel),
            lease = ForwardedLease(channel),
            outbox = ForwardedOutbox(channel),
            revoker = ForwardedRevoker(channel),
            onWorkFailed = { label, reason ->
                channel.call("work", "fail", "label" to JsonValue.Str(label), "reason" to JsonValue.Str(reason.wire))
            }
        )
        session.onStep = { record -> channel.send("step" to stepLine(record)) }
        built = session
        return session
    }

    fun handle(callback: Fields) {
        val n = callback.count("n")
        val name = callback.string("callback")
        val session = session()
        var escaped: JsonValue = JsonValue.Null
        try {
            when (name) {
                "launch" -> {
                    val mode = callback.string("mode")
                    if (mode != "foreground" && mode != "background" && mode != "prewarm") throw callback.fail("mode", "unknown value")
                    session.launch()
                }
                "foreground" -> session.foreground()
                "request_work" -> session.requestWork(label(callback, callback.string("label")))
                "login" -> session.login(callback.string("user"), Secret(callback.string("password")))
                "logout" -> {
                    val scope = callback.optionalString("scope") ?: "local"
                    if (scope != "local" && scope != "global" && scope != "others") throw callback.fail("scope", "unknown value")
                    session.logout(scope)
                }
                "revocation_hint" -> session.revocationHint()
                "protected_data_did_become_available" -> session.protectedDataDidBecomeAvailable()
                "protected_data_will_become_unavailable" -> session.protectedDataWillBecomeUnavailable()
                "tick" -> session.poll()
                "shared_store_changed" -> session.sharedStoreChanged()
                else -> throw callback.fail("callback", "unknown value")
            }
        } catch (error: Exception) {
            // What a run loop would catch and log (by type only).
            val kind = error.javaClass.simpleName.filter { it.isLetterOrDigit() || it == '_' }
            escaped = jsonObject("error" to JsonValue.Str(if (kind.length == 0) "Exception" else kind),
                "injected" to JsonValue.Bool(error is AdapterRaised))
        }
        val deadlines = JsonValue.Obj(session.timers.map { Pair(it.name, JsonValue.Num(it.deadline) as JsonValue) })
        channel.send("done" to JsonValue.Num(n.toDouble()), "state" to JsonValue.Str(session.state.wire),
            "fingerprint" to session.fingerprint, "deadlines" to deadlines, "escaped" to escaped,
            "screen" to JsonValue.Str(session.view.screen))
    }

    /** The app's work handler: the world runs the work. A 401 from the resource server
     *  (`unauthorized`) refused the access token it was shown, not the stored credentials: the
     *  app's code asks for the work once more (queued behind this step); a second refusal drops
     *  it — as the Python reference app does. */
    private fun perform(label: String, token: Secret) {
        val answer = channel.call("work", "perform", "label" to JsonValue.Str(label), "token" to JsonValue.Str(token.reveal()))
        when (answer.string("result")) {
            "done" -> Unit
            "unauthorized" -> if (refused.add(label)) built?.requestWork(label)
            else -> throw answer.fail("result", "unknown value")
        }
    }

    private fun label(callback: Fields, text: String): String {
        val length = text.codePointCount(0, text.length)
        if (length < 1 || length > 200) throw callback.fail("label", "must be 1 to 200 characters")
        return text
    }
}

/** A step as the app reports it: no secrets. */
fun stepLine(record: StepRecord): JsonValue {
    val step = record.step
    return jsonObject(
        "event" to record.event.wire,
        "source" to JsonValue.Str(step.source.wire),
        "state" to JsonValue.Str(step.state.wire),
        "reason" to JsonValue.Str(step.reason),
        "commands" to JsonValue.Arr(step.commands.map { (it.wire as JsonValue.Obj)["type"] ?: JsonValue.Null }),
        "detail" to (if (step.detail == null) JsonValue.Null else JsonValue.Str(step.detail)),
        "in_hand" to JsonValue.Bool(record.inHand)
    )
}

/** Speak `authsession.app/1` on these streams until the world closes them. */
fun serve(channel: Channel) {
    var process: AppProcess? = null
    var expected = 0L
    var pending: JsonValue.Obj? = null
    while (true) {
        val line: JsonValue.Obj = if (pending != null) {
            val hello = JsonValue.Obj(listOf("hello" to (pending as JsonValue)))
            pending = null
            hello
        } else {
            channel.read() ?: return
        }
        val hello = line["hello"]
        if (hello != null) {
            val body = hello as? JsonValue.Obj ?: throw channel.fail("hello", "not an object")
            process = AppProcess(Settings(Fields(body, channel, "hello.")), channel)
            expected = 0
            // `lease`: this app takes the shared refresh lease and wants `shared_store_changed`.
            channel.send("ready" to jsonObject("name" to JsonValue.Str(APP_NAME), "reset" to JsonValue.Bool(true),
                "reset_in_call" to JsonValue.Bool(true), "lease" to JsonValue.Bool(true),
                "revocation" to JsonValue.Bool(true)))
            continue
        }
        val current = process ?: throw channel.fail("hello", "missing: the first line must be a hello")
        expected += 1
        val callback = Fields(line, channel, "")
        val n = callback.count("n")
        if (n != expected) throw channel.fail("n", "callback $n, expected $expected")
        try {
            current.handle(callback)
        } catch (restart: Restart) {
            pending = restart.hello // killed mid-call: a fresh process, at once
        } catch (ended: WorldEnded) {
            return
        }
    }
}
