"""Record-level assertions for a team's tests: the invariant checks, and no silent no-op.

Owns: `assert_invariants` (fails the test listing every broken invariant of the trace-level
checks, `authsession.invariants.check_records`) and `assert_offered` (fails the test when a call
did nothing because the session's state does not offer it, or was queued). The checks themselves
are written once, in `authsession.invariants`; this module only turns their verdicts into test
failures. Must not import the runtime or the world (it reads what they return).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Protocol

from authsession.invariants import Record, check_records

if TYPE_CHECKING:
    from authsession.spec.interpreter import Transition


class _HasRecords(Protocol):
    @property
    def records(self) -> tuple[Record, ...]: ...


def assert_invariants(records: Iterable[Record] | _HasRecords) -> None:
    """Fail the test, listing every broken invariant, if these records (or an `AuthSession`'s
    `records`) break any invariant a trace shows: 1 (only the user, a confirmed server rejection
    or an authoritative NotFound end a session), 2 (no read or request while the class is
    locked), 3 (deferred work is kept), 4 (transient failures never log out), 5 (no zombie
    session), 8 (wall-clock jumps are harmless), 9 (credentials in hand prove a user) and 10 (a
    foreground that can read does). Invariants 6, 7 and 11 need more than records:
    `secrets_in`, `security_never_lowered`, and `check_world` for a world run.

    >>> from authsession.testing import ManualClock, MemoryKeychain, ScriptedAuthenticator
    >>> from authsession import AuthSession
    >>> session = AuthSession(keychain=MemoryKeychain(), clock=ManualClock(),
    ...                       authenticator=ScriptedAuthenticator())
    >>> _ = session.launch(); assert_invariants(session)
    """
    items = tuple(records.records if hasattr(records, "records") else records)
    violations = check_records(items)
    if violations:
        raise AssertionError(
            f"{len(violations)} invariant violation(s):\n"
            + "\n".join(f"  {violation}" for violation in violations)
        )


def assert_offered(step: Transition | None) -> Transition:
    """Fail the test if the call that returned `step` did nothing: the session's state does not
    offer it (`step.ignored`, e.g. `login()` while signed in), or it was made from inside a step
    and queued (None). Returns the step, so `assert_offered(session.login(...)).state` reads on.

    >>> from authsession.testing import ManualClock, MemoryKeychain, ScriptedAuthenticator
    >>> from authsession import AuthSession
    >>> session = AuthSession(keychain=MemoryKeychain(), clock=ManualClock(),
    ...                       authenticator=ScriptedAuthenticator())
    >>> assert_offered(session.launch()).state.value
    'checking_credentials'
    """
    if step is None:
        raise AssertionError(
            "the call was made from inside a step (a work handler or on_notify calling back): "
            "it was queued behind that step, and returned no step of its own"
        )
    if step.ignored:
        raise AssertionError(
            f"the call did nothing: {step.source.value} does not offer it ({step.reason})"
        )
    return step
