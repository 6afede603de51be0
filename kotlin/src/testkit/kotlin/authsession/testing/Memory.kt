// In-memory adapters for a session under test where no platform matters: a protected-data signal
// a test locks and unlocks, a keychain on it (unavailable while locked, never "not found"), and a
// snapshot store (the file a relaunched process reads). Must not depend on the session.
package authsession.testing

import authsession.host.Credentials
import authsession.host.DeleteResult
import authsession.host.Keychain
import authsession.host.ProtectedDataSignal
import authsession.host.ProtectionClass
import authsession.host.ReadResult
import authsession.host.SnapshotStore
import authsession.host.StoreResult

class FakeProtectedData(var isAvailable: Boolean = true) : ProtectedDataSignal {
    override fun available(): Boolean = isAvailable

    fun lock() {
        isAvailable = false
    }

    fun unlock() {
        isAvailable = true
    }
}

class MemoryKeychain(private val signal: ProtectedDataSignal) : Keychain {
    var item: Credentials? = null

    override fun read(): ReadResult {
        if (!signal.available()) return ReadResult.Unavailable()
        val found = item ?: return ReadResult.NotFound()
        return ReadResult.Found(found)
    }

    override fun store(credentials: Credentials, protection: ProtectionClass): StoreResult {
        if (!signal.available()) return StoreResult.Unavailable()
        item = credentials
        return StoreResult.Stored
    }

    override fun delete(): DeleteResult {
        if (!signal.available()) return DeleteResult.Unavailable()
        item = null
        return DeleteResult.Deleted
    }

    override fun toString(): String = "MemoryKeychain(holding=${item != null})"
}

class MemorySnapshotStore(var data: ByteArray? = null) : SnapshotStore {
    override fun load(): ByteArray? = data

    override fun save(data: ByteArray) {
        this.data = data
    }
}
