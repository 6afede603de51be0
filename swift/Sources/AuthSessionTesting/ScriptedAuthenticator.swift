// `ScriptedAuthenticator`: a server whose answers a test writes down in advance, as the Python
// kit's — answers from a queue in order; once it is empty, from a handler; with neither, every
// request is accepted with a fresh token (`token-1`, `token-2`...). Owns the queue and the log
// of requests (account names only, never secrets).

import AuthSession

public final class ScriptedAuthenticator: Authenticator {
    /// Seconds a default answer's token is valid.
    public var tokenLifetime: Double
    /// The account of every request, in order.
    public private(set) var requests: [String] = []
    private var results: [AuthResult]
    private let handler: ((Credentials) -> AuthResult)?

    public init(
        _ results: AuthResult..., tokenLifetime: Double = 3600,
        handler: ((Credentials) -> AuthResult)? = nil
    ) {
        self.results = results
        self.tokenLifetime = tokenLifetime
        self.handler = handler
    }

    /// Queue more answers.
    public func script(_ more: AuthResult...) { results += more }

    public func authenticate(_ credentials: Credentials) -> AuthResult {
        requests.append(credentials.account)
        if !results.isEmpty { return results.removeFirst() }
        if let handler { return handler(credentials) }
        return .accepted(
            token: Secret("token-\(requests.count)"), expiresIn: tokenLifetime, refreshToken: nil)
    }
}
