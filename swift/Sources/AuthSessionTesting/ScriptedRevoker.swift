// `ScriptedRevoker`: a revocation endpoint a test can take offline, as the Python kit's — answers
// from a queue in order; once it is empty, `revoked` while `online`, else `transient`. Owns the
// log of requests (account, scope and token type: never the token) and which tokens it revoked
// (asked through `wasRevoked`, never printed).

import AuthSession

public final class ScriptedRevoker: Revoker {
    public var online: Bool
    /// (account, scope, token type) of every request, in order.
    public private(set) var requests: [(account: String, scope: String, hint: String)] = []
    private var results: [RevokeResult]
    private var revoked: [Secret] = []

    public init(_ results: RevokeResult..., online: Bool = true) {
        self.results = results
        self.online = online
    }

    public func script(_ more: RevokeResult...) { results += more }

    public func revoke(_ request: RevocationRequest) -> RevokeResult {
        requests.append((request.account, request.scope, request.tokenTypeHint))
        let answer: RevokeResult
        if !results.isEmpty {
            answer = results.removeFirst()
        } else {
            answer = online ? .revoked : .transient(detail: "network offline")
        }
        if case .revoked = answer { revoked.append(request.token) }
        return answer
    }

    public func wasRevoked(_ token: String) -> Bool { revoked.contains(Secret(token)) }
}
