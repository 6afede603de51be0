"""Checking other implementations against the spec: vectors, a port driver, difftest, traces.

Owns nothing itself; re-exports, each name imported on first use (PEP 562). `vectors` generates
and runs the `authsession.vectors/1` suite, `driver` speaks `authsession.port/1` to a port
process, `difftest` compares a port with the reference on generated sequences, `tracecheck`
judges an app's own log. Must not import the runtime, the world or the CLI.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from authsession._lazy import reexports

if TYPE_CHECKING:
    from authsession.conformance.difftest import DifftestResult as DifftestResult
    from authsession.conformance.difftest import Divergence as Divergence
    from authsession.conformance.difftest import difftest as difftest
    from authsession.conformance.driver import PortError as PortError
    from authsession.conformance.driver import PortProcess as PortProcess
    from authsession.conformance.driver import PortStartError as PortStartError
    from authsession.conformance.tracecheck import check_log as check_log
    from authsession.conformance.tracecheck import check_steps as check_steps
    from authsession.conformance.tracecheck import trace_log_json_schema as trace_log_json_schema
    from authsession.conformance.vectors import VECTORS_SCHEMA as VECTORS_SCHEMA
    from authsession.conformance.vectors import Initial as Initial
    from authsession.conformance.vectors import Outcome as Outcome
    from authsession.conformance.vectors import ReferenceTarget as ReferenceTarget
    from authsession.conformance.vectors import Target as Target
    from authsession.conformance.vectors import Vector as Vector
    from authsession.conformance.vectors import VectorSuite as VectorSuite
    from authsession.conformance.vectors import build_suite as build_suite
    from authsession.conformance.vectors import load_suite as load_suite
    from authsession.conformance.vectors import render_suite as render_suite
    from authsession.conformance.vectors import vector_from_events as vector_from_events
    from authsession.conformance.vectors import verify as verify

__getattr__, __dir__, __all__ = reexports(__name__)
