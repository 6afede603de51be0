// `authsession-port.jar`: the Kotlin core as an `authsession.port/1` process, for
// `authsession vectors verify --port` and `authsession difftest --port`.
//
//   java -jar authsession-port.jar      JSON lines on stdin, one answer line per event on stdout
//
// Owns the process: reading stdin, flushing each answer (the harness waits for it), and ending
// on a malformed line with one stderr line and exit 2, as the reference `authsession port` does.
// What a line means is `PortSession` in the core.
package authsession.tools

import authsession.core.PortSession
import authsession.core.WireError
import java.io.BufferedOutputStream
import kotlin.system.exitProcess

private const val PROGRAM = "authsession-port"

/** The longest line read (the reference bounds its input too). */
private const val MAX_LINE_BYTES = 16 * 1024 * 1024

fun main(args: Array<String>) {
    if (args.isNotEmpty()) fail("usage: $PROGRAM (JSON lines on stdin)")
    val session = PortSession()
    val reader = LineReader(System.`in`, MAX_LINE_BYTES)
    val output = BufferedOutputStream(System.out)
    var number = 0
    while (true) {
        number += 1
        try {
            val line = reader.read() ?: break
            val answer = session.handle(line)
            if (answer != null) writeLine(output, answer)
        } catch (error: WireError) {
            fail("stdin:$number: $error")
        } catch (problem: LineProblem) {
            fail("stdin:$number: ${problem.problem}")
        }
    }
    output.flush()
    exitProcess(0)
}

private fun fail(message: String): Nothing {
    System.out.flush()
    System.err.println("$PROGRAM: $message")
    System.err.flush()
    exitProcess(2)
}
