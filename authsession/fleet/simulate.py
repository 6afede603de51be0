"""The fleet simulator: many devices, many days, every policy on the same histories.

Owns: running device histories through the world (a signed-out user signs in again the next time
they open the app — a *forced re-sign-in*), the per-policy metrics (the world oracle's counts
among them: what fails a run under `reference` — or under the `app` column, an app the world runs
instead of a policy, `--app`), and the fan-out over any `concurrent.futures.Executor` (a process
pool by default; pass a Dask or Ray executor to scale out; each chunk opens the app on its own).
Must not print: progress goes through a callback the CLI supplies.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ConfigDict, SecretStr

from authsession.app.choice import APP_COLUMN, AppChoice
from authsession.fleet.usage import DAY, PASSWORD, Device, UsageModel, device_history
from authsession.spec.states import State
from authsession.world import scenario as sc
from authsession.world.policies import App, AppContext
from authsession.world.world import World

#: The fleet's columns: the seeds' policies, then one naive policy per real bug class (issues 14
#: and 20).
DEFAULT_POLICIES = (
    "reference",
    "naive-gilt",
    "forum-post",
    "always",
    "naive-sticky",
    "naive-canary",
    "naive-envelope",
    "naive-memory-refresh",
    "naive-delete-on-error",
    "naive-defaults",
    "naive-any-401",
    "naive-migration",
    "naive-skew",
    "naive-no-lease",
    "naive-sticky-signed-in",
    "naive-dropped-revocation",
)


@dataclass
class Tally:
    """Raw counts for one policy over some devices (mergeable across workers)."""

    device_days: float = 0.0
    logouts: int = 0
    spurious_logouts: int = 0
    stranded_users: int = 0
    app_errors: int = 0
    tokens_honoured_after_logout: int = 0
    work_with_revoked_tokens: int = 0
    forced_resignins: int = 0
    exposure_seconds: float = 0.0
    auth_requests: int = 0
    auth_requests_while_unavailable: int = 0
    keychain_reads_while_unavailable: int = 0
    violations: int = 0
    latencies: list[float] = field(default_factory=list)

    def merge(self, other: Tally) -> None:
        for name, value in vars(other).items():
            if name == "latencies":
                self.latencies.extend(value)
            else:
                setattr(self, name, getattr(self, name) + value)


class PolicyMetrics(BaseModel):
    """What one policy did over the whole fleet: logouts (spurious or not), stranded users, reads
    and requests while locked, lost work."""

    model_config = ConfigDict(frozen=True)

    device_days: float
    spurious_logouts: int
    spurious_logouts_per_1000_device_days: float
    #: Foregrounds on an unlocked device that left the session "unknown" (`authsession.oracle`).
    stranded_users: int = 0
    #: Steps in which an exception of the app's own escaped it.
    app_errors: int = 0
    #: Steps at which a session the user signed out of still honoured a token (issue 21).
    tokens_honoured_after_logout: int = 0
    #: Steps in which work was done with an access token the server had revoked (issue 21).
    work_with_revoked_tokens: int = 0
    forced_resignins: int
    logouts: int
    exposure_seconds: float
    deferred_latency_median_s: float | None
    deferred_latency_p95_s: float | None
    deferred_completed: int
    auth_requests: int
    auth_requests_while_unavailable: int
    keychain_reads_while_unavailable: int
    invariant_violations: int


class FleetResult(BaseModel):
    """A fleet run's metrics per policy, with the run's size and seed."""

    model_config = ConfigDict(frozen=True)

    devices: int
    days: int
    seed: int
    policies: dict[str, PolicyMetrics]

    def reference_failures(self) -> list[str]:
        """What fails the run: the world oracle's counts under the reference policy and under
        an app run with `--app` (the naive policies are there to be defeated)."""
        out = []
        for name in ("reference", APP_COLUMN):
            metrics = self.policies.get(name)
            if metrics is None:
                continue
            counts = {
                "spurious logouts": metrics.spurious_logouts,
                "stranded users": metrics.stranded_users,
                "app errors": metrics.app_errors,
                "tokens honoured after a sign-out": metrics.tokens_honoured_after_logout,
                "work with a revoked token": metrics.work_with_revoked_tokens,
                "invariant violations": metrics.invariant_violations,
            }
            out += [f"{name}: {n} {what}" for what, n in counts.items() if n]
        return out


def _base(device: Device) -> sc.Scenario:
    return sc.Scenario.model_validate(
        {
            "schema": "authsession.scenario/1",
            "name": f"device-{device.index}",
            "platform": device.platform,
            "device": {
                "passcode": device.passcode,
                "phase": "unlocked",
                "clock_skew": device.clock_skew,
            },
            "steps": [],
        }
    )


def device_world(
    device: Device, policy: str, app: Callable[[AppContext], App] | None = None
) -> World:
    """The world one device's history is played in (close it when done)."""
    return World(_base(device), policy, app=app)


#: Where a user who opens the app must type their password again (signed out, or "sign in
#: again" once the server ended the session).
_SIGN_IN_SCREENS = frozenset({State.LOGGED_OUT.value, State.REAUTH_REQUIRED.value})


def play(world: World, device: Device, days: int) -> int:
    """Feed `device`'s history to `world` for `days`; the forced re-sign-ins it took (a user
    signed out who opens the app types their password again)."""
    now = 0.0
    signed_in_once = False
    resignins = 0
    login = sc.Login(event="login", user=f"user{device.index}", password=SecretStr(PASSWORD))
    for t, event in device.events:
        if t > now:
            world.advance(t - now)
            now = t
        world.feed(event)
        if isinstance(event, sc.Login):
            signed_in_once = True
        elif (
            isinstance(event, sc.Foreground)
            and signed_in_once
            and world.last_state in _SIGN_IN_SCREENS
        ):
            world.feed(login)  # the user has to type their password again
            resignins += 1
    if days * DAY > now:
        world.advance(days * DAY - now)
    return resignins


def run_device(
    device: Device, policy: str, days: int, app: Callable[[AppContext], App] | None = None
) -> Tally:
    """One device's history under `policy` (or under the app factory `app`, named `policy`)."""
    world = device_world(device, policy, app)
    try:
        resignins = play(world, device, days)
        summary = world.summary()
        return Tally(
            device_days=float(days),
            logouts=len(summary.logouts),
            spurious_logouts=summary.spurious_logouts,
            stranded_users=summary.stranded_users,
            app_errors=summary.app_errors,
            tokens_honoured_after_logout=summary.tokens_honoured_after_logout,
            work_with_revoked_tokens=summary.work_with_revoked_tokens,
            forced_resignins=resignins,
            exposure_seconds=summary.exposure_seconds,
            auth_requests=summary.auth_requests,
            auth_requests_while_unavailable=summary.auth_requests_while_unavailable,
            keychain_reads_while_unavailable=summary.keychain_reads_while_unavailable,
            violations=len(summary.violations),
            latencies=world.deferred_latencies(),
        )
    finally:
        world.close()


def run_chunk(
    seed: int,
    indices: Sequence[int],
    days: int,
    policies: Sequence[str],
    app: AppChoice | None = None,
    platform: str | None = None,
) -> dict[str, Tally]:
    """One unit of parallel work: a few devices (only those of `platform`, when given), every
    policy, and the app if one is given, in a column of its own (module-level: picklable)."""
    out = {p: Tally() for p in policies}
    devices = [device_history(seed, index, days, UsageModel()) for index in indices]
    devices = [d for d in devices if platform is None or d.platform == platform]
    for device in devices:
        for policy in policies:
            out[policy].merge(run_device(device, policy, days))
    if app is not None:
        tally = out[APP_COLUMN] = Tally()
        with app.opened() as factory:
            for device in devices:
                tally.merge(run_device(device, APP_COLUMN, days, factory))
    return out


def _percentile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def _metrics(t: Tally) -> PolicyMetrics:
    return PolicyMetrics(
        device_days=t.device_days,
        spurious_logouts=t.spurious_logouts,
        spurious_logouts_per_1000_device_days=(
            1000 * t.spurious_logouts / t.device_days if t.device_days else 0.0
        ),
        stranded_users=t.stranded_users,
        app_errors=t.app_errors,
        tokens_honoured_after_logout=t.tokens_honoured_after_logout,
        work_with_revoked_tokens=t.work_with_revoked_tokens,
        forced_resignins=t.forced_resignins,
        logouts=t.logouts,
        exposure_seconds=t.exposure_seconds,
        deferred_latency_median_s=statistics.median(t.latencies) if t.latencies else None,
        deferred_latency_p95_s=_percentile(t.latencies, 0.95),
        deferred_completed=len(t.latencies),
        auth_requests=t.auth_requests,
        auth_requests_while_unavailable=t.auth_requests_while_unavailable,
        keychain_reads_while_unavailable=t.keychain_reads_while_unavailable,
        invariant_violations=t.violations,
    )


def simulate(
    *,
    devices: int,
    days: int,
    policies: Iterable[str] = DEFAULT_POLICIES,
    seed: int = 0,
    executor: Executor | None = None,
    workers: int | None = None,
    chunk_size: int = 25,
    progress: Callable[[int, int], Any] | None = None,
    app: AppChoice | None = None,
    platform: str | None = None,
) -> FleetResult:
    """Simulate `devices` x `days` under each policy (and `app`, as the column `app`); with
    `platform`, only the histories of that platform's devices (an app that speaks one
    platform's keychain, such as the Kotlin app on Android). Deterministic for a seed, whatever
    the executor or chunking (results are merged in device order)."""
    chosen = list(policies)
    names = [*chosen, *((APP_COLUMN,) if app is not None else ())]
    chunks = [list(range(i, min(i + chunk_size, devices))) for i in range(0, devices, chunk_size)]
    own = executor is None
    pool = executor if executor is not None else ProcessPoolExecutor(max_workers=workers)
    totals = {p: Tally() for p in names}
    try:
        futures = [
            pool.submit(run_chunk, seed, chunk, days, chosen, app, platform) for chunk in chunks
        ]
        done = 0
        for chunk, future in zip(chunks, futures, strict=True):
            for policy, tally in future.result().items():
                totals[policy].merge(tally)
            done += len(chunk)
            if progress is not None:
                progress(done, devices)
    finally:
        if own:
            pool.shutdown(cancel_futures=True)
    return FleetResult(
        devices=devices,
        days=days,
        seed=seed,
        policies={p: _metrics(totals[p]) for p in names},
    )
