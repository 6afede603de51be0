"""The fleet simulator: same histories for every policy, deterministic, and it tells them apart."""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from collections import Counter
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path

import pytest

from authsession.cli import simulate_verb
from authsession.fleet import DEFAULT_POLICIES, device_history, simulate
from authsession.fleet.usage import UsageModel
from authsession.modelcheck.alphabet import label
from authsession.world import POLICIES


def _small(**kw: object) -> dict[str, object]:
    run = simulate(devices=6, days=3, seed=11, **kw)  # type: ignore[arg-type]
    return run.model_dump()


def test_results_do_not_depend_on_executor_or_chunking() -> None:
    with ThreadPoolExecutor(2) as pool:
        threaded = _small(executor=pool, chunk_size=1)
    with ThreadPoolExecutor(1) as pool:
        serial = _small(executor=pool, chunk_size=6)
    assert threaded == serial


def test_a_dask_cluster_runs_the_same_fleet_as_the_process_pool() -> None:
    """Scale out on a real engine (the `dask` extra): a `distributed.LocalCluster`'s executor
    gives the numbers the process pool gives."""
    from distributed import Client, LocalCluster

    with (
        LocalCluster(n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None)
        as cluster,
        Client(cluster) as client,
    ):  # fmt: skip
        on_dask = _small(executor=client.get_executor(), chunk_size=2)
    with ProcessPoolExecutor(2) as pool:
        on_pool = _small(executor=pool, chunk_size=2)
    assert on_dask == on_pool
    assert on_dask["policies"]["naive-gilt"]["spurious_logouts"] > 0  # a run that tells apart


#: The reality events in a history (by name, or by the checker's label) -> their rate per
#: device-day in the usage model (the fleet-wide 429 storms are `server_incidents`).
REALITY_RATES = {
    "server:captive_portal": UsageModel().captive_portals_per_day,
    "app_update": UsageModel().app_updates_per_day,
    "during_next_refresh:suspend": UsageModel().refreshes_cut_per_day,
    "during_next_refresh:lock": UsageModel().locks_mid_refresh_per_day,
    "during_next_refresh:kill": UsageModel().kills_mid_refresh_per_day,
    "resource_unauthorized": UsageModel().resource_401s_per_day,
    "invalidate_keys": UsageModel().biometric_changes_per_day,
    "restore_to_new_device": UsageModel().new_phones_per_day,
}


def test_histories_hold_every_reality_event_at_its_rate() -> None:
    """Every new world event is in the fleet's device histories, at its model rate (within the
    noise of 6,000 device-days), and a clock wrong from the start on its share of devices."""
    devices = [device_history(0, i, 30) for i in range(200)]
    counts = Counter(n for d in devices for _, e in d.events for n in {label(e), e.event})
    device_days = 200 * 30
    for name, rate in REALITY_RATES.items():
        expected = rate * device_days
        assert abs(counts[name] - expected) <= 4 * expected**0.5 + 2, (name, counts[name])
    assert counts["server:rate_limited"] > 0
    skewed = [d.clock_skew for d in devices if d.clock_skew]
    assert 0 < len(skewed) < 20 and all(60 <= abs(s) <= 86_400 for s in skewed)


def test_histories_are_seeded() -> None:
    assert device_history(3, 7, 2) == device_history(3, 7, 2)
    assert device_history(3, 7, 2) != device_history(4, 7, 2)


def test_reference_has_no_spurious_logout_or_exposure_and_naive_policies_do() -> None:
    with ThreadPoolExecutor(2) as pool:
        run = simulate(devices=12, days=3, seed=5, executor=pool)
    reference = run.policies["reference"]
    assert reference.spurious_logouts == 0
    assert reference.exposure_seconds == 0
    assert reference.invariant_violations == 0
    assert reference.keychain_reads_while_unavailable == 0
    assert reference.deferred_completed > 0
    assert run.policies["naive-gilt"].spurious_logouts > 0
    assert run.policies["always"].exposure_seconds > 0
    assert run.policies["always"].spurious_logouts == 0


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "authsession", "simulate", *args],
                          capture_output=True, text=True, timeout=300, check=False)  # fmt: skip


def test_simulate_json_has_the_contract_shape() -> None:
    result = _cli("--devices", "4", "--days", "1", "--json", "--workers", "2")
    assert result.returncode == 0, result.stderr
    policies = json.loads(result.stdout)["policies"]
    assert list(policies) == list(DEFAULT_POLICIES)
    # The seeds' four, and one naive policy per real bug class a public thread reports.
    assert {"reference", "naive-gilt", "forum-post", "always", "naive-sticky"} <= set(policies)
    assert {n for n in POLICIES if n.startswith("naive-")} - set(policies) == {
        "naive-transient",
        "naive-wall-clock",
        "naive-fresh-install",
        "naive-no-credentials",
        "naive-expired",
        "naive-rotation",
        "naive-cached",
        # Issue 21's: the fleet's columns show two (a cached flag, a dropped revocation).
        "naive-revoke-before-clear",
        "naive-null-first-value",
        "naive-interaction-required",
    }  # the catalogue's (F3-F13) are shown by their examples, not in the fleet's columns
    for metrics in policies.values():
        assert {"device_days", "spurious_logouts", "exposure_seconds"} <= set(metrics)
        assert metrics["device_days"] == 4


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--devices", "0"], "--devices: must be between 1 and"),
        (["--days", "-3"], "--days: must be between 1 and"),
        (["--devices", "100000", "--days", "1000"], "device-days is over"),
        (["--policy", "yolo"], "--policy: unknown policy (expected one of"),
        (["--plot", "/nonexistent-dir/x.png"], "directory does not exist"),
        (["--plot", "chart.pdf"], "plot must end in .png or .svg"),
    ],
)
def test_bad_input_is_refused_before_any_work(args: list[str], expected: str) -> None:
    result = _cli(*args)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr.count("\n") == 1 and expected in result.stderr


def test_plot_is_written(tmp_path: Path) -> None:
    target = tmp_path / "fleet.svg"
    assert _cli("--devices", "2", "--days", "1", "--plot", str(target)).returncode == 0
    assert target.read_text().lstrip().startswith("<?xml")
    assert [p.name for p in tmp_path.iterdir()] == ["fleet.svg"]


def test_the_readme_shows_the_default_run() -> None:
    """The README's output block is what its first command prints: same size and seed as the
    CLI's defaults, and the reference row it shows is the contract (0 spurious, 0 exposure)."""
    parser = argparse.ArgumentParser()
    simulate_verb.register(parser.add_subparsers())
    defaults = parser.parse_args(["simulate"])
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text()
    block = re.search(r"```text\n(\d+) devices x (\d+) days, seed (\d+)\n(.*?)```", readme, re.S)
    assert block is not None
    assert tuple(map(int, block.groups()[:3])) == (defaults.devices, defaults.days, defaults.seed)
    rows = {line[:37].strip(): line[37:].split() for line in block.group(4).splitlines()}
    assert rows["spurious logouts"][0] == "0" and rows["secret readable while locked (h)"][0] == "0"
    assert int(rows["spurious logouts"][1]) > 0  # naive-gilt shows its logouts


def test_simulate_fails_when_the_reference_has_a_world_failure(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A non-zero count under `reference` fails the run; the naive policies' counts do not."""
    real = simulate(devices=3, days=1, policies=["reference", "naive-gilt"], workers=1)
    assert real.reference_failures() == []
    broken = real.model_copy(
        update={
            "policies": {
                **real.policies,
                "reference": real.policies["reference"].model_copy(update={"stranded_users": 2}),
            }
        }
    )
    monkeypatch.setattr(simulate_verb, "simulate", lambda **_: broken)
    assert simulate_verb.run(simulate_verb_args(["--devices", "3", "--days", "1"])) == 1
    assert "reference: 2 stranded users" in capsys.readouterr().err
    monkeypatch.setattr(simulate_verb, "simulate", lambda **_: real)
    assert simulate_verb.run(simulate_verb_args(["--devices", "3", "--days", "1"])) == 0


def simulate_verb_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    simulate_verb.register(parser.add_subparsers())
    return parser.parse_args(["simulate", *argv])
