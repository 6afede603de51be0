"""A seeded slice of `benchmarks/fuzz.py` on every run (a few seconds): every verb, the snapshot
loader, the answer parser and two hostile ports; zero failures. And the campaign's own checks are
shown to fail on the failures they look for, so a silent harness cannot pass for a clean run."""

from __future__ import annotations

import importlib.util
import random
import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[2]


def _load_fuzz() -> ModuleType:
    spec = importlib.util.spec_from_file_location("fuzz_campaign", ROOT / "benchmarks" / "fuzz.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


fuzz = _load_fuzz()


def test_a_seeded_slice_of_the_campaign_finds_no_failure() -> None:
    report = fuzz.campaign(300, seed=12, hostile=2)
    assert report.failures() == 0, report.first
    assert report.total() == 302
    assert set(report.counts) == {*fuzz.WEIGHTS, "hostile-port"}  # every target had cases
    assert report.total("exit_2") > 80 and report.total("exit_0") > 20  # bad and good input


def test_the_judge_fails_what_the_contract_forbids() -> None:
    judge, run = fuzz.judge, fuzz.CliRun
    assert judge(run(2, "", "a: b\n"), {0, 2}, []).label == "exit_2"
    assert judge(run(2, "", "a\nb\n"), {0, 2}, []).label == "multi_line_error"
    assert judge(run(1, "", "Traceback (most recent call last):\n"), {0, 1}, []).label == (
        "traceback"
    )
    assert judge(run(2, "", f"x: {fuzz.CANARY}\n"), {0, 2}, []).label == "echo"
    assert judge(run(3, "", ""), {0, 2}, []).label == "unexpected_exit"


def test_the_output_check_fails_a_clobbered_or_partial_target(tmp_path: Path) -> None:
    def target(kind: str) -> object:
        for seed in range(200):
            for child in tmp_path.iterdir():
                child.unlink() if not child.is_dir() or child.is_symlink() else child.rmdir()
            made = fuzz.Target.make(random.Random(seed), tmp_path, "out")
            if made.kind == kind:
                return made
        raise AssertionError(kind)

    link = target("symlink")
    link.path.unlink()  # what replacing the link did
    link.path.write_text("{}")
    assert link.check(False, fuzz._json_whole) == "clobbered"
    new = target("new")
    new.path.write_text('{"half": ')
    assert new.check(True, fuzz._json_whole) == "partial_write"
    assert new.check(False, fuzz._json_whole) == "partial_write"
    clean = target("new")
    assert clean.check(False, fuzz._json_whole) is None
    (tmp_path / ".out.123.tmp").write_text("")  # a temporary file left behind
    assert clean.check(False, fuzz._json_whole) == "partial_write"
