"""What `authsession explore` prints: the coverage of a search and the counterexample it found.

Owns: `campaign_report()` (the default search: platforms and families, the exhaustive depth and
whether the budget cut it, walks and their steps, table rows, faults injected per call, events
applied, the bounds, the failure) and `bfs_report()` (a breadth-first search: configurations,
transitions, rows, faults, events, depth, the failure). Each returns the lines, the
counterexample document (None: clean) and the failure lines it records. Must not import a verb.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from authsession.modelcheck import BOUNDS, FAULTS, Space, WorldExploration
from authsession.modelcheck.campaign import CampaignResult
from authsession.spec.table import TABLE
from authsession.world.faults import EFFECTS

#: How a failure's harm (`authsession.oracle.harm`) reads in a report.
HARM_WORDS = {0: "a user was hurt", 1: "an app error", 2: "an invariant broken, nobody hurt"}
Report = tuple[list[str], dict[str, Any] | None, list[str]]


def injected_per_call(injected: Counter[tuple[str, str]]) -> list[str]:
    """One line per call: how many explored transitions each fault struck on."""
    return [
        f"{call}: " + ", ".join(f"{effect} {injected.get((call, effect), 0)}" for effect in effects)
        for call, effects in EFFECTS.items()
    ]


def _faults_and_events(injected: Counter[tuple[str, str]], applied: Counter[str]) -> list[str]:
    lines = ["faults injected (transitions on which each struck):"]
    lines += [f"  {line}" for line in injected_per_call(injected)]
    lines.append("events applied (transitions on which each was the step):")
    lines.append("  " + ", ".join(f"{name} {n}" for name, n in sorted(applied.items())))
    return lines


def campaign_report(result: CampaignResult) -> Report:
    plan, c = result.plan, result.coverage
    totals = c.families_total
    per = ", ".join(f"{p} {totals[p]}" for p in plan.platforms)
    head = (
        f"explore: policy {result.policy}, {len(plan.platforms)} platform(s), "
        f"{sum(totals.values())} families ({per}) with the extension, update variants and "
        f"every fault ({len(FAULTS)}), budget {plan.budget:.0f} s, seed {plan.seed}"
    )
    searched = sum(c.families.values())
    exhaustive = (
        f"exhaustive to depth {plan.depth}: {searched} of {sum(totals.values())} families"
        + ("" if result.exhaustive_done else " (cut by the budget or a failure)")
        + f", {c.configurations} configurations, {c.edges} transitions"
    )
    walks = (
        f"walks: {c.walks} (swarm: a random half of the alphabet each, up to 40 steps), "
        f"{c.walk_steps} steps, the longest {c.longest_walk}"
    )
    lines = [head, exhaustive, walks, f"table rows covered: {len(c.rows)}/{len(TABLE)}"]
    lines += _faults_and_events(c.injected, c.applied)
    lines.append("bounds: " + "; ".join(BOUNDS))
    failure = result.failure
    if failure is None:
        lines.append(f"clean: {c.edges + c.walk_steps} steps in {result.seconds:.0f} s")
        return lines, None, []
    steps = len(failure.steps)
    lines.append(
        f"failure found ({HARM_WORDS.get(failure.harm, 'failed')}) by the {failure.found_by} "
        f"phase after {result.seconds:.0f} s; counterexample: {steps} step"
        f"{'s' if steps != 1 else ''}, {failure.depth} deep (an injected fault or kill and the "
        f"step it strikes count as one), on {failure.platform}:"
    )
    lines += [f"  {line}" for line in failure.failures]
    if c.failing > 1:
        lines.append(f"failing paths seen: {c.failing} (the most harmful, shortest, is shown)")
    policy = None if result.policy == "app" else result.policy
    return lines, failure.document(policy), failure.failures


def bfs_report(result: WorldExploration, chosen: Space, *, keep_going: bool = False) -> Report:
    lasting = sorted(n for n in chosen.faults if n.endswith(":lasting"))
    faults = "none" if not chosen.faults else f"{len(chosen.faults)} of {len(FAULTS)}"
    head = (
        f"platform {result.platform}{' + extension' if chosen.extension else ''}, policy "
        f"{result.policy}, depth {'none' if result.depth is None else result.depth}, "
        f"faults {faults} (budget {chosen.fault_budget}): "
        f"{result.families} families, {result.configurations} configurations, "
        f"{result.edges} transitions, {len(result.rows)}/{len(TABLE)} table rows, "
        f"{result.seconds:.2f} s ({result.rate:.0f} configurations/s), "
        + ("space exhausted" if result.exhausted else "depth bound reached")
    )
    lines = [head, *_faults_and_events(result.injected, result.applied)]
    if lasting:
        lines.insert(1 + len(EFFECTS) + 1, f"  lasting: {', '.join(lasting)}")
    if "sibling" in chosen.faults:
        lines.insert(1 + len(EFFECTS) + 1, f"  sibling rotations racing a refresh: up to "
                     f"{chosen.siblings} armed")  # fmt: skip
    lines.append("bounds: " + "; ".join(BOUNDS))
    if result.failing_edges and keep_going:
        lines.append(
            f"failing transitions: {result.failing_edges} in {result.failed_families} of "
            f"{result.families} families"
        )
    if result.counterexample is None:
        return lines, None, []
    lines[0] = lines[0].rsplit(", ", 1)[0] + ", failure found"
    steps = len(result.counterexample["steps"])
    harm = HARM_WORDS.get(result.harm if result.harm is not None else -1, "failed")
    lines.append(
        f"counterexample ({harm}; the most harmful found, the shortest of those): {steps} "
        f"step{'s' if steps != 1 else ''}, {result.counterexample_depth} deep (an injected "
        "fault or kill and the step it strikes count as one):"
    )
    lines += [f"  {line}" for line in result.violations]
    return lines, result.counterexample, result.violations
