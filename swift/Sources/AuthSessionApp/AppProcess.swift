// One world process of the Swift app: the hello's settings, the session built (at the first
// callback, as the world builds an in-process app right before launching it: building loads the
// snapshot, a call into the world), each callback the session's matching call, every step
// reported as it is taken, then `done` with the state, the fingerprint and the timers — the same
// lines the Python reference (`authsession app`) sends, so the world judges both alike. It takes
// the app's shared refresh lease through the world (`ready` says `lease: true`) and hears
// `shared_store_changed`. On iOS
// the keychain is the one a phone runs: the adapter over `SecurityFrameworkSecItem`, the binding
// to Apple's Security API, here bound to the shim that forwards to the world (on an Apple
// platform, where the binding would reach the real keychain, the adapter forwards directly).
// Owns whether the app is on screen, as far as its callbacks tell (launched into the
// foreground, or brought there): off screen, the binding's reads forbid a prompt.
// Must not decide anything the session decides.

import AuthSession
import AuthSessionCore
import AuthSessionKeychainIOS

#if !canImport(Security)
    import AuthSessionSecurityShim
#endif

let appName = "authsession-swift-app"

/// A `hello`'s settings, read (and checked) when it arrives, before `ready`: a malformed hello
/// is named at its own line, as the Python reference names it.
struct Settings {
    let platform: String
    let protection: ProtectionClass
    let earlier: [ProtectionClass]
    let allowInsecureProtection: Bool
    let seed: UInt64
    let service: String
    let account: String
    /// iOS: the `kSecAttrAccessControl` the item is written with.
    let accessControl: String?
    /// Which process of the app this is: the app's own, or an extension sharing its keychain
    /// item. The world keeps the lease and knows the role; the app only checks it.
    let role: LeaseRole

    init(_ hello: Fields) throws(ProtocolFailure) {
        try hello.only([
            "schema", "platform", "protection", "earlier_protections", "allow_insecure_protection",
            "seed", "item", "access_control", "app_version", "role",
        ])
        guard (try hello.optionalString("schema")) ?? "authsession.app/1" == "authsession.app/1"
        else { throw hello.fail("schema", "unknown value") }
        platform = try hello.string("platform")
        guard ["ios", "android", "memory"].contains(platform) else {
            throw hello.fail("platform", "unknown value")
        }
        protection = try hello.protection("protection")
        var earlier: [ProtectionClass] = []
        switch hello["earlier_protections"] {
        case nil, .null?: break
        case .array(let items)?:
            for item in items {
                guard case .string(let name) = item, let known = ProtectionClass(rawValue: name)
                else { throw hello.fail("earlier_protections", "unknown protection class") }
                earlier.append(known)
            }
        default: throw hello.fail("earlier_protections", "not an array")
        }
        self.earlier = earlier
        switch hello["allow_insecure_protection"] {
        case nil: allowInsecureProtection = false
        default: allowInsecureProtection = try hello.bool("allow_insecure_protection")
        }
        let seed = hello["seed"] == nil ? 0 : try hello.number("seed")
        guard let seed = UInt64(exactly: seed) else { throw hello.fail("seed", "not a seed") }
        self.seed = seed
        let item = try hello.nested("item")
        try item?.only(["service", "account"])
        service = try item?.string("service") ?? "com.example.shop"
        account = try item?.string("account") ?? credentialsItemAccount
        accessControl = try hello.optionalString("access_control")
        if let accessControl, !["user_presence", "biometry_current_set"].contains(accessControl) {
            throw hello.fail("access_control", "unknown value")
        }
        guard let role = LeaseRole(rawValue: try hello.optionalString("role") ?? "app") else {
            throw hello.fail("role", "unknown value")
        }
        self.role = role
        // Which version of the app this process is: this app behaves alike in every one (it is
        // the naive apps' migrations that differ), but a malformed one is the world's mistake.
        if hello["app_version"] != nil {
            guard try hello.count("app_version") <= 1 << 31 else {
                throw hello.fail("app_version", "too large")
            }
        }
    }
}

final class AppProcess {
    private let settings: Settings
    private let channel: Channel
    private var built: AuthSession?
    /// Work labels the resource server refused once (401) in this process.
    private var refused: Set<String> = []
    /// Launched into the foreground, or brought there since: the app may show a prompt. (The
    /// world tells no app that it went to the background; the world's keychain then refuses the
    /// prompt itself.)
    private var onScreen = false

    init(settings: Settings, channel: Channel) {
        self.settings = settings
        self.channel = channel
        channel.reset()
        channel.beforeCall = nil
    }

    private func session() throws -> AuthSession {
        if let built { return built }
        let settings = self.settings
        let keychain: any Keychain
        if settings.platform == "ios" {
            let forwarded = ForwardedSecItem(channel: channel)
            keychain = IOSKeychain(
                secItem: secItemFunctions(forwarded), service: settings.service,
                account: settings.account,
                // The world decides which classes a scenario may use; the session's config
                // below still refuses an insecure one unless the hello allows it.
                allowInsecureProtection: true, protection: settings.protection,
                earlierProtections: settings.earlier, passcodeSet: forwarded.passcodeSet,
                accessControl: settings.accessControl, biometryChanged: forwarded.biometryChanged)
        } else {
            keychain = ForwardedKeychain(channel: channel)
        }
        let channel = self.channel
        let session = try AuthSession(
            keychain: keychain, clock: ForwardedClock(channel: channel),
            authenticator: ForwardedAuthenticator(channel: channel),
            protectedData: ForwardedSignal(channel: channel),
            config: SessionConfig(
                protection: settings.protection,
                allowInsecureProtection: settings.allowInsecureProtection,
                earlierProtections: settings.earlier, seed: settings.seed, historyLimit: 64),
            workHandler: { [unowned self] label, token in try self.perform(label, token: token) },
            onNotify: { message in
                _ = try channel.call("user", "notify", [("message", .string(message.rawValue))])
            },
            store: ForwardedSnapshots(channel: channel), lease: ForwardedLease(channel: channel),
            outbox: ForwardedOutbox(channel: channel), revoker: ForwardedRevoker(channel: channel),
            onWorkFailed: { label, reason in
                _ = try channel.call(
                    "work", "fail",
                    [("label", .string(label)), ("reason", .string(reason.rawValue))])
            })
        session.onStep = { record in channel.send([("step", stepLine(record))]) }
        built = session
        return session
    }

    /// The SecItem table the adapter runs on: the Security binding over the shim, which forwards
    /// to the world.
    private func secItemFunctions(_ forwarded: ForwardedSecItem) -> any SecItemFunctions {
        #if canImport(Security)
            return forwarded
        #else
            SecurityShim.install(forwarded)
            return SecurityFrameworkSecItem(interactionAllowed: { [unowned self] in self.onScreen })
        #endif
    }

    func handle(_ callback: Fields) throws {
        let n = try callback.count("n")
        let name = try callback.string("callback")
        let session = try session()
        var escaped: JSONValue = .null
        do {
            switch name {
            case "launch":
                let mode = try callback.string("mode")
                guard ["foreground", "background", "prewarm"].contains(mode) else {
                    throw channel.fail("mode", "unknown value")
                }
                onScreen = mode == "foreground"
                try session.launch()
            case "foreground":
                onScreen = true
                try session.foreground()
            case "request_work": try session.requestWork(try label(callback.string("label")))
            case "login":
                try session.login(
                    account: try callback.string("user"),
                    password: Secret(try callback.string("password")))
            case "logout":
                let scope = try callback.optionalString("scope") ?? "local"
                guard ["local", "global", "others"].contains(scope) else {
                    throw channel.fail("scope", "unknown value")
                }
                try session.logout(scope: scope)
            case "revocation_hint": try session.revocationHint()
            case "protected_data_did_become_available":
                try session.protectedDataDidBecomeAvailable()
            case "protected_data_will_become_unavailable":
                try session.protectedDataWillBecomeUnavailable()
            case "shared_store_changed": try session.sharedStoreChanged()
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
            ("screen", .string(session.view.screen)),
        ])
    }

    /// The app's work handler: the world runs the work. A 401 from the resource server
    /// (`unauthorized`) refused the access token it was shown, not the stored credentials: the
    /// app's code asks for the work once more (queued behind this step); a second refusal drops
    /// it — as the Python reference app does.
    private func perform(_ label: String, token: Secret) throws {
        let answer = try channel.call(
            "work", "perform", [("label", .string(label)), ("token", .string(token.reveal()))])
        switch try answer.string("result") {
        case "done": return
        case "unauthorized":
            if refused.insert(label).inserted { try built?.requestWork(label) }
        default: throw channel.fail("result", "unknown value")
        }
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
            let settings = try Settings(Fields(body, channel: channel, path: "hello."))
            process = AppProcess(settings: settings, channel: channel)
            expected = 0
            channel.send([
                (
                    "ready",
                    .object([
                        "name": .string(appName), "reset": .bool(true),
                        "reset_in_call": .bool(true), "lease": .bool(true),
                        "revocation": .bool(true),
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
            // A kill the Security API could not throw (the shim answered a status) ends the
            // callback as a thrown one does: nothing of the dead process reached the world.
            if let ended = channel.ended { throw ended }
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
