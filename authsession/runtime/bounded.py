"""A log that keeps the last `limit` items, in memory proportional to what it holds.

Owns: `BoundedLog`. A session keeps five such logs (its steps, work done, work failed, what the
user was told) and an app may keep one session for weeks, so each is bounded; a
`deque(maxlen=...)` would do that too, but reserves a 64-slot block up front — 760 bytes per empty
log, most of an idle session. Here an empty log is an empty list, and the oldest items are dropped
in batches (an eighth of the limit at a time), so an append stays O(1) amortized and the list
never holds more than `limit + limit // 8 + 16` items.
Must not import anything of the package.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Generic, TypeVar

_T = TypeVar("_T")


class BoundedLog(Generic[_T]):
    __slots__ = ("_items", "_limit", "_slack")

    def __init__(self, limit: int) -> None:
        self._items: list[_T] = []
        self._limit = limit
        self._slack = limit + limit // 8 + 16

    def append(self, item: _T) -> None:
        items = self._items
        items.append(item)
        if len(items) > self._slack:
            del items[: len(items) - self._limit]

    def tail(self, count: int) -> list[_T]:
        """The newest `count` items still kept (fewer if fewer are), oldest first."""
        items = self._items
        kept = min(len(items), self._limit)
        count = min(count, kept)
        return items[len(items) - count :] if count > 0 else []

    def __len__(self) -> int:
        return min(len(self._items), self._limit)

    def __iter__(self) -> Iterator[_T]:
        return iter(self.tail(self._limit))

    def __repr__(self) -> str:
        return f"BoundedLog(len={len(self)}, limit={self._limit})"
