"""The host's numbers and orders, as data: what a host must do that no row of the table says.

Owns: the retry backoff's curve and generator, the token leeway, the timers' names, the order and
number of protected-data samples around a read, when timers are checked and fired, and when the
snapshot is loaded and saved — the constants the Python host (`authsession.runtime`) runs on and
the generated Swift and Kotlin cores carry (`HostRules`), every decision the host makes about
secrets, the account and the app's calls that no row states, and `host_json()`, the `host`
section of `spec.json`, from which docs/porting.md's "The host's rules as data" is rendered. Each
rule is checked against the Python host by a test (`tests/runtime/test_host_rules.py`) and, call
for call, by `authsession difftest --app`.
Must not import anything but the spec's own modules.
"""

from __future__ import annotations

from typing import Any, Final

#: The retry backoff: `min(cap, base * 2^min(attempt, MAX_EXPONENT)) * (1 - jitter * U)`.
RETRY_BASE_SECONDS: Final = 1.0
RETRY_CAP_SECONDS: Final = 300.0
RETRY_JITTER: Final = 0.2
RETRY_MAX_EXPONENT: Final = 64
#: The token timer fires this long before the token expires, at most this share of its lifetime.
TOKEN_LEEWAY_SECONDS: Final = 30.0
TOKEN_LEEWAY_MAX_FRACTION: Final = 0.5
#: The timers' names (the keys of `done.deadlines` in `authsession.app/1`).
RETRY_TIMER: Final = "retry"
TOKEN_TIMER: Final = "token_expiry"
#: The revocation outbox's timer (issue 21): its own attempt count, not cancelled by a state change.
REVOCATION_TIMER: Final = "revocation"
#: Tokens a revocation outbox keeps (the oldest dropped beyond it).
OUTBOX_MAX_ENTRIES: Final = 100

_BACKOFF: Final = {
    "base_seconds": RETRY_BASE_SECONDS,
    "cap_seconds": RETRY_CAP_SECONDS,
    "jitter": RETRY_JITTER,
    "max_exponent": RETRY_MAX_EXPONENT,
    "timer": RETRY_TIMER,
    "delay": "min(cap_seconds, base_seconds * 2^min(attempt, max_exponent)) * (1 - jitter * U)",
    "attempt": "0 at the first schedule_retry; one more after each schedule_retry; back to 0 "
    "whenever a step changes the state (which also cancels the retry timer)",
    "generator": "CPython's random.Random(seed).random(): MT19937 seeded by init_by_array "
    "with the seed's 32-bit words, least significant first (seed 0 is the one word 0); "
    "random() takes two outputs a, b and returns ((a >> 5) * 67108864 + (b >> 6)) / 2^53",
    "seed": "SessionConfig.seed; an app process of authsession.app/1 uses hello.seed",
    "generators": "one per session, so one per process: made at the first schedule_retry and "
    "never reseeded; every schedule_retry draws one U, also when retry_after wins",
    "retry_after": "the Retry-After of the last auth_transient answer (null if it gave none, "
    "or if authenticate raised) is a floor: the next schedule_retry waits max(delay, "
    "retry_after), then forgets it; a state change does not",
    "deadline": "the clock's monotonic reading when schedule_retry runs, plus the delay",
}

_TOKEN: Final = {
    "leeway_seconds": TOKEN_LEEWAY_SECONDS,
    "leeway_max_fraction": TOKEN_LEEWAY_MAX_FRACTION,
    "timer": TOKEN_TIMER,
    "deadline": "the clock's monotonic reading when the auth_accepted answer is taken (right "
    "after the authenticate call returns), plus expires_in - min(leeway_seconds, expires_in * "
    "leeway_max_fraction); expires_at is not used",
}

_REVOCATION: Final = {
    "timer": REVOCATION_TIMER,
    "delay": "the retry backoff's curve and generator (the same generator: one U per "
    "schedule_revocation), with the revocation's own attempt count",
    "attempt": "0 at the first schedule_revocation; one more after each; back to 0 when a "
    "revoke answers revocation_completed, and when a foreground or did-become-available makes "
    "the timer due now; a change of state neither resets it nor cancels the timer",
    "due_now": "a foreground and a protected_data_did_become_available move an armed "
    "revocation timer's deadline to now (the clock read once) before anything else; "
    "did-become-available then queues revocation_due first if it is due (a foreground fires "
    "every due timer anyway)",
    "restore": "a snapshot whose context says revocation_pending arms the timer at deadline 0 "
    "when the session is built (no clock is read)",
    "queue": "queue_revocation: the credentials the last read found, then those a sign-out took "
    "out of the hand (the same token once); none: revocation_queued at once, no call. Else read "
    "the outbox; append each token not already in it, with the sign-out's scope; keep the last "
    f"{OUTBOX_MAX_ENTRIES}; write only if that changed anything. Stored (or nothing to write): "
    "revocation_queued, and the host lets the queued credentials go; a read or write answering "
    "unavailable: revocation_queue_unavailable with the signal sampled then; anything else, a "
    "throw included: revocation_queue_failed",
    "revoke": "revoke: read the outbox; empty: revocation_completed (signal sampled after), "
    "more_queued false; else send its first entry to the revocation endpoint (account, token, "
    "scope, token_type_hint refresh_token); transient: revocation_failed; revoked or refused: "
    "write the outbox without it, then revocation_completed with more_queued = others remain; "
    "a read or write answering unavailable: revocation_unavailable; anything else, a throw "
    "included: revocation_failed",
    "revoke_others": "revoke_others: the session's access token (none: "
    "others_revocation_failed at once) to the endpoint with scope others and token_type_hint "
    "access_token; revoked: others_revoked, else others_revocation_failed",
}

_READ_SAMPLING: Final = (
    {
        "when": "before the read",
        "sample": "general",
        "rule": "always: the signal for the configured class (protection null)",
    },
    {
        "when": "before the read",
        "sample": "each class",
        "rule": "always, whatever the general sample said: every class the item may be stored "
        "under — the configured one, then each earlier one, no class twice — in that order, "
        "stopping at the first that is not available; with no earlier class this is the "
        "general sample once more (protection null), with earlier ones every class is asked "
        "by name, the configured one too",
    },
    {
        "when": "after the read",
        "sample": "general",
        "rule": "only if the general sample before said available; taken for every result",
    },
    {
        "when": "after the read",
        "sample": "each class",
        "rule": "only for a NotFound, and only if every class said available before; same "
        "order, stopping at the first that is not available",
    },
)

_READ_ANSWER: Final = (
    "keychain_not_found.protected_data_available: every class before and after said available; "
    "every other keychain_* event: the general sample before and after both said available; a "
    "signal that throws says not available (so a throw before the read skips the general "
    "sample after it, and makes a NotFound not authoritative)"
)

_TIMERS: Final = (
    "A foreground, a request_work and a tick (a timer check) read the clock once, first — also "
    "when they are called from inside a step (a work handler calling back) — and queue the "
    "event of every due timer (deadline <= now), earliest deadline first, before their own "
    "event.",
    "A due timer's event is produced when its turn comes: the clock is read again (a timer "
    "no longer due or no longer armed is skipped), the timer is disarmed, and retry_due "
    "samples the signal then. Each timer's event is applied, and its answers with it, before "
    "the next timer's.",
    "A clock that throws, or answers a value that is not finite, keeps its last reading (0 "
    "before the first): timers fire late, never early.",
)

_SNAPSHOT: Final = (
    "Loaded once per process, at its first callback (whatever it is), before anything else: "
    "the process's first adapter call.",
    "Saved after each event is applied and before its commands run, and once more when the "
    "callback's queue is empty, each time only if it changed: state, the flags, the owed "
    "labels or the account differ from the last snapshot this process saved successfully — "
    "nothing, at first, so the first step of every process saves, whatever was loaded. The "
    "sign-out's scope is part of what is compared.",
    "A save that throws or fails is not a change saved: the next step tries again.",
)

_WORK: Final = (
    "request_work appends its label to the owed labels when its work_requested event is "
    "produced (its turn), then samples the signal; with 10,000 labels owed it is refused (no "
    "event).",
    "After every step whose state is logging_out or logged_out — an ignored work_requested "
    "in logged_out too — the host drops every secret (in logging_out: but the credentials a "
    "read just found and those taken out of the hand, kept for queue_revocation), the token "
    "timer, the account and every owed label (unless the step has fail_work, which hands them "
    "back): an ignored request's label is dropped at once, never performed or reported.",
    "After a step that enters reauth_clearing or reauth_required the host drops every secret "
    "and the token timer; the account and the owed labels stay.",
    "fail_work hands every owed label back to the app's on_work_failed, in order, with the "
    "command's reason; each is failed, not completed.",
    "perform_work runs every owed label in order with the session token; a label whose handler "
    "throws is failed, the others still run.",
    "A resource server's 401 on a unit of work (work.perform answers unauthorized) asks for "
    "that label once more, from inside the handler (request_work, queued behind the step); a "
    "second 401 for the same label in the same process drops it.",
)

_IN_HAND: Final = (
    "A step's in_hand is the store_pending flag when its event is applied (after the event's "
    "effects, before the row's sets): an answer's step, not the command's moment.",
    "The host's own credentials in hand: the typed credentials of a login (kept only if the "
    "login's step commands sign_in) once the server accepts them, or a refresh token the "
    "server rotated to (it replaces them); store_credentials writes them, and a "
    "store_completed for them lets them go.",
)

#: Decisions the host makes about secrets, the account and the app's calls that no row states
#: (issue 25: every one is written here, so docs/porting.md shows it).
_DECISIONS: Final = (
    "authenticate sends the credentials the last read found, else those in hand; a read's "
    "credentials are forgotten once sent (a stored secret lives in memory for one request).",
    "rotated_elsewhere remembers digests only: the secret last sent, and every secret this "
    "process saw rotated away (retired); a sign-out and the server's end of the session forget "
    "them all.",
    "A refusal (auth_rejected, auth_transient, or a throw) of the credentials in hand — the "
    "successor of a rotation — un-retires every older secret: the next read that finds one of "
    "them says rotated_elsewhere (so its rejection is not final), because a secret this "
    "process replaced is worth one more try once its successor is refused (an exchange does "
    "not consume a password an earlier version stored).",
    "A login's typed credentials are forgotten when the server refuses them, and become the "
    "credentials in hand when it accepts them.",
    "The account is the one a read found or an accepted authentication was for; a sign-out "
    "forgets it, the server's end of a session keeps it (login_requested.same_account compares "
    "the typed account with it).",
    "A logout while the sign-out's wipe runs (logging_out) does not change the recorded scope; "
    "otherwise global is recorded as global and anything else as local.",
    "The access token an app may use: the session's token while token_valid holds and the "
    "clock, read when asked, gives a finite reading before the token timer's deadline; else "
    "none.",
    "perform_work hands a label to the work handler only with a session token and a handler; "
    "a label without either, and a token request's own label (access_token), counts as "
    "completed without a call; fail_work never reports a token request's label.",
    "A snapshot that cannot be read or used is ignored (the session starts fresh: the keychain "
    "still knows the user); an account too long for the snapshot is saved as none.",
)


def host_json() -> dict[str, Any]:
    """The `host` section of spec.json."""
    return {
        "backoff": dict(_BACKOFF),
        "token": dict(_TOKEN),
        "revocation": dict(_REVOCATION),
        "read_sampling": [dict(s) for s in _READ_SAMPLING],
        "read_answer": _READ_ANSWER,
        "timers": list(_TIMERS),
        "snapshot": list(_SNAPSHOT),
        "work": list(_WORK),
        "in_hand": list(_IN_HAND),
        "decisions": list(_DECISIONS),
    }


def host_markdown() -> str:
    """`host_json()` as docs/porting.md shows it."""
    b, t = _BACKOFF, _TOKEN
    out = [
        "| rule | value |",
        "|---|---|",
        f"| retry delay | `{b['delay']}` with base_seconds {b['base_seconds']:g}, cap_seconds "
        f"{b['cap_seconds']:g}, jitter {b['jitter']:g}, max_exponent {b['max_exponent']} |",
        f"| attempt | {b['attempt']} |",
        f"| U | {b['generator']} |",
        f"| seed | {b['seed']} |",
        f"| generators | {b['generators']} |",
        f"| `retry_after` | {b['retry_after']} |",
        f"| retry deadline | {b['deadline']}; the timer's name (`done.deadlines` key) is "
        f"`{b['timer']}` |",
        f"| token deadline | {t['deadline']}; leeway_seconds {t['leeway_seconds']:g}, "
        f"leeway_max_fraction {t['leeway_max_fraction']:g}; the timer's name is "
        f"`{t['timer']}` |",
        f"| revocation timer | `{_REVOCATION['timer']}`: {_REVOCATION['delay']}; attempt: "
        f"{_REVOCATION['attempt']} |",
        f"| revocation due now | {_REVOCATION['due_now']}; {_REVOCATION['restore']} |",
        f"| `queue_revocation` | {_REVOCATION['queue']} |",
        f"| `revoke` | {_REVOCATION['revoke']} |",
        f"| `revoke_others` | {_REVOCATION['revoke_others']} |",
        "",
        "Protected-data samples around a `read_credentials` (each one `protected_data.available` "
        "in `authsession.app/1`), in this order:",
        "",
    ]
    for number, sample in enumerate(_READ_SAMPLING, 1):
        out.append(f"{number}. {sample['when']}, {sample['sample']}: {sample['rule']}.")
    out += ["", f"The answer: {_READ_ANSWER}.", ""]
    for title, rules in (
        ("Timers", _TIMERS),
        ("The snapshot", _SNAPSHOT),
        ("Owed work", _WORK),
        ("Credentials in hand", _IN_HAND),
        ("Secrets, the account and the app's calls", _DECISIONS),
    ):
        out.append(f"**{title}.**")
        out.append("")
        out.extend(f"- {rule}" for rule in rules)
        out.append("")
    return "\n".join(out)
