"""The session spec: states, events, commands and the one transition table.

Owns nothing itself; re-exports the spec's public names. Must not import the core, adapters or
runtime (the spec is data every other layer reads).
"""

from authsession.spec.commands import COMMAND_ADAPTER, COMMAND_CLASSES, Command
from authsession.spec.events import (
    EVENT_CLASSES,
    EVENT_TYPES,
    MACHINE_EVENT_ADAPTER,
    MachineEvent,
    SecretLossCause,
)
from authsession.spec.states import INITIAL_STATE, USER_PRESENT, State, UserPresence
from authsession.spec.table import (
    CONTEXT_FLAGS,
    IGNORE_REASONS,
    LOGOUT_REASONS,
    TABLE,
    Rule,
)

__all__ = [
    "COMMAND_ADAPTER",
    "COMMAND_CLASSES",
    "CONTEXT_FLAGS",
    "EVENT_CLASSES",
    "EVENT_TYPES",
    "IGNORE_REASONS",
    "INITIAL_STATE",
    "LOGOUT_REASONS",
    "MACHINE_EVENT_ADAPTER",
    "TABLE",
    "USER_PRESENT",
    "Command",
    "MachineEvent",
    "Rule",
    "SecretLossCause",
    "State",
    "UserPresence",
]
