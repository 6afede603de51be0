"""Checking other implementations against the spec: vectors, a port driver, difftest, traces.

Owns nothing itself; re-exports, each name imported on first use (PEP 562). `vectors` generates
and runs the `authsession.vectors/1` suite, `driver` speaks `authsession.port/1` to a port
process, `difftest` compares a port with the reference on generated sequences, `tracecheck`
judges an app's own log. Must not import the runtime, the world or the CLI.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from authsession._lazy import lazy_exports

_EXPORTS: dict[str, str] = {
    "DifftestResult": "authsession.conformance.difftest",
    "Divergence": "authsession.conformance.difftest",
    "difftest": "authsession.conformance.difftest",
    "PortError": "authsession.conformance.driver",
    "PortProcess": "authsession.conformance.driver",
    "PortStartError": "authsession.conformance.driver",
    "check_log": "authsession.conformance.tracecheck",
    "check_steps": "authsession.conformance.tracecheck",
    "trace_log_json_schema": "authsession.conformance.tracecheck",
    "VECTORS_SCHEMA": "authsession.conformance.vectors",
    "Initial": "authsession.conformance.vectors",
    "Outcome": "authsession.conformance.vectors",
    "ReferenceTarget": "authsession.conformance.vectors",
    "Target": "authsession.conformance.vectors",
    "Vector": "authsession.conformance.vectors",
    "VectorSuite": "authsession.conformance.vectors",
    "build_suite": "authsession.conformance.vectors",
    "load_suite": "authsession.conformance.vectors",
    "render_suite": "authsession.conformance.vectors",
    "vector_from_events": "authsession.conformance.vectors",
    "verify": "authsession.conformance.vectors",
}

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

if TYPE_CHECKING:
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

__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
