// The vocabulary the generated spec is written in: flag assignments, guard literals over context
// flags and event fields, rows and the context. Owns nothing about any particular state, event or
// row — those are all in `Spec.generated.kt` — so a changed spec needs only that file
// regenerated. Must not depend on the interpreter, the wire codec or the port protocol.
package authsession.core

/** One context flag and a value: a row's `sets` and an event's effects are lists of these
 *  assignments (a later one to the same flag wins). */
data class FlagValue(val flag: Flag, val value: Boolean)

/** One literal of a guard: the flag or the event's own field `name` must be `value`. */
data class GuardLiteral(val flag: Flag?, val eventField: EventField?, val value: Boolean) {
    /** The spec's spelling: `name` or `!name`. */
    val literal: String get() = (if (value) "" else "!") + (flag?.wire ?: eventField?.wire ?: "")

    /** Its bit in the word a guard is matched against: the context's bits, and above them the
     *  event's guard fields (`MachineEvent.guardBits`). */
    val bit: Long get() = if (flag != null) Context.bit(flag) else eventField!!.bit(true)

    companion object {
        /** `flag`: holds when the context flag is true. */
        fun on(flag: Flag): GuardLiteral = GuardLiteral(flag, null, true)

        /** `!flag`: holds when the context flag is false. */
        fun off(flag: Flag): GuardLiteral = GuardLiteral(flag, null, false)

        /** `field`: holds when the event's field is true. */
        fun on(field: EventField): GuardLiteral = GuardLiteral(null, field, true)

        /** `!field`: holds when the event's field is false. */
        fun off(field: EventField): GuardLiteral = GuardLiteral(null, field, false)
    }
}

/** The event fields take the bits after the context flags'. */
private val FIELD_SHIFT = Flag.values().size

/** This field's guard bit when its value is `value`, else 0: what the generated
 *  `MachineEvent.guardBits` is made of. */
fun EventField.bit(value: Boolean): Long = if (value) 1L shl (FIELD_SHIFT + ordinal) else 0L

/** One row of the table. `dest == null` means the state does not change. */
data class Row(
    val source: State,
    val event: EventType,
    val guard: List<GuardLiteral> = emptyList(),
    val dest: State? = null,
    val commands: List<Command> = emptyList(),
    val sets: List<FlagValue> = emptyList(),
    val reason: String
) {
    /** The state after the row fires. */
    val target: State get() = dest ?: source

    /** The row's name in conformance vectors (`covers`): `source.event[guard literals]`. */
    val key: String
        get() {
            val guardText = if (guard.isEmpty()) "" else guard.joinToString(" ", "[", "]") { it.literal }
            return "${source.wire}.${event.wire}$guardText"
        }
}

/** The machine's memory besides its state: one bit per context flag, all false at start. */
data class Context(val bits: Long = 0L) {
    operator fun get(flag: Flag): Boolean = bits and bit(flag) != 0L

    /** This context with `flag` set to `value`. */
    fun with(flag: Flag, value: Boolean): Context = Context(if (value) bits or bit(flag) else bits and bit(flag).inv())

    /** Every flag with its value, in the spec's order. */
    val flags: List<FlagValue> get() = Flag.values().map { FlagValue(it, this[it]) }

    internal fun assign(mask: Long, value: Long): Context = Context((bits and mask.inv()) or value)

    internal fun matches(mask: Long, value: Long, eventBits: Long): Boolean = (bits or eventBits) and mask == value

    companion object {
        fun bit(flag: Flag): Long = 1L shl flag.ordinal

        /** A context with these flags set. */
        fun of(flags: Map<Flag, Boolean>): Context {
            var context = Context()
            for ((flag, value) in flags) context = context.with(flag, value)
            return context
        }

        /** A guard as the bits it constrains and the values it requires there; null when two of
         *  its literals contradict each other (such a guard never holds). */
        internal fun guardPattern(literals: List<GuardLiteral>): LongArray? {
            var mask = 0L
            var value = 0L
            for (literal in literals) {
                val bit = literal.bit
                if (mask and bit != 0L && (value and bit != 0L) != literal.value) return null
                mask = mask or bit
                if (literal.value) value = value or bit
            }
            return longArrayOf(mask, value)
        }

        /** Assignments as the bits they write and the values written (a later one wins). */
        internal fun assignmentPattern(literals: List<FlagValue>): LongArray {
            var mask = 0L
            var value = 0L
            for (literal in literals) {
                val bit = bit(literal.flag)
                mask = mask or bit
                value = if (literal.value) value or bit else value and bit.inv()
            }
            return longArrayOf(mask, value)
        }
    }
}
