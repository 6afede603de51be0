// The stored item's data — a contract, versioned (docs/porting.md, "The stored item"): what an
// app version writes, every later version reads. Owns its encoding and decoding.
//
// Version 1, the only one so far, is what the Python reference writes too (an item written by
// either reads in the other): one UTF-8 JSON object, `{"account": "<account>", "secret":
// "<secret>"}` — those two string members in that order, `json.dumps`'s separators, no version
// member. A later version writes `"version": N` (N >= 2) and may add members of its own; it keeps
// `account` and `secret` and their meaning. So a reader takes `account` and `secret` from any
// version and ignores members it does not know; a payload without them, not JSON, not UTF-8, or
// with a `version` that is not a whole number >= 1, is not a credentials payload: the read is
// `failed`, never `notFound` (an item is there; "no user" would be a silent logout).

import AuthSession
import AuthSessionCore

public enum CredentialsPayload {
    /// The version this package writes.
    public static let version = 1

    /// The payload of `credentials`, as version 1.
    public static func encode(_ credentials: Credentials) -> [UInt8] {
        let payload: JSONObject = [
            "account": .string(credentials.account),
            "secret": .string(credentials.secret.reveal()),
        ]
        return Array(JSONValue.object(payload).text.utf8)
    }

    /// The credentials in a payload of any version; nil if it is not a credentials payload. The
    /// parser's message is dropped (it could quote the secret).
    public static func decode(_ data: [UInt8]) -> Credentials? {
        let text = String(decoding: data, as: UTF8.self)
        guard Array(text.utf8) == data,  // valid UTF-8: nothing was replaced
            let value = try? JSONValue(parsing: text), case .object(let payload) = value,
            case .string(let account)? = payload["account"],
            case .string(let secret)? = payload["secret"]
        else { return nil }
        switch payload["version"] {
        case nil: break  // version 1
        case .number(let version)?:
            guard version >= 1, version == version.rounded(.towardZero) else { return nil }
        default: return nil
        }
        return Credentials(account: account, secret: Secret(secret))
    }

    /// A read's result for the data an item holds.
    static func read(_ data: [UInt8]?) -> ReadResult {
        guard let credentials = data.flatMap(decode) else {
            return .failed(detail: "stored item is not an authsession credentials payload")
        }
        return .found(credentials)
    }
}
