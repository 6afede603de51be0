// An app and its extension (a second process) on one device, as a process, for the lease parity
// test (tests/conformance/kotlin/test_kotlin_lease_parity.py): JSON lines in, a log of JSON lines
// out. A `{"life": {...}}` line starts over on a new device (a rotating server or not, a stored
// item or not); each later line starts a process, calls one session, locks or unlocks, lets time
// pass, reboots, makes an adapter throw or the server refuse, or sets what another process does
// while the next refresh is at the server. Every adapter call (signal, lease, keychain, server,
// snapshots, work, notify), every step and every `done` is logged — the lines the Python host
// logs on the other side with the Python test kit's `MemoryLease`. Owns only that mapping; a line
// it cannot read ends it with one stderr line and exit 2.
package authsession.host

import authsession.core.JsonValue
import authsession.core.jsonOf
import authsession.testing.LeaseBoard
import authsession.testing.MemoryLease
import java.io.IOException
import kotlin.system.exitProcess

private class Injected : Exception("injected")

private fun obj(vararg members: Pair<String, JsonValue>): JsonValue.Obj = JsonValue.Obj(members.toList())

private fun str(value: String): JsonValue = JsonValue.Str(value)

private class Life(private val rotating: Boolean, stored: Boolean, private val out: (JsonValue) -> Unit) {
    var now = 0.0
    var locked = false
    var item: Pair<String, String>? = if (stored) Pair("ada", "pw") else null
    val current = HashMap<String, String>()
    var requests = 0
    val serverNext = ArrayList<String>()
    /** What happens during the next server call (after the server decided) or lease acquire
     *  (after the lease was granted or refused), by where. */
    val meanwhile = HashMap<String, JsonValue.Obj>()
    val board = LeaseBoard()
    var boots = 1
    val sessions = HashMap<String, AuthSession>()
    val leases = HashMap<String, MemoryLease>()
    val started = hashMapOf("app" to 0, "ext" to 0)
    val snapshots = HashMap<String, ByteArray?>()
    val failing = HashMap<String, Int>()

    init {
        if (stored) current["ada"] = "pw"
    }

    private fun log(proc: String, vararg members: Pair<String, JsonValue>) {
        out(JsonValue.Obj(listOf("p" to str(proc)) + members.toList()))
    }

    private fun fails(proc: String, what: String): Boolean {
        val count = failing["$proc $what"] ?: 0
        if (count > 0) {
            failing["$proc $what"] = count - 1
            return true
        }
        return false
    }

    fun signal(proc: String): Boolean {
        if (fails(proc, "signal")) {
            log(proc, "call" to str("signal"), "raised" to JsonValue.Bool(true))
            throw Injected()
        }
        log(proc, "call" to str("signal"), "result" to JsonValue.Bool(!locked))
        return !locked
    }

    fun read(proc: String): ReadResult {
        if (fails(proc, "keychain")) {
            log(proc, "call" to str("keychain.read"), "raised" to JsonValue.Bool(true))
            throw Injected()
        }
        val found = item
        return when {
            locked -> {
                log(proc, "call" to str("keychain.read"), "result" to str("unavailable"))
                ReadResult.Unavailable()
            }
            found == null -> {
                log(proc, "call" to str("keychain.read"), "result" to str("not_found"))
                ReadResult.NotFound()
            }
            else -> {
                log(proc, "call" to str("keychain.read"), "result" to str("found"), "account" to str(found.first),
                    "secret" to str(found.second))
                ReadResult.Found(Credentials(found.first, Secret(found.second)))
            }
        }
    }

    fun store(proc: String, credentials: Credentials, protection: ProtectionClass): StoreResult {
        val secret = credentials.secret.reveal()
        val entry = arrayOf("call" to str("keychain.store"), "account" to str(credentials.account), "secret" to str(secret),
            "protection" to str(protection.wire))
        if (fails(proc, "keychain")) {
            log(proc, *entry, "raised" to JsonValue.Bool(true))
            throw Injected()
        }
        if (locked) {
            log(proc, *entry, "result" to str("unavailable"))
            return StoreResult.Unavailable()
        }
        item = Pair(credentials.account, secret)
        log(proc, *entry, "result" to str("stored"))
        return StoreResult.Stored
    }

    fun delete(proc: String): DeleteResult {
        if (fails(proc, "keychain")) {
            log(proc, "call" to str("keychain.delete"), "raised" to JsonValue.Bool(true))
            throw Injected()
        }
        if (locked) {
            log(proc, "call" to str("keychain.delete"), "result" to str("unavailable"))
            return DeleteResult.Unavailable()
        }
        item = null
        log(proc, "call" to str("keychain.delete"), "result" to str("deleted"))
        return DeleteResult.Deleted
    }

    fun authenticate(proc: String, credentials: Credentials): AuthResult {
        requests += 1
        val n = requests
        val account = credentials.account
        val secret = credentials.secret.reveal()
        val entry = arrayOf("call" to str("server"), "account" to str(account), "secret" to str(secret))
        val result: AuthResult
        if (serverNext.isNotEmpty()) {
            val kind = serverNext.removeAt(0)
            result = if (kind == "transient") AuthResult.Transient("scripted") else AuthResult.Rejected("scripted")
            log(proc, *entry, "result" to str(kind))
        } else if ((current[account] ?: secret) != secret) {
            result = AuthResult.Rejected("stale")
            log(proc, *entry, "result" to str("rejected"))
        } else {
            val refresh = if (rotating) "r$n" else null
            current[account] = refresh ?: secret
            result = AuthResult.Accepted(Secret("t$n"), 3600.0, if (refresh == null) null else Secret(refresh))
            log(proc, *entry, "result" to str("accepted"), "token" to str("t$n"), "refresh" to jsonOf(refresh))
        }
        // The server decided; its answer is still on the way while another process acts.
        during("server")
        return result
    }

    private fun during(at: String) {
        val line = meanwhile.remove(at)
        if (line != null) act(line)
    }

    fun leaseCall(proc: String, op: String): Boolean {
        val lease = leases.getValue(proc)
        val result = try {
            if (op == "acquire") lease.acquire() else {
                lease.release()
                false
            }
        } catch (error: IOException) {
            log(proc, "call" to str("lease.$op"), "raised" to JsonValue.Bool(true))
            throw error
        }
        if (op == "acquire") {
            log(proc, "call" to str("lease.$op"), "result" to JsonValue.Bool(result))
            during("lease")
        } else {
            log(proc, "call" to str("lease.$op"))
        }
        return result
    }

    fun start(proc: String) {
        val count = (started[proc] ?: 0) + 1
        started[proc] = count
        val life = this
        val lease = MemoryLease(board, { life.now }, if (proc == "app") LeaseRole.APP else LeaseRole.EXTENSION, owner = "$proc-$count")
        leases[proc] = lease
        val session = AuthSession(
            keychain = object : Keychain {
                override fun read(): ReadResult = life.read(proc)
                override fun store(credentials: Credentials, protection: ProtectionClass): StoreResult = life.store(proc, credentials, protection)
                override fun delete(): DeleteResult = life.delete(proc)
            },
            clock = object : SessionClock {
                override fun monotonic(): Double = life.now
                override fun wall(): Double = 1700000000.0 + life.now
            },
            authenticator = object : Authenticator {
                override fun authenticate(credentials: Credentials): AuthResult = life.authenticate(proc, credentials)
            },
            protectedData = object : ProtectedDataSignal {
                override fun available(): Boolean = life.signal(proc)
            },
            config = SessionConfig(seed = if (proc == "app") 0L else 1L),
            workHandler = { label, _ -> log(proc, "call" to str("work"), "label" to str(label)) },
            onNotify = { message -> log(proc, "call" to str("notify"), "message" to str(message.wire)) },
            store = object : SnapshotStore {
                override fun load(): ByteArray? {
                    val data = snapshots[proc]
                    log(proc, "call" to str("snapshots.load"), "data" to jsonOf(if (data == null) null else String(data, Charsets.UTF_8)))
                    return data
                }

                override fun save(data: ByteArray) {
                    log(proc, "call" to str("snapshots.save"), "data" to str(String(data, Charsets.UTF_8)))
                    snapshots[proc] = data
                }
            },
            lease = object : RefreshLease {
                override fun acquire(): Boolean = life.leaseCall(proc, "acquire")
                override fun release() {
                    life.leaseCall(proc, "release")
                }
            }
        )
        session.onStep = { record ->
            val step = record.step
            log(proc, "step" to record.event.wire, "source" to str(step.source.wire), "state" to str(step.state.wire),
                "reason" to str(step.reason), "detail" to jsonOf(step.detail), "commands" to JsonValue.Arr(step.commands.map { it.wire }))
        }
        sessions[proc] = session
    }

    fun call(line: JsonValue.Obj) {
        val proc = (line["call"] as JsonValue.Str).value
        val op = (line["op"] as JsonValue.Str).value
        val session = sessions[proc]
        if (session == null) {
            log(proc, "absent" to str(op))
            return
        }
        when (op) {
            "launch" -> session.launch()
            "foreground" -> session.foreground()
            "request_work" -> session.requestWork((line["label"] as JsonValue.Str).value)
            "poll" -> session.poll()
            "shared_store_changed" -> session.sharedStoreChanged()
            "login" -> session.login((line["user"] as JsonValue.Str).value, Secret((line["password"] as JsonValue.Str).value))
            "logout" -> session.logout()
            "did_become_available" -> session.protectedDataDidBecomeAvailable()
            "will_become_unavailable" -> session.protectedDataWillBecomeUnavailable()
            else -> throw IllegalStateException("unknown op")
        }
        val timers = JsonValue.Obj(session.timers.map { Pair(it.name, JsonValue.Num(it.deadline) as JsonValue) })
        log(proc, "done" to str(op), "state" to str(session.state.wire), "fingerprint" to session.fingerprint, "timers" to timers,
            "held" to JsonValue.Bool(leases.getValue(proc).held))
    }

    fun act(line: JsonValue.Obj) {
        when {
            line["start"] != null -> start((line["start"] as JsonValue.Str).value)
            line["call"] != null -> call(line)
            line["lock"] != null -> locked = line["lock"] == JsonValue.Bool(true)
            line["advance"] != null -> now += (line["advance"] as JsonValue.Num).value
            line["reboot"] != null -> {
                boots += 1
                board.boot = "boot-$boots"
                sessions.clear()
            }
            line["fail"] != null -> {
                val what = (line["fail"] as JsonValue.Str).value
                val proc = (line["proc"] as? JsonValue.Str)?.value ?: "app"
                when (what) {
                    "transient", "rejected" -> serverNext.add(what)
                    "lease" -> leases[proc]?.failNext()
                    else -> failing["$proc $what"] = (failing["$proc $what"] ?: 0) + 1
                }
            }
            line["meanwhile"] != null -> meanwhile[(line["at"] as? JsonValue.Str)?.value ?: "server"] = line["meanwhile"] as JsonValue.Obj
            // The process's lease taken or given back outside its session (it is busy elsewhere).
            line["hold"] != null || line["let_go"] != null -> {
                val proc = ((line["hold"] ?: line["let_go"]) as JsonValue.Str).value
                if (leases.containsKey(proc)) {
                    try {
                        leaseCall(proc, if (line["hold"] != null) "acquire" else "release")
                    } catch (error: IOException) {
                        // logged: the storage could not be read
                    }
                }
            }
            else -> throw IllegalStateException("unknown line")
        }
    }
}

fun main() {
    var life: Life? = null
    var number = 0
    val out = StringBuilder()
    while (true) {
        val text = readLine() ?: break
        number++
        try {
            val line = JsonValue.parse(text) as JsonValue.Obj
            val config = line["life"]
            if (config != null) {
                config as JsonValue.Obj
                out.append(obj("life" to JsonValue.Num(number.toDouble())).compactText).append('\n')
                life = Life(config["rotating"] == JsonValue.Bool(true), config["stored"] == JsonValue.Bool(true)) {
                    out.append(it.compactText).append('\n')
                }
                continue
            }
            life!!.act(line)
        } catch (error: Exception) {
            System.err.println("lease-script: stdin:$number: ${error.javaClass.simpleName}")
            exitProcess(2)
        }
    }
    print(out)
    System.out.flush()
}
