// Bounded exponential backoff with seeded jitter, as the Python host's `Backoff`: delays double
// from `base` up to `cap`, and jitter spreads a fleet's retries apart. Owns the jitter's
// generator: Python's `random.Random(seed).random()` (MT19937 seeded by `init_by_array`), so a
// seeded Kotlin session waits exactly as long as the Python reference does and a world replay of
// either gives the same trace. Must not read time.
package authsession.host

/** The delay before retry number `attempt` (0-based); always within (0, cap]. */
class Backoff(val base: Double, val cap: Double, val jitter: Double, private val seed: Long?) {
    // Made at the first retry: most sessions never retry.
    private var generator: MersenneTwister? = null

    fun delay(attempt: Int): Double {
        var power = 1.0
        for (i in 0 until Math.min(attempt, authsession.core.HostRules.RETRY_MAX_EXPONENT)) power *= 2
        val ceiling = Math.min(cap, base * power)
        val made = generator ?: MersenneTwister(seed ?: (java.util.Random().nextLong() ushr 1)).also { generator = it }
        return ceiling * (1.0 - jitter * made.random())
    }
}

/** MT19937 as CPython's `random` module runs it: `seed(n)` for an integer `n >= 0` (its 64 bits
 *  read as unsigned), and `random()` (53 random bits in [0, 1)). Int arithmetic wraps like the
 *  C code's uint32. */
class MersenneTwister(seed: Long) {
    private val state = IntArray(SIZE)
    private var index = SIZE

    init {
        // CPython splits |n| into 32-bit words, least significant first (0 is one word).
        val key = if (seed ushr 32 != 0L) intArrayOf(seed.toInt(), (seed ushr 32).toInt()) else intArrayOf(seed.toInt())
        state[0] = 19650218
        for (i in 1 until SIZE) state[i] = 1812433253 * (state[i - 1] xor (state[i - 1] ushr 30)) + i
        var i = 1
        var j = 0
        for (k in 0 until Math.max(SIZE, key.size)) {
            val previous = state[i - 1] xor (state[i - 1] ushr 30)
            state[i] = (state[i] xor (previous * 1664525)) + key[j] + j
            i++
            j++
            if (i >= SIZE) {
                state[0] = state[SIZE - 1]
                i = 1
            }
            if (j >= key.size) j = 0
        }
        for (k in 0 until SIZE - 1) {
            val previous = state[i - 1] xor (state[i - 1] ushr 30)
            state[i] = (state[i] xor (previous * 1566083941)) - i
            i++
            if (i >= SIZE) {
                state[0] = state[SIZE - 1]
                i = 1
            }
        }
        state[0] = Int.MIN_VALUE // 0x80000000
    }

    /** The next 32 random bits. */
    fun next(): Int {
        if (index >= SIZE) {
            for (k in 0 until SIZE) {
                val y = (state[k] and Int.MIN_VALUE) or (state[(k + 1) % SIZE] and 0x7fffffff)
                var value = state[(k + 397) % SIZE] xor (y ushr 1)
                if (y and 1 != 0) value = value xor MATRIX
                state[k] = value
            }
            index = 0
        }
        var y = state[index++]
        y = y xor (y ushr 11)
        y = y xor ((y shl 7) and TEMPER_B)
        y = y xor ((y shl 15) and TEMPER_C)
        y = y xor (y ushr 18)
        return y
    }

    /** CPython's `random()`: 27 + 26 bits of two draws. */
    fun random(): Double {
        val high = (next() ushr 5).toDouble()
        val low = (next() ushr 6).toDouble()
        return (high * 67108864.0 + low) * (1.0 / 9007199254740992.0)
    }

    private companion object {
        const val SIZE = 624
        const val MATRIX = -0x66f74f21 // 0x9908b0df
        const val TEMPER_B = -0x62d3a980 // 0x9d2c5680
        const val TEMPER_C = -0x103a0000 // 0xefc60000
    }
}
