// This process's end of the `authsession.app/1` pipe: one world line at a time from stdin, one
// app line at a time to stdout, adapter calls numbered from 1 per process, each answer checked
// against the call it answers. A line that breaks the protocol is a `ProtocolFailure` naming the
// line number and the field (never quoting the line: it may hold a secret). Owns reading fields
// of a world line too. Must not know the session or any adapter.
package authsession.tools.app

import authsession.core.JsonParseError
import authsession.core.JsonValue
import authsession.host.ProcessEnding
import authsession.host.ProtectionClass
import authsession.core.wireValue
import authsession.tools.LineProblem
import authsession.tools.LineReader
import authsession.tools.writeLine
import java.io.BufferedOutputStream
import java.io.InputStream
import java.io.OutputStream

/** Longest line either way (a snapshot in base64 fits). */
const val MAX_LINE_BYTES = 2 * 1024 * 1024

/** The world broke the protocol: the process ends with this one line on stderr, exit 2. */
class ProtocolFailure(message: String) : ProcessEnding(message)

/** The world closed the pipe while this process waited: it is over. */
class WorldEnded : ProcessEnding("the world closed the pipe")

/** A `hello` came in place of an answer: this process was killed mid-call, and starts afresh. */
class Restart(val hello: JsonValue.Obj) : ProcessEnding("killed mid-call")

/** The world answered `raised`: the adapter threw (the host makes it that call's failure). */
class AdapterRaised : Exception("the adapter raised")

class Channel(input: InputStream, output: OutputStream) {
    private val reader = LineReader(input, MAX_LINE_BYTES)
    private val out = BufferedOutputStream(output)
    var line = 0
        private set
    private var calls = 0

    /** Runs before each adapter call. */
    var beforeCall: (() -> Unit)? = null

    fun reset() {
        calls = 0
    }

    /** The next world line as an object (null: the world closed the pipe). */
    fun read(): JsonValue.Obj? {
        val text = try {
            reader.read()
        } catch (problem: LineProblem) {
            line += 1
            throw fail("(line)", problem.problem.removePrefix("(line): "))
        } ?: return null
        line += 1
        val value = try {
            JsonValue.parse(text)
        } catch (error: JsonParseError) {
            throw fail("(line)", "not JSON")
        }
        return value as? JsonValue.Obj ?: throw fail("(line)", "not a JSON object")
    }

    fun fail(field: String, problem: String): ProtocolFailure = ProtocolFailure("stdin:$line: $field: $problem")

    fun send(vararg members: Pair<String, JsonValue>) {
        writeLine(out, JsonValue.Obj(members.toList()).compactText)
    }

    /** One adapter call; the world's answer (`AdapterRaised` if the adapter threw). */
    fun call(adapter: String, op: String, vararg fields: Pair<String, JsonValue>): Fields {
        beforeCall?.invoke()
        calls += 1
        val members = listOf("call" to JsonValue.Num(calls.toDouble()), "adapter" to JsonValue.Str(adapter),
            "op" to JsonValue.Str(op)) + fields.toList()
        writeLine(out, JsonValue.Obj(members).compactText)
        val answer = read() ?: throw WorldEnded()
        val hello = answer["hello"]
        if (hello != null) throw Restart(hello as? JsonValue.Obj ?: throw fail("hello", "not an object"))
        val read = Fields(answer, this, "")
        val re = read.count("re")
        if (re != calls.toLong()) throw fail("re", "answers call $re, expected $calls")
        val raised = answer["raised"]
        if (raised != null) {
            if (raised != JsonValue.Bool(true)) throw fail("raised", "must be true")
            throw AdapterRaised()
        }
        return read
    }
}

/** The fields of one world line, read with the line's number in every problem; `path` is where
 *  they sit in the line (`hello.`, `hello.item.`). */
class Fields(val obj: JsonValue.Obj, private val channel: Channel, private val path: String) {
    /** A problem with the field `key` of these fields. */
    fun fail(key: String, problem: String): ProtocolFailure = channel.fail(path + key, problem)

    operator fun get(key: String): JsonValue? = obj[key]

    /** A key these fields do not name is the world's mistake, refused as the Python side
     *  refuses it (its models forbid extra keys): never silently ignored. */
    fun only(vararg known: String) {
        val extra = obj.keys.firstOrNull { it !in known }
        if (extra != null) throw fail(extra, "unknown field")
    }

    fun string(key: String): String = (obj[key] as? JsonValue.Str)?.value ?: throw missing(key, "a string")

    fun optionalString(key: String): String? = if (obj[key] == null || obj[key] is JsonValue.Null) null else string(key)

    fun bool(key: String): Boolean = (obj[key] as? JsonValue.Bool)?.value ?: throw missing(key, "a boolean")

    fun number(key: String): Double {
        val value = (obj[key] as? JsonValue.Num)?.value
        if (value == null || value.isNaN() || value.isInfinite()) throw missing(key, "a number")
        return value
    }

    fun optionalNumber(key: String): Double? = if (obj[key] == null || obj[key] is JsonValue.Null) null else number(key)

    fun count(key: String): Long {
        val value = number(key)
        if (value < 1 || value != Math.rint(value) || value > 9007199254740992.0) throw fail(key, "not a count")
        return value.toLong()
    }

    fun protection(key: String): ProtectionClass = wireValue<ProtectionClass>(string(key)) ?: throw fail(key, "unknown protection class")

    fun nested(key: String): Fields? = when (val value = obj[key]) {
        null, is JsonValue.Null -> null
        is JsonValue.Obj -> Fields(value, channel, "$path$key.")
        else -> throw missing(key, "an object")
    }

    fun base64(key: String): ByteArray? {
        val text = optionalString(key) ?: return null
        try {
            return java.util.Base64.getDecoder().decode(text)
        } catch (error: IllegalArgumentException) {
            throw fail(key, "not base64")
        }
    }

    private fun missing(key: String, kind: String): ProtocolFailure = fail(key, if (obj[key] == null) "missing" else "not $kind")
}
