// `authsession.port/1`, one line at a time (docs/porting.md, "Contract: the port harness
// protocol"): a `{"reset": {...}}` line starts a sequence from a state and context and gets no
// answer; any other line is one machine event, answered with `{"state", "commands", "reason"}` in
// the bytes the reference (`authsession port`) writes. Owns the meaning of a line; reading stdin,
// flushing and exiting belong to the `authsession-port` executable. Must not do I/O.
package authsession.core

/** A port session: the core the lines drive. */
class PortSession {
    var core: SessionCore = SessionCore()
        private set

    /** Handle one line: the answer line (without its newline) for an event, null otherwise.
     *  A problem is one `WireError` naming the field (the value is never quoted). */
    fun handle(line: String): String? {
        if (line.isBlank()) return null
        val value = try {
            JsonValue.parse(line)
        } catch (error: JsonParseError) {
            throw WireError("(root)", "not JSON")
        }
        // As the reference: an object with a `reset` member is a reset, whatever else it holds.
        val reset = (value as? JsonValue.Obj)?.get("reset")
        if (reset != null) {
            core = reset(reset)
            return null
        }
        return answer(core.step(Events.decode(value))).text
    }

    private fun reset(value: JsonValue): SessionCore {
        // The reference reads `payload["reset"] or {}`: every falsy value is an empty reset.
        val empty = when (value) {
            is JsonValue.Null -> true
            is JsonValue.Bool -> !value.value
            is JsonValue.Num -> value.value == 0.0
            is JsonValue.Str -> value.value.length == 0
            is JsonValue.Arr -> value.items.isEmpty()
            is JsonValue.Obj -> value.members.isEmpty()
        }
        if (empty) return SessionCore()
        val reset = WireObject.of(value, "reset")
        reset.only("state", "context")
        val state = reset.optional("state", EnumCodec(State.values()), Spec.INITIAL_STATE)
        var context = Context()
        val flags = reset.obj["context"]
        if (flags != null) {
            val given = WireObject.of(flags, "reset.context")
            for (name in given.obj.keys) {
                val flag = wireValue<Flag>(name) ?: throw WireError("reset.context", "unknown flag")
                context = context.with(flag, given.required(name, BoolCodec.STRICT))
            }
        }
        return SessionCore(state, context)
    }

    companion object {
        /** The answer to one event: the state after it, the commands (as the row lists them)
         *  and the reason. No other members: `detail` is not part of `authsession.port/1`. */
        fun answer(step: Step): JsonValue = jsonObject(
            "state" to JsonValue.Str(step.state.wire),
            "commands" to JsonValue.Arr(step.commands.map { it.wire }),
            "reason" to JsonValue.Str(step.reason)
        )
    }
}
