// `ScriptedAuthenticator`: a server whose answers a test writes down in advance, as the Python kit's
// `ScriptedAuthenticator`. Owns a queue of answers (or a handler), and the log of requests it got
// (account names only, never secrets). Must not depend on the session.
package authsession.testing

import authsession.host.AuthResult
import authsession.host.Authenticator
import authsession.host.Credentials
import authsession.host.Secret

/** Answers from `results` in order; once they run out, from `handler`; with neither, it accepts
 *  every request with a fresh token (`token-N`) valid for `tokenLifetime` seconds. */
class ScriptedAuthenticator(
    vararg results: AuthResult,
    private val handler: ((Credentials) -> AuthResult)? = null,
    val tokenLifetime: Double = 3600.0
) : Authenticator {
    private val scripted = ArrayList<AuthResult>(results.toList())
    private val sent = ArrayList<String>()

    /** The account of every request, in order. */
    val requests: List<String> get() = ArrayList(sent)

    /** Queue more answers. */
    fun script(vararg results: AuthResult) {
        scripted.addAll(results)
    }

    override fun authenticate(credentials: Credentials): AuthResult {
        sent.add(credentials.account)
        if (scripted.isNotEmpty()) return scripted.removeAt(0)
        val handle = handler
        if (handle != null) return handle(credentials)
        return AuthResult.Accepted(Secret("token-${sent.size}"), tokenLifetime)
    }

    override fun toString(): String = "ScriptedAuthenticator(requests=${sent.size})"
}
