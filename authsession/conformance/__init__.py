"""Checking other implementations against the spec: vectors, a port driver, difftest, traces.

Owns nothing itself; re-exports. `vectors` generates and runs the `authsession.vectors/1` suite,
`driver` speaks `authsession.port/1` to a port process, `difftest` compares a port with the
reference on generated sequences, `tracecheck` judges an app's own log. Must not import the
runtime, the world or the CLI.
"""

from authsession.conformance.difftest import DifftestResult, Divergence, difftest
from authsession.conformance.driver import PortError, PortProcess, PortStartError
from authsession.conformance.tracecheck import check_log, check_steps, trace_log_json_schema
from authsession.conformance.vectors import (
    VECTORS_SCHEMA,
    Initial,
    Outcome,
    ReferenceTarget,
    Target,
    Vector,
    VectorSuite,
    build_suite,
    load_suite,
    render_suite,
    vector_from_events,
    verify,
)

__all__ = [
    "VECTORS_SCHEMA",
    "DifftestResult",
    "Divergence",
    "Initial",
    "Outcome",
    "PortError",
    "PortProcess",
    "PortStartError",
    "ReferenceTarget",
    "Target",
    "Vector",
    "VectorSuite",
    "build_suite",
    "check_log",
    "check_steps",
    "difftest",
    "load_suite",
    "render_suite",
    "trace_log_json_schema",
    "vector_from_events",
    "verify",
]
