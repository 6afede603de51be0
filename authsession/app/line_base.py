"""What every `authsession.app/1` line is built from: the protocol's limits and field types.

Owns: the schema name, the input layer's limits (line bytes, messages per callback, label,
account and secret lengths), the field types the lines share (`Label`, `Account`, `Secret`,
`Count`, `Seconds`, `Base64`: bytes that cross as base64 and never print) and `_Line`, the
frozen model every line is. Must not import the world, the runtime or the CLI.
"""

from __future__ import annotations

import base64
import binascii
from typing import Annotated, Final, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    SecretBytes,
    SecretStr,
    StrictInt,
    WithJsonSchema,
)

__all__ = [
    "APP_SCHEMA",
    "MAX_ACCOUNT_CHARS",
    "MAX_LABEL_CHARS",
    "MAX_LINE_BYTES",
    "MAX_MESSAGES_PER_CALLBACK",
    "MAX_SECRET_CHARS",
    "AccessControlName",
    "Account",
    "Base64",
    "Count",
    "Label",
    "Platform",
    "Seconds",
    "Secret",
    "_Line",
    "_base64",
    "_reveal_base64",
]

APP_SCHEMA: Final = "authsession.app/1"
#: A line is at most this long in either direction: a snapshot (at most 1 MiB) in base64 fits,
#: an endless line costs this much and no more.
MAX_LINE_BYTES: Final = 2 * 1024 * 1024
#: Messages an app may send while handling one callback (calls and steps): a real callback makes
#: a few dozen; an app that keeps writing well-formed lines is flooding.
MAX_MESSAGES_PER_CALLBACK: Final = 10_000
#: Work labels and names are short; the snapshot holds labels of at most 200 characters.
MAX_LABEL_CHARS: Final = 200
MAX_ACCOUNT_CHARS: Final = 1000
MAX_SECRET_CHARS: Final = 64 * 1024

Platform = Literal["ios", "android", "memory"]
#: `SecAccessControlCreateFlags` the world's iOS simulator knows.
AccessControlName = Literal["user_presence", "biometry_current_set"]
Label = Annotated[str, Field(min_length=1, max_length=MAX_LABEL_CHARS)]
Account = Annotated[str, Field(max_length=MAX_ACCOUNT_CHARS)]
Secret = Annotated[SecretStr, Field(max_length=MAX_SECRET_CHARS)]
Count = Annotated[StrictInt, Field(ge=1, le=2**53)]
Seconds = Annotated[float, Field(allow_inf_nan=False)]


def _base64(value: object) -> object:
    if isinstance(value, str):
        try:
            return base64.b64decode(value.encode("ascii"), validate=True)
        except (binascii.Error, UnicodeEncodeError, ValueError):
            raise ValueError("not base64") from None
    if isinstance(value, bytes | SecretBytes):
        return value
    raise ValueError("not a base64 string")


def _reveal_base64(value: SecretBytes) -> str:
    return base64.b64encode(value.get_secret_value()).decode("ascii")


#: Bytes that cross the pipe as base64 and never print (item data, a snapshot).
Base64 = Annotated[
    SecretBytes,
    BeforeValidator(_base64),
    PlainSerializer(_reveal_base64, return_type=str, when_used="json"),
    WithJsonSchema({"type": "string", "contentEncoding": "base64"}),
]


class _Line(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)
