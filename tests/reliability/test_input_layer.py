"""The input layer's own promises (`authsession.inputs`), below the CLI."""

from __future__ import annotations

from pathlib import Path

import pytest

from authsession.inputs import Limits, json_lines, limits_in_effect, read_bytes


def test_read_bytes_judges_a_regular_file_by_its_size_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "sparse.json"
    with path.open("wb") as handle:
        handle.truncate(1 << 40)  # a 1 TB sparse file: reading it would never finish
    with limits_in_effect(Limits()), pytest.raises(ValueError, match="larger than"):
        read_bytes(path)


def test_json_lines_numbering_counts_blank_lines_and_ignores_carriage_returns() -> None:
    data = b'{"a": 1}\r\n\r\n  \n{"b":\r2}\n'
    assert list(json_lines(data, "x")) == [(1, {"a": 1}), (4, {"b": 2})]
