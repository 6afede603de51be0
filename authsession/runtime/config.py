"""`SessionConfig`: the runtime's settings, validated.

Owns: the protection class credentials are written with (refusing classes that lower security
unless explicitly allowed — invariant 7), the classes an earlier version may have used, the token
leeway, the retry backoff bounds and the history bound.
Must not import the core or adapters' implementations.
"""

from __future__ import annotations

from typing import Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from authsession.adapters.keychain import INSECURE_PROTECTION, ProtectionClass
from authsession.spec import host as rules


class SessionConfig(BaseModel):
    """How one session behaves: the class its credentials are stored under, token leeway, retry
    backoff and the bounds of its logs. Validated, frozen, JSON-round-trippable."""

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    protection: ProtectionClass = Field(
        default=ProtectionClass.WHEN_UNLOCKED,
        description="Class the credentials are stored with. The platform default; tightening is "
        "fine, `always*` and `device_encrypted` are refused unless allowed.",
    )
    allow_insecure_protection: bool = False
    earlier_protections: tuple[ProtectionClass, ...] = Field(
        default=(),
        description="Classes an earlier app version may have stored the item under. A NotFound "
        "is authoritative only while every one of them (and `protection`) is readable: an item "
        "stored `when_unlocked` by version 1 reads -25300 on a locked phone under an "
        "`after_first_unlock` version 2 (F12 with F2). Needs a signal with `available_for`.",
    )
    token_leeway: float = Field(
        default=rules.TOKEN_LEEWAY_SECONDS,
        ge=0,
        description="Seconds before expiry a token counts as expired (at most half its lifetime).",
    )
    retry_base: float = Field(
        default=rules.RETRY_BASE_SECONDS, gt=0, description="First backoff delay, seconds."
    )
    retry_cap: float = Field(
        default=rules.RETRY_CAP_SECONDS, gt=0, description="Longest backoff delay, seconds."
    )
    retry_jitter: float = Field(
        default=rules.RETRY_JITTER,
        ge=0,
        le=1,
        description="Fraction of a delay that is randomly shaved off.",
    )
    seed: int | None = Field(default=None, description="Seeds the jitter (tests, replays).")
    history_limit: int = Field(
        default=10_000,
        ge=1,
        description="Steps kept in `history` and `records` (the oldest are dropped first).",
    )

    @model_validator(mode="after")
    def _security_never_lowered(self) -> Self:
        if self.protection in INSECURE_PROTECTION and not self.allow_insecure_protection:
            raise ValueError(
                f"protection {self.protection.value!r} keeps credentials readable before the "
                "first unlock; set allow_insecure_protection=true to accept that"
            )
        if self.retry_cap < self.retry_base:
            raise ValueError("retry_cap must be >= retry_base")
        return self
