"""The random fault-injected walks behind `benchmarks/r1.py`: seeded, the same walks for every
policy, counted by the world oracle."""

from __future__ import annotations

from authsession.modelcheck.walk import walk_counts


def test_walks_are_seeded_and_count_what_the_oracle_finds() -> None:
    policies = ("reference", "naive-gilt")
    first = walk_counts(7, range(30), policies, length=20)
    assert first == walk_counts(7, range(30), policies, length=20)
    assert first != walk_counts(8, range(30), policies, length=20)
    for tally in first.values():
        assert (tally.walks, tally.steps) == (30, 600)  # arming events are not steps
    assert first["reference"].faults_struck > 0
    assert first["naive-gilt"].spurious_logouts > first["reference"].spurious_logouts


def test_walks_split_across_workers_add_up() -> None:
    whole = walk_counts(3, range(12), ("reference",), length=10)["reference"]
    halves = walk_counts(3, range(6), ("reference",), length=10)["reference"]
    halves.merge(walk_counts(3, range(6, 12), ("reference",), length=10)["reference"])
    assert halves == whole


def test_overlapping_searches_leave_the_package_logger_as_they_found_it() -> None:
    """Two searches that end out of order (threads of one campaign) used to leave the package's
    logger at ERROR: every later debug line — the keyring adapter's, an app's — was lost."""
    import logging

    from authsession.modelcheck.world_model import quiet

    logger = logging.getLogger("authsession")
    before = logger.level
    first, second = quiet(), quiet()
    first.__enter__()
    second.__enter__()
    assert logger.level == logging.ERROR
    first.__exit__(None, None, None)
    assert logger.level == logging.ERROR  # the second search is still running
    second.__exit__(None, None, None)
    assert logger.level == before
