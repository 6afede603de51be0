// Lines of UTF-8 on a byte stream, as the Python side reads them: up to a `\n`, bounded, and
// decoded strictly (bytes that are not UTF-8 are a problem, never a replacement character). Owns
// reading and writing one line; what a line means belongs to the executables. Must not know any
// protocol.
package authsession.tools

import java.io.InputStream
import java.io.OutputStream
import java.nio.ByteBuffer
import java.nio.charset.CharacterCodingException
import java.nio.charset.CodingErrorAction

/** A line that cannot be used: `problem` names it, never quotes it. */
class LineProblem(val problem: String) : Exception(problem)

class LineReader(private val input: InputStream, private val maxBytes: Int) {
    private val buffer = ByteArray(65536)
    private var start = 0
    private var end = 0

    /** The next line without its `\n` (null at the end of the stream). */
    fun read(): String? {
        val line = java.io.ByteArrayOutputStream()
        while (true) {
            if (start == end) {
                end = input.read(buffer)
                start = 0
                if (end <= 0) {
                    end = 0
                    return if (line.size() == 0) null else decode(line.toByteArray())
                }
            }
            var newline = start
            while (newline < end && buffer[newline] != '\n'.toByte()) newline++
            line.write(buffer, start, newline - start)
            val found = newline < end
            start = if (found) newline + 1 else end
            if (line.size() > maxBytes) throw LineProblem("(line): longer than ${"%,d".format(maxBytes)} bytes")
            if (found) return decode(line.toByteArray())
        }
    }

    private fun decode(bytes: ByteArray): String {
        val decoder = Charsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT)
        try {
            return decoder.decode(ByteBuffer.wrap(bytes)).toString()
        } catch (error: CharacterCodingException) {
            throw LineProblem("(line): not UTF-8")
        }
    }
}

/** Write `text` and a newline, then flush: the other side waits for each line. */
fun writeLine(output: OutputStream, text: String) {
    output.write((text + "\n").toByteArray(Charsets.UTF_8))
    output.flush()
}
