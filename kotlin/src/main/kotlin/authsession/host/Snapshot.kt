// The durable session snapshot, in the Python runtime's format (`authsession.snapshot` version
// 3, its fields and their order; version 2, what releases before issue 21 wrote, is read too):
// what of a session survives the process being killed — a `logging_out` wipe in progress
// (invariant 5) and its scope, a session the server ended (`reauth_*`, with its account), owed
// work labels (invariant 3), a revocation owed (invariant 14), the last known account id, a save
// counter. Owns encoding it and reading it back; a snapshot that cannot be
// used is a `SnapshotProblem` and the session starts fresh (the keychain still knows the user).
// No secret, and no deadline, is ever in it. Must not depend on the host or the session.
package authsession.host

import authsession.core.Context
import authsession.core.Flag
import authsession.core.JsonParseError
import authsession.core.JsonValue
import authsession.core.State
import authsession.core.jsonObject
import authsession.core.wireValue
import java.nio.ByteBuffer
import java.nio.charset.CharacterCodingException
import java.nio.charset.CodingErrorAction

data class SessionSnapshot(
    val state: State,
    val context: Context,
    val pendingWork: List<String>,
    val account: String?,
    val sequence: Int,
    /** `local` or `global`: the scope of the sign-out whose wipe is in progress. */
    val logoutScope: String = "local"
) {
    /** Where a relaunched session starts: a wipe in progress and a session the server ended
     *  survive; everything else re-reads. */
    val restoredState: State
        get() = if (state == State.LOGGING_OUT || state == State.REAUTH_CLEARING || state == State.REAUTH_REQUIRED) state else State.STARTING

    /** The work a relaunch still owes: none for a user who signed out. */
    val restoredWork: List<String>
        get() = if (restoredState == State.LOGGING_OUT || restoredState == State.LOGGED_OUT) emptyList() else pendingWork

    /** The bytes written: one JSON object and a newline. */
    val bytes: ByteArray
        get() {
            val flags = JsonValue.Obj(context.flags.map { Pair(it.flag.wire, JsonValue.Bool(it.value) as JsonValue) })
            val value = jsonObject(
                "schema" to JsonValue.Str(SCHEMA),
                "version" to JsonValue.Num(VERSION.toDouble()),
                "state" to JsonValue.Str(state.wire),
                "context" to flags,
                "pending_work" to JsonValue.Arr(pendingWork.map { JsonValue.Str(it) }),
                "logout_scope" to JsonValue.Str(logoutScope),
                "account" to (if (account == null) JsonValue.Null else JsonValue.Str(account)),
                "sequence" to JsonValue.Num(sequence.toDouble())
            )
            return (value.compactText + "\n").toByteArray(Charsets.UTF_8)
        }

    companion object {
        const val SCHEMA = "authsession.snapshot"
        const val VERSION = 3
        const val MAX_BYTES = 1 shl 20
        const val MAX_PENDING_WORK = 10000
        const val MAX_ACCOUNT_CHARACTERS = 1000
        const val MAX_LABEL_CHARACTERS = 200

        /** The snapshot in `data`, or a `SnapshotProblem` naming the first problem with it. */
        fun parse(data: ByteArray): SessionSnapshot {
            if (data.size > MAX_BYTES) throw SnapshotProblem("(file): larger than $MAX_BYTES bytes")
            val value = try {
                val decoder = Charsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                JsonValue.parse(decoder.decode(ByteBuffer.wrap(data)).toString())
            } catch (error: CharacterCodingException) {
                null
            } catch (error: JsonParseError) {
                null
            }
            val obj = value as? JsonValue.Obj ?: throw SnapshotProblem("(root): not a JSON object")
            if (obj["schema"] != JsonValue.Str(SCHEMA)) throw SnapshotProblem("schema: not '$SCHEMA'")
            val version = obj["version"]
            if (version != JsonValue.Num(2.0) && version != JsonValue.Num(VERSION.toDouble())) {
                throw SnapshotProblem("version: this build reads 2, $VERSION")
            }
            val name = (obj["state"] as? JsonValue.Str)?.value
            val state = (if (name == null) null else wireValue<State>(name)) ?: throw SnapshotProblem("state: not a state")
            var context = Context()
            val flags = obj["context"] as? JsonValue.Obj
            if (flags != null) {
                for (flag in Flag.values()) {
                    val on = flags[flag.wire] as? JsonValue.Bool
                    if (on != null) context = context.with(flag, on.value)
                }
            }
            val work = ArrayList<String>()
            val labels = obj["pending_work"]
            if (labels != null) {
                if (labels !is JsonValue.Arr || labels.items.size > MAX_PENDING_WORK) {
                    throw SnapshotProblem("pending_work: not a list of labels")
                }
                for (item in labels.items) {
                    val label = (item as? JsonValue.Str)?.value
                    if (label == null || label.length == 0 || label.codePointCount(0, label.length) > MAX_LABEL_CHARACTERS) {
                        throw SnapshotProblem("pending_work: not a work label")
                    }
                    work.add(label)
                }
            }
            val stored = obj["account"]
            val account = when {
                stored == null || stored is JsonValue.Null -> null
                stored is JsonValue.Str && stored.value.codePointCount(0, stored.value.length) <= MAX_ACCOUNT_CHARACTERS -> stored.value
                else -> throw SnapshotProblem("account: not an account id")
            }
            var sequence = 0
            val count = obj["sequence"]
            if (count != null) {
                val number = (count as? JsonValue.Num)?.value
                if (number == null || number < 0 || number != Math.rint(number) || number >= 2147483647.0) {
                    throw SnapshotProblem("sequence: not a count")
                }
                sequence = number.toInt()
            }
            var scope = "local"
            if (version == JsonValue.Num(2.0)) {
                // Version 2 said "a wipe is in progress" twice: one fact, kept once from version 3.
                val tombstone = obj["logout_tombstone"] ?: JsonValue.Bool(false)
                if (tombstone != JsonValue.Bool(state == State.LOGGING_OUT)) {
                    throw SnapshotProblem("logout_tombstone: must be true exactly when state is logging_out")
                }
            } else {
                if (obj["logout_tombstone"] != null) throw SnapshotProblem("(root): unknown field")
                val named = obj["logout_scope"]
                if (named != null) {
                    val given = (named as? JsonValue.Str)?.value
                    if (given != "local" && given != "global") throw SnapshotProblem("logout_scope: not a scope")
                    scope = given
                }
            }
            return SessionSnapshot(state, context, work, account, sequence, scope)
        }
    }
}

/** Why a stored snapshot cannot be used: `field: problem`, never a quote of the stored bytes. */
class SnapshotProblem(message: String) : Exception(message)
