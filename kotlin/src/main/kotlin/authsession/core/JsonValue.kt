// JSON values for the wire: parsed with gson's streaming reader (strict: no comments, no
// unquoted names, no NaN), written in the Python reference's exact bytes (`json.dumps`: members
// in the order given, `", "` and `": "` separators — or none for a protocol line —, non-ASCII
// escaped as UTF-16 units). Owns the value type, its parsing and its text; must not know any
// event, command or protocol line.
// Why a writer of our own: a port whose answers are byte-identical to the reference's can be
// diffed against it. Of a key given twice the last value counts, as in Python.
package authsession.core

import com.google.gson.stream.JsonReader
import com.google.gson.stream.JsonToken
import java.io.StringReader

/** One JSON value. An object keeps its members in order and compares like a dictionary. */
sealed class JsonValue {
    object Null : JsonValue() {
        override fun toString(): String = "null"
    }

    data class Bool(val value: Boolean) : JsonValue()

    data class Num(val value: Double) : JsonValue()

    data class Str(val value: String) : JsonValue()

    data class Arr(val items: List<JsonValue>) : JsonValue()

    class Obj(val members: List<Pair<String, JsonValue>>) : JsonValue() {
        /** The member's value (the last one given under `key`), else null. */
        operator fun get(key: String): JsonValue? {
            var found: JsonValue? = null
            for (member in members) if (member.first == key) found = member.second
            return found
        }

        val keys: List<String> get() = members.map { it.first }

        private fun asMap(): Map<String, JsonValue> = members.toMap()

        override fun equals(other: Any?): Boolean = other is Obj && asMap() == other.asMap()

        override fun hashCode(): Int = asMap().hashCode()
    }

    /** The text `json.dumps` writes for this value. */
    val text: String get() = StringBuilder().also { write(it, false) }.toString()

    /** The text `json.dumps(value, separators=(",", ":"))` writes: one protocol line. */
    val compactText: String get() = StringBuilder().also { write(it, true) }.toString()

    fun write(out: StringBuilder, compact: Boolean) {
        val comma = if (compact) "," else ", "
        val colon = if (compact) ":" else ": "
        when (this) {
            is Null -> out.append("null")
            is Bool -> out.append(if (value) "true" else "false")
            is Num -> out.append(number(value))
            is Str -> writeString(value, out)
            is Arr -> {
                out.append('[')
                items.forEachIndexed { index, item ->
                    if (index > 0) out.append(comma)
                    item.write(out, compact)
                }
                out.append(']')
            }
            is Obj -> {
                out.append('{')
                members.forEachIndexed { index, member ->
                    if (index > 0) out.append(comma)
                    writeString(member.first, out)
                    out.append(colon)
                    member.second.write(out, compact)
                }
                out.append('}')
            }
        }
    }

    override fun toString(): String = text

    companion object {
        /** Deepest nesting `parse` accepts (the protocols' own limit is lower). */
        const val MAX_DEPTH = 512

        /** Parse one JSON text; a problem is a `JsonParseError` that never quotes the text. */
        fun parse(text: String): JsonValue {
            val reader = JsonReader(StringReader(text))
            try {
                val value = read(reader, 0)
                if (reader.peek() != JsonToken.END_DOCUMENT) throw JsonParseError("extra data")
                return value
            } catch (error: JsonParseError) {
                throw error
            } catch (error: Exception) {
                // gson's messages quote the input: only the kind of problem is kept.
                throw JsonParseError("malformed")
            }
        }

        private fun read(reader: JsonReader, depth: Int): JsonValue {
            if (depth > MAX_DEPTH) throw JsonParseError("nested too deeply")
            val token = reader.peek()
            return when (token) {
                JsonToken.NULL -> {
                    reader.nextNull()
                    Null
                }
                JsonToken.BOOLEAN -> Bool(reader.nextBoolean())
                JsonToken.NUMBER -> Num(reader.nextDouble())
                JsonToken.STRING -> Str(reader.nextString())
                JsonToken.BEGIN_ARRAY -> {
                    reader.beginArray()
                    val items = ArrayList<JsonValue>()
                    while (reader.hasNext()) items.add(read(reader, depth + 1))
                    reader.endArray()
                    Arr(items)
                }
                JsonToken.BEGIN_OBJECT -> {
                    reader.beginObject()
                    val members = ArrayList<Pair<String, JsonValue>>()
                    while (reader.hasNext()) {
                        val name = reader.nextName()
                        members.add(Pair(name, read(reader, depth + 1)))
                    }
                    reader.endObject()
                    Obj(members)
                }
                else -> throw JsonParseError("malformed")
            }
        }

        /** A number as the reference writes it: integral values without a fraction. */
        fun number(value: Double): String {
            if (value == Math.rint(value) && Math.abs(value) < 1e15) return value.toLong().toString()
            return value.toString()
        }

        /** A string as `json.dumps` (ensure_ascii) writes it. */
        fun writeString(value: String, out: StringBuilder) {
            out.append('"')
            for (char in value) {
                when (char) {
                    '"' -> out.append("\\\"")
                    '\\' -> out.append("\\\\")
                    '\n' -> out.append("\\n")
                    '\r' -> out.append("\\r")
                    '\t' -> out.append("\\t")
                    '\b' -> out.append("\\b")
                    '\u000c' -> out.append("\\f")
                    else -> {
                        val unit = char - '\u0000'
                        if (unit in 0x20..0x7e) {
                            out.append(char)
                        } else {
                            val hex = Integer.toHexString(unit)
                            out.append("\\u").append(hex.padStart(4, '0'))
                        }
                    }
                }
            }
            out.append('"')
        }
    }
}

/** A text that is not one JSON value: `problem` is the kind, never a quote of the text. */
class JsonParseError(val problem: String) : Exception(problem)
