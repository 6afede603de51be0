// The Kotlin core against the shipped conformance vectors (every step of every vector, natively,
// and every generated row fired by one), and the generated data against what the interpreter
// assumes: for every state, event variant and context exactly one rule decides, and the event's
// guard bits are its true boolean fields above the flags.
package authsession.core

import org.junit.Assert.assertEquals
import org.junit.Assert.assertTrue
import org.junit.Test
import java.io.File

class CoreTest {
    private fun vectors(): List<JsonValue.Obj> {
        val path = System.getenv("AUTHSESSION_VECTORS") ?: "authsession/conformance/data/vectors.json"
        val suite = JsonValue.parse(File(path).readText()) as JsonValue.Obj
        return (suite["vectors"] as JsonValue.Arr).items.map { it as JsonValue.Obj }
    }

    private fun allContexts(): List<Context> =
        (0 until (1 shl Flag.values().size)).map { Context(it.toLong()) }

    @Test
    fun everyShippedVectorPassesStepByStep() {
        val fired = HashSet<Int>()
        var steps = 0
        for (vector in vectors()) {
            val initial = vector["initial"] as JsonValue.Obj
            val state = wireValue<State>((initial["state"] as JsonValue.Str).value)!!
            var context = Context()
            for ((name, value) in (initial["context"] as JsonValue.Obj).members) {
                context = context.with(wireValue<Flag>(name)!!, (value as JsonValue.Bool).value)
            }
            val core = SessionCore(state, context)
            val events = (vector["events"] as JsonValue.Arr).items
            val expected = (vector["expected"] as JsonValue.Arr).items
            assertEquals(expected.size, events.size)
            for ((event, answer) in events.zip(expected)) {
                val step = core.step(Events.decode(event))
                fired.add(core.lastRowIndex!!)
                assertEquals((vector["name"] as JsonValue.Str).value, answer, PortSession.answer(step))
                steps++
            }
        }
        assertTrue(steps > 1000)
        for ((index, row) in Spec.ROWS.withIndex()) assertTrue(row.key, index in fired)
    }

    @Test
    fun everyStateEventAndContextHasExactlyOneRule() {
        for (state in State.values()) {
            for (event in Events.ALPHABET) {
                for (context in allContexts()) {
                    val matching = Spec.ROWS.filter { it.source == state && it.event == event.type && holds(it, context, event) }
                    assertTrue("$state $event $context", matching.size <= 1)
                    if (matching.isEmpty()) {
                        val ignored = Spec.IGNORED_ROWS.filter { it.source == state && it.event == event.type }
                        assertEquals("$state $event $context", 1, ignored.size)
                    }
                }
            }
        }
    }

    @Test
    fun theInterpreterFiresTheRuleALiteralReadingNames() {
        for (state in State.values()) {
            for (event in Events.ALPHABET) {
                for (start in allContexts()) {
                    var context = start
                    val available = event.carriedAvailability
                    if (available != null) context = context.with(Spec.AVAILABILITY_FLAG, available)
                    for (effect in Spec.EVENT_EFFECTS[event.type] ?: emptyList()) context = context.with(effect.flag, effect.value)
                    val rule = (Spec.ROWS + Spec.IGNORED_ROWS).first { it.source == state && it.event == event.type && holds(it, context, event) }
                    val core = SessionCore(state, start)
                    val step = core.step(event)
                    assertEquals(rule, core.lastRow)
                    assertEquals(rule.target, step.state)
                    assertEquals(rule.reason, step.reason)
                }
            }
        }
    }

    @Test
    fun guardBitsAreTheEventsTrueFieldsAboveTheFlags() {
        val flagBits = (1L shl Flag.values().size) - 1
        for (event in Events.ALPHABET) {
            assertEquals(0L, event.guardBits and flagBits)
            val wire = event.wire as JsonValue.Obj
            for (field in EventField.values()) {
                val value = wire[field.wire] == JsonValue.Bool(true) && field in event.type.guardFields
                assertEquals("$event ${field.wire}", value, event.guardBits and field.bit(true) != 0L)
            }
            assertEquals(event, Events.decode(JsonValue.parse(event.wire.text)))
        }
    }

    @Test
    fun aMalformedLineIsOneWireErrorNamingTheField() {
        val port = PortSession()
        val problems = listOf(
            "{\"type\": \"app_launched\", \"protected_data_available\": 1}" to "app_launched.protected_data_available: not a boolean",
            "{\"type\": \"app_launched\"}" to "app_launched.protected_data_available: missing",
            "{\"type\": \"CANARY-s3cr3t\"}" to "type: unknown value",
            "[\"CANARY-s3cr3t\"]" to "(root): not a JSON object",
            "{\"CANARY-s3cr3t" to "(root): not JSON",
            "{\"reset\": {\"context\": {\"CANARY-s3cr3t\": true}}}" to "reset.context: unknown flag"
        )
        for ((line, problem) in problems) {
            try {
                port.handle(line)
                throw AssertionError("accepted: $problem")
            } catch (error: WireError) {
                assertEquals(problem, error.toString())
            }
        }
    }

    @Test
    fun jsonIsWrittenInTheReferencesBytes() {
        // `json.dumps`: ensure_ascii escapes as UTF-16 units, `", "` and `": "` separators.
        val value = jsonObject("a" to JsonValue.Str("caf\u00e9 \u2603 \ud83d\ude00 \"q\" \\ \n\u0001"),
            "b" to JsonValue.Arr(listOf(JsonValue.Num(2.0), JsonValue.Num(0.5), JsonValue.Bool(true), JsonValue.Null)))
        val expected = "{\"a\": \"caf\\u00e9 \\u2603 \\ud83d\\ude00 \\\"q\\\" \\\\ \\n\\u0001\", \"b\": [2, 0.5, true, null]}"
        assertEquals(expected, value.text)
        assertEquals(value, JsonValue.parse(value.text))
        assertEquals(expected.replace(", ", ",").replace(": ", ":"), value.compactText)
    }

    private fun holds(row: Row, context: Context, event: MachineEvent): Boolean = row.guard.all { literal ->
        val flag = literal.flag
        if (flag != null) {
            context[flag] == literal.value
        } else {
            val wire = event.wire as JsonValue.Obj
            (wire[literal.eventField!!.wire] == JsonValue.Bool(true)) == literal.value
        }
    }
}
