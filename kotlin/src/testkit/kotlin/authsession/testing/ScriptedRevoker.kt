// `ScriptedRevoker`: a revocation endpoint a test can take offline, as the Python kit's — answers
// from a queue in order; once it is empty, `Revoked` while `online`, else `Transient`. Owns the
// log of requests (account, scope, token type: never the token) and which tokens it revoked
// (asked through `wasRevoked`, never printed). Must not depend on the session.
package authsession.testing

import authsession.host.RevocationRequest
import authsession.host.RevokeResult
import authsession.host.Revoker
import authsession.host.Secret

class ScriptedRevoker(vararg results: RevokeResult, var online: Boolean = true) : Revoker {
    private val scripted = ArrayList<RevokeResult>(results.toList())
    private val revoked = ArrayList<Secret>()

    /** (account, scope, token type) of every request, in order. */
    val requests = ArrayList<Triple<String, String, String>>()

    fun script(vararg results: RevokeResult) {
        scripted.addAll(results)
    }

    override fun revoke(request: RevocationRequest): RevokeResult {
        requests.add(Triple(request.account, request.scope, request.tokenTypeHint))
        val answer = when {
            scripted.isNotEmpty() -> scripted.removeAt(0)
            online -> RevokeResult.Revoked
            else -> RevokeResult.Transient("network offline")
        }
        if (answer is RevokeResult.Revoked) revoked.add(request.token)
        return answer
    }

    fun wasRevoked(token: String): Boolean = Secret(token) in revoked

    override fun toString(): String = "ScriptedRevoker(online=$online, requests=${requests.size})"
}
