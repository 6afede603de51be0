"""What the seeded clients showed about today's checker: scenarios in `findings/` that it
misjudges, each run with the client that exposed it. Expected to fail (strictly) until the
oracle is exact (issue 19, Deliver 2); then the marker comes off."""

from __future__ import annotations

from pathlib import Path

from authsession.app.choice import load_factory
from authsession.testing import check_world
from authsession.world import load_scenario, replay

from .catalogue import BY_NAME, CONTROL

FINDINGS = Path(__file__).resolve().parent / "findings"


def test_a_logout_after_the_client_itself_revoked_the_live_token_is_spurious() -> None:
    scenario = load_scenario(FINDINGS / "stale-token-revokes-the-family.json")
    client = BY_NAME["stale-refresh-token"].app
    assert client is not None
    assert check_world(replay(scenario, app=load_factory(CONTROL))) == []
    failures = check_world(replay(scenario, app=load_factory(client)))
    assert any("spurious logout" in line for line in failures), failures
