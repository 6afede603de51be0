// The interpreter: what the generated table means, stated once (the Python reference's `step()`
// in `authsession/spec/interpreter.py` is the semantics it must match, and the shipped
// conformance vectors check it). A step is: copy the event's protected-data availability into the
// context, apply the event's effects, fire the first row for (state, event) whose guard holds over
// the context and the event's own boolean fields — entering another state clears what that state
// forgets, then the row's `sets` apply. Ignore rows come after the table's own rows, so exactly
// one row always fires. Must not depend on the wire codec or the port protocol: no I/O, no clock.
package authsession.core

/** What one event did: the state after it, the commands to run and why. */
data class Step(
    val state: State,
    val commands: List<Command>,
    val reason: String,
    val source: State,
    /** Something of the event the step reports (a lost secret's cause), else null. */
    val detail: String? = null
) {
    val changed: Boolean get() = state != source
}

/** The spec's rows compiled for stepping: candidates per (state, event), guards and assignments
 *  as bit masks, each row's `Step` built once. Shared by every core; immutable. */
class Table(
    rows: List<Row> = Spec.ROWS,
    ignoredRows: List<Row> = Spec.IGNORED_ROWS,
    eventEffects: Map<EventType, List<FlagValue>> = Spec.EVENT_EFFECTS,
    entryClears: Map<State, List<Flag>> = Spec.ENTRY_CLEARS
) {
    /** The table's rows followed by its ignore rows: every rule, in the spec's order. */
    val rows: List<Row> = rows + ignoredRows

    private class Candidate(
        val guardMask: Long,
        val guardValue: Long,
        val clears: Long,
        val setMask: Long,
        val setValue: Long,
        val row: Int,
        val step: Step
    )

    private val eventCount = EventType.values().size
    private val cells: Array<Array<Candidate>>
    private val effects: Array<LongArray>
    internal val availabilityBit = Context.bit(Spec.AVAILABILITY_FLAG)

    init {
        require(Flag.values().size + EventField.values().size <= 64) {
            "the context flags and event guard fields need more bits than a Long has"
        }
        val grouped = Array(State.values().size * eventCount) { ArrayList<Candidate>() }
        this.rows.forEachIndexed { index, row ->
            // A guard whose literals contradict each other never holds: leave it out.
            val test = Context.guardPattern(row.guard)
            if (test != null) {
                val sets = Context.assignmentPattern(row.sets)
                val entering = if (row.dest == null || row.dest == row.source) null else row.dest
                val cleared = if (entering == null) emptyList() else (entryClears[entering] ?: emptyList())
                val clears = Context.assignmentPattern(cleared.map { FlagValue(it, false) })[0]
                val step = Step(row.target, row.commands, row.reason, row.source)
                grouped[row.source.ordinal * eventCount + row.event.ordinal].add(
                    Candidate(test[0], test[1], clears, sets[0], sets[1], index, step)
                )
            }
        }
        cells = Array(grouped.size) { grouped[it].toTypedArray() }
        effects = Array(eventCount) { Context.assignmentPattern(eventEffects[EventType.values()[it]] ?: emptyList()) }
    }

    /** The row that fires for an event with these `guardBits` in `state` under `context` (after
     *  the event's own effects): its index and step, and the context after it; null only if the
     *  table is not total (a generated table always is). */
    internal fun fire(state: State, event: EventType, guardBits: Long, context: Context): Fired? {
        for (candidate in cells[state.ordinal * eventCount + event.ordinal]) {
            if (!context.matches(candidate.guardMask, candidate.guardValue, guardBits)) continue
            val cleared = Context(context.bits and candidate.clears.inv())
            return Fired(candidate.row, candidate.step, cleared.assign(candidate.setMask, candidate.setValue))
        }
        return null
    }

    internal fun applyEffects(event: EventType, context: Context): Context {
        val effect = effects[event.ordinal]
        return context.assign(effect[0], effect[1])
    }

    internal class Fired(val row: Int, val step: Step, val context: Context)

    companion object {
        /** The generated spec's table. */
        val SPEC: Table by lazy { Table() }
    }
}

/** One session's position in the spec. Feed it events with `step`; run what it returns. */
class SessionCore(
    state: State = Spec.INITIAL_STATE,
    context: Context = Context(),
    val table: Table = Table.SPEC
) {
    var state: State = state
        private set
    var context: Context = context
        private set

    /** Index in `table.rows` of the row the last step fired (an ignore row if none matched). */
    var lastRowIndex: Int? = null
        private set

    /** What the app may show: `unknown` is never `no`. */
    val userPresent: UserPresence get() = userPresence(state)

    /** The row the last step fired. */
    val lastRow: Row? get() = lastRowIndex?.let { table.rows[it] }

    /** Apply one event; return the resulting state, commands and reason. */
    fun step(event: MachineEvent): Step {
        val type = event.type
        var context = this.context
        val available = event.carriedAvailability
        if (available != null) {
            context = context.assign(table.availabilityBit, if (available) table.availabilityBit else 0L)
        }
        context = table.applyEffects(type, context)
        val fired = table.fire(state, type, event.guardBits, context)
            ?: throw IllegalStateException("no row for ${state.wire} + ${type.wire}: the table is not total")
        lastRowIndex = fired.row
        this.context = fired.context
        state = fired.step.state
        val detail = event.detail ?: return fired.step
        return fired.step.copy(detail = detail)
    }

    companion object {
        /** Whether a user is present in `state` (`Spec.USER_PRESENT`). */
        fun userPresence(state: State): UserPresence =
            Spec.USER_PRESENT[state] ?: throw IllegalStateException("the generated spec gives no user presence for ${state.wire}")
    }
}
