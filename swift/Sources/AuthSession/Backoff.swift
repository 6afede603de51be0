// Bounded exponential backoff with seeded jitter, as the Python host's `Backoff`: delays double
// from `base` up to `cap`, and jitter spreads a fleet's retries apart. Owns the jitter's
// generator: Python's `random.Random(seed).random()` (MT19937 seeded by `init_by_array`), so a
// seeded Swift session waits exactly as long as the Python reference does and a world replay of
// either gives the same trace. Must not read time.

import AuthSessionCore

/// The delay before retry number `attempt` (0-based); always within (0, cap].
public struct Backoff: Sendable {
    public let base: Double
    public let cap: Double
    public let jitter: Double
    private let seed: UInt64?
    // Made at the first retry: most sessions never retry.
    private var generator: MersenneTwister?

    public init(base: Double, cap: Double, jitter: Double, seed: UInt64?) {
        self.base = base
        self.cap = cap
        self.jitter = jitter
        self.seed = seed
    }

    public mutating func delay(attempt: Int) -> Double {
        let ceiling = min(cap, base * Double.pow2(min(attempt, HostRules.retryMaxExponent)))
        if generator == nil {
            generator = MersenneTwister(seed: seed ?? UInt64.random(in: 0...UInt64.max))
        }
        return ceiling * (1.0 - jitter * generator!.random())
    }
}

extension Double {
    fileprivate static func pow2(_ exponent: Int) -> Double {
        var value = 1.0
        for _ in 0..<exponent { value *= 2 }
        return value
    }
}

/// MT19937 as CPython's `random` module runs it: `seed(n)` for an integer `n >= 0`, and
/// `random()` (53 random bits in [0, 1)).
public struct MersenneTwister: Sendable {
    private static let size = 624
    private var state = [UInt32](repeating: 0, count: MersenneTwister.size)
    private var index = MersenneTwister.size

    public init(seed: UInt64) {
        // CPython splits |n| into 32-bit words, least significant first (0 is one word).
        var key: [UInt32] = [UInt32(truncatingIfNeeded: seed)]
        if seed >> 32 != 0 { key.append(UInt32(truncatingIfNeeded: seed >> 32)) }
        initialize(19_650_218)
        let size = MersenneTwister.size
        var i = 1
        var j = 0
        for _ in 0..<max(size, key.count) {
            let previous = state[i - 1] ^ (state[i - 1] >> 30)
            state[i] = (state[i] ^ (previous &* 1_664_525)) &+ key[j] &+ UInt32(j)
            i += 1
            j += 1
            if i >= size {
                state[0] = state[size - 1]
                i = 1
            }
            if j >= key.count { j = 0 }
        }
        for _ in 0..<(size - 1) {
            let previous = state[i - 1] ^ (state[i - 1] >> 30)
            state[i] = (state[i] ^ (previous &* 1_566_083_941)) &- UInt32(i)
            i += 1
            if i >= size {
                state[0] = state[size - 1]
                i = 1
            }
        }
        state[0] = 0x8000_0000
    }

    private mutating func initialize(_ seed: UInt32) {
        state[0] = seed
        for i in 1..<MersenneTwister.size {
            state[i] = 1_812_433_253 &* (state[i - 1] ^ (state[i - 1] >> 30)) &+ UInt32(i)
        }
    }

    public mutating func next() -> UInt32 {
        let size = MersenneTwister.size
        if index >= size {
            for k in 0..<size {
                let y = (state[k] & 0x8000_0000) | (state[(k + 1) % size] & 0x7fff_ffff)
                var value = state[(k + 397) % size] ^ (y >> 1)
                if y & 1 != 0 { value ^= 0x9908_b0df }
                state[k] = value
            }
            index = 0
        }
        var y = state[index]
        index += 1
        y ^= y >> 11
        y ^= (y << 7) & 0x9d2c_5680
        y ^= (y << 15) & 0xefc6_0000
        y ^= y >> 18
        return y
    }

    /// CPython's `random()`: 27 + 26 bits of two draws.
    public mutating func random() -> Double {
        let high = Double(next() >> 5)
        let low = Double(next() >> 6)
        return (high * 67_108_864.0 + low) * (1.0 / 9_007_199_254_740_992.0)
    }
}
