// How an event's or command's fields cross the wire: the field types the spec uses (booleans,
// strings, string enums, optionals of those), decoded with the Python reference's rules (its
// pydantic models) and encoded as its `model_dump(mode="json")`. The generated `MachineEvent`,
// `Command` and `Events.decode` call these; owns no field of its own.
// Problems name the field, never the value: whatever was sent could be a secret.
// Must not depend on the interpreter or the port protocol.
package authsession.core

/** A spec name or field value: its wire spelling. */
interface WireName {
    val wire: String
}

/** The constant of enum `E` spelled `wire` on the wire, else null. */
inline fun <reified E> wireValue(wire: String): E? where E : Enum<E>, E : WireName =
    enumValues<E>().firstOrNull { it.wire == wire }

/** One wire problem: `field: problem`, one line. */
class WireError(val field: String, val problem: String) : Exception("$field: $problem") {
    override fun toString(): String = "$field: $problem"
}

/** What a field value failed as (the caller adds which field). */
class WireProblem(val problem: String) : Exception(problem)

/** How one field type is read from JSON. */
interface WireCodec<T> {
    fun decode(value: JsonValue): T
}

/** pydantic's boolean: `true`/`false`; lax mode also takes 0/1 and the usual words. */
class BoolCodec private constructor(private val strict: Boolean) : WireCodec<Boolean> {
    override fun decode(value: JsonValue): Boolean {
        if (value is JsonValue.Bool) return value.value
        if (!strict && value is JsonValue.Num && (value.value == 0.0 || value.value == 1.0)) {
            return value.value == 1.0
        }
        if (!strict && value is JsonValue.Str) {
            val word = asciiLower(value.value)
            if (word in FALSE_WORDS) return false
            if (word in TRUE_WORDS) return true
        }
        throw WireProblem("not a boolean")
    }

    companion object {
        val STRICT = BoolCodec(true)
        val LAX = BoolCodec(false)
        private val FALSE_WORDS = setOf("0", "off", "f", "false", "n", "no")
        private val TRUE_WORDS = setOf("1", "on", "t", "true", "y", "yes")
    }
}

/** ASCII letters lowered (no locale: `String.toLowerCase` is gone from Kotlin 2.x's API). */
fun asciiLower(text: String): String {
    val out = StringBuilder(text.length)
    for (char in text) out.append(if (char in 'A'..'Z') char + ('a' - 'A') else char)
    return out.toString()
}

object StringCodec : WireCodec<String> {
    override fun decode(value: JsonValue): String =
        (value as? JsonValue.Str)?.value ?: throw WireProblem("not a string")
}

/** A closed set of strings on the wire (a spec name, a `StrEnum`, a `Literal`). */
class EnumCodec<E : WireName>(private val values: Array<E>) : WireCodec<E> {
    override fun decode(value: JsonValue): E {
        val text = (value as? JsonValue.Str)?.value ?: throw WireProblem("not a string")
        return values.firstOrNull { it.wire == text } ?: throw WireProblem("unknown value")
    }
}

/** `X | None`: JSON null, else the inner codec. */
class Nullable<T : Any>(private val inner: WireCodec<T>) : WireCodec<T?> {
    override fun decode(value: JsonValue): T? = if (value is JsonValue.Null) null else inner.decode(value)
}

/** A JSON object being read as one event, command or protocol message. */
class WireObject private constructor(val obj: JsonValue.Obj, val path: String) {
    /** The same object, its fields now named under `path` in problems. */
    fun scoped(path: String): WireObject = WireObject(obj, path)

    private fun name(field: String): String = if (path.length == 0) field else "$path.$field"

    /** The discriminator: which event or command this object is. */
    fun tag(field: String): String {
        val value = obj[field] ?: throw WireError(name(field), "missing")
        return (value as? JsonValue.Str)?.value ?: throw WireError(name(field), "not a string")
    }

    /** Refuse fields the model does not have (pydantic's `extra="forbid"`). */
    fun only(vararg allowed: String) {
        val known = allowed.toSet()
        if (obj.keys.any { it !in known }) throw WireError(if (path.length == 0) "(root)" else path, "unexpected field")
    }

    fun <T> required(field: String, codec: WireCodec<T>): T {
        val value = obj[field] ?: throw WireError(name(field), "missing")
        return decode(field, value, codec)
    }

    fun <T> optional(field: String, codec: WireCodec<T>, default: T): T {
        val value = obj[field] ?: return default
        return decode(field, value, codec)
    }

    private fun <T> decode(field: String, value: JsonValue, codec: WireCodec<T>): T {
        try {
            return codec.decode(value)
        } catch (problem: WireProblem) {
            throw WireError(name(field), problem.problem)
        }
    }

    companion object {
        fun of(value: JsonValue, path: String): WireObject {
            val obj = value as? JsonValue.Obj ?: throw WireError(if (path.length == 0) "(root)" else path, "not a JSON object")
            return WireObject(obj, path)
        }
    }
}

/** A JSON object of these members, in this order. */
fun jsonObject(vararg members: Pair<String, JsonValue>): JsonValue = JsonValue.Obj(members.toList())

fun jsonOf(value: Boolean?): JsonValue = if (value == null) JsonValue.Null else JsonValue.Bool(value)

fun jsonOf(value: String?): JsonValue = if (value == null) JsonValue.Null else JsonValue.Str(value)

fun jsonOf(value: WireName?): JsonValue = if (value == null) JsonValue.Null else JsonValue.Str(value.wire)
