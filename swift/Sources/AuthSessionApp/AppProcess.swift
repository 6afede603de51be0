// One world process of the Swift app: the hello's settings, the session built (at the first
// callback, as the world builds an in-process app right before launching it: building loads the
// snapshot, a call into the world), each callback the session's matching call, every step
// reported as it is taken, then `done` with the state, the fingerprint and the timers — the same
// lines the Python reference (`authsession app`) sends, so the world judges both alike.
// Must not decide anything the session decides.

import AuthSession
import AuthSessionCore
import AuthSessionKeychainIOS

let appName = "authsession-swift-app"

final class AppProcess {
    private let hello: Fields
    private let channel: Channel
    private var built: AuthSession?

    init(hello: Fields, channel: Channel) {
        self.hello = hello
        self.channel = channel
        channel.reset()
        channel.beforeCall = nil
    }

    private func session() throws -> AuthSession {
        if let built { return built }
        let platform = try hello.string("platform")
        guard ["ios", "android", "memory"].contains(platform) else {
            throw channel.fail("platform", "unknown value")
        }
        let protection = try hello.protection("protection")
        var earlier: [ProtectionClass] = []
        if case .array(let items)? = hello["earlier_protections"] {
            for item in items {
                guard case .string(let name) = item, let known = ProtectionClass(rawValue: name)
                else {
                    throw channel.fail("earlier_protections", "unknown protection class")
                }
                earlier.append(known)
            }
        }
        let seed = hello["seed"] == nil ? 0 : try hello.number("seed")
        let keychain: any Keychain
        if platform == "ios" {
            let item = try hello.nested("item")
            let secItem = ForwardedSecItem(channel: channel)
            keychain = IOSKeychain(
                secItem: secItem, service: try item?.string("service") ?? "com.example.shop",
                account: try item?.string("account") ?? credentialsItemAccount,
                // The world decides which classes a scenario may use; the session's config
                // below still refuses an insecure one unless the hello allows it.
                allowInsecureProtection: true, protection: protection,
                passcodeSet: secItem.passcodeSet)
        } else {
            keychain = ForwardedKeychain(channel: channel)
        }
        let channel = self.channel
        let session = try AuthSession(
            keychain: keychain, clock: ForwardedClock(channel: channel),
            authenticator: ForwardedAuthenticator(channel: channel),
            protectedData: ForwardedSignal(channel: channel),
            config: SessionConfig(
                protection: protection,
                allowInsecureProtection: hello["allow_insecure_protection"] == .bool(true),
                earlierProtections: earlier, seed: UInt64(exactly: seed) ?? 0, historyLimit: 64),
            workHandler: { label, _ in
                _ = try channel.call("work", "perform", [("label", .string(label))])
            },
            onNotify: { message in
                _ = try channel.call("user", "notify", [("message", .string(message.rawValue))])
            },
            store: ForwardedSnapshots(channel: channel))
        session.onStep = { record in channel.send([("step", stepLine(record))]) }
        built = session
        return session
    }

    func handle(_ callback: Fields) throws {
        let n = try callback.count("n")
        let name = try callback.string("callback")
        let session = try session()
        var escaped: JSONValue = .null
        do {
            switch name {
            case "launch":
                guard ["foreground", "background", "prewarm"].contains(try callback.string("mode"))
                else {
                    throw channel.fail("mode", "unknown value")
                }
                try session.launch()
            case "foreground": try session.foreground()
            case "request_work": try session.requestWork(try label(callback.string("label")))
            case "login":
                try session.login(
                    account: try callback.string("user"),
                    password: Secret(try callback.string("password")))
            case "logout": try session.logout()
            case "protected_data_did_become_available":
                try session.protectedDataDidBecomeAvailable()
            case "protected_data_will_become_unavailable":
                try session.protectedDataWillBecomeUnavailable()
            case "tick": try session.poll()
            default: throw channel.fail("callback", "unknown value")
            }
        } catch let ending as any ProcessEnding {
            throw ending
        } catch {
            // What a run loop would catch and log (by type only).
            let kind = String(describing: type(of: error)).filter {
                $0.isLetter || $0.isNumber || $0 == "_"
            }
            escaped = .object([
                "error": .string(kind.isEmpty ? "Error" : kind),
                "injected": .bool(error is AdapterRaised),
            ])
        }
        channel.send([
            ("done", .number(Double(n))), ("state", .string(session.state.rawValue)),
            ("fingerprint", session.fingerprint),
            (
                "deadlines",
                .object(
                    JSONObject(session.timers.map { (key: $0.name, value: .number($0.deadline)) }))
            ),
            ("escaped", escaped),
        ])
    }

    private func label(_ text: String) throws -> String {
        guard (1...200).contains(text.count) else {
            throw channel.fail("label", "must be 1 to 200 characters")
        }
        return text
    }
}

/// A step as the app reports it: no secrets.
func stepLine(_ record: StepRecord) -> JSONValue {
    let step = record.step
    return .object([
        "event": record.event.wire,
        "source": .string(step.source.rawValue),
        "state": .string(step.state.rawValue),
        "reason": .string(step.reason),
        "commands": .array(step.commands.map { $0.wire.typeName }),
        "detail": step.detail.map(JSONValue.string) ?? .null,
        "in_hand": .bool(record.inHand),
    ])
}

extension JSONValue {
    /// A command's `type`.
    fileprivate var typeName: JSONValue {
        guard case .object(let object) = self, let type = object["type"] else { return .null }
        return type
    }
}

/// Speak `authsession.app/1` on stdin/stdout until the world closes the pipe.
func serve() throws(ProtocolFailure) {
    let channel = Channel()
    var process: AppProcess?
    var expected = 0
    var pending: JSONObject?
    while true {
        let line: JSONObject
        if let hello = pending {
            line = ["hello": .object(hello)]
            pending = nil
        } else {
            guard let read = try channel.read() else { return }
            line = read
        }
        if let hello = line["hello"] {
            guard case .object(let body) = hello else {
                throw channel.fail("hello", "not an object")
            }
            let fields = Fields(body, channel: channel)
            guard
                (try fields.optionalString("schema")) ?? "authsession.app/1" == "authsession.app/1"
            else {
                throw channel.fail("hello.schema", "unknown value")
            }
            process = AppProcess(hello: fields, channel: channel)
            expected = 0
            channel.send([
                (
                    "ready",
                    .object([
                        "name": .string(appName), "reset": .bool(true),
                        "reset_in_call": .bool(true),
                    ])
                )
            ])
            continue
        }
        guard let process else {
            throw channel.fail("hello", "missing: the first line must be a hello")
        }
        expected += 1
        let callback = Fields(line, channel: channel)
        let n = try callback.count("n")
        if n != expected { throw channel.fail("n", "callback \(n), expected \(expected)") }
        do {
            try process.handle(callback)
        } catch let restart as Restart {
            pending = restart.hello  // killed mid-call: a fresh process, at once
        } catch is WorldEnded {
            return
        } catch let failure as ProtocolFailure {
            throw failure
        } catch {
            throw channel.fail("(app)", "unexpected \(type(of: error))")
        }
    }
}
