"""`--app VALUE` of `replay`, `simulate` and `explore`: which app the world runs.

Owns: telling the two kinds of value apart — `module.path:factory` (a dotted Python module path,
a colon and an attribute name; no spaces, no slashes) is a factory `(AppContext) -> App`
imported into this process (the in-process twin of the protocol); anything else is a command
speaking `authsession.app/1` —, checking either before any work starts (an import that fails, a
command that cannot be split: one line, exit 2), and `opened()`, the app factory to hand the
world for as long as it is needed (for a command, an `AppLauncher` that ends every process it
started). An `AppChoice` is a small picklable value: process pools send it to their workers,
each of which opens it on its own.
Must not import the CLI.
"""

from __future__ import annotations

import contextlib
import importlib
import re
import shlex
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Final

from authsession.errors import InvalidInputError
from authsession.world.app_process import DEFAULT_APP_TIMEOUT, AppLauncher
from authsession.world.policies import App, AppContext

#: `package.module:factory` — what is imported rather than run.
FACTORY: Final = re.compile(r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*:[A-Za-z_]\w*", re.ASCII)
#: The name of the app's column (`simulate`, `replay --compare`) and its policy label.
APP_COLUMN: Final = "app"

AppFactory = Callable[[AppContext], App]


@dataclass(frozen=True)
class AppChoice:
    value: str
    timeout: float = DEFAULT_APP_TIMEOUT

    @property
    def in_process(self) -> bool:
        return FACTORY.fullmatch(self.value) is not None

    def check(self) -> AppChoice:
        """Refuse a value that cannot work, before the world starts."""
        if self.in_process:
            load_factory(self.value)
            return self
        try:
            argv = shlex.split(self.value)
        except ValueError as err:
            raise InvalidInputError("--app", f"cannot parse command: {err}") from None
        if not argv:
            raise InvalidInputError("--app", "empty command")
        return self

    @contextlib.contextmanager
    def opened(self) -> Iterator[AppFactory]:
        """The factory the world starts each app process with, valid inside the block."""
        if self.in_process:
            yield load_factory(self.value)
            return
        with AppLauncher(self.value, timeout=self.timeout) as launcher:
            yield launcher.factory


def load_factory(value: str) -> AppFactory:
    """Import `module.path:factory`; every failure is one line naming the module or name."""
    module_name, _, attribute = value.partition(":")
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError:
        raise InvalidInputError("--app", f"no module named {module_name!r}") from None
    except Exception as err:  # whatever its top level raises: the type only
        raise InvalidInputError(
            "--app", f"importing {module_name!r} raised {type(err).__name__}"
        ) from None
    factory = getattr(module, attribute, None)
    if factory is None:
        raise InvalidInputError("--app", f"module {module_name!r} has no {attribute!r}")
    if not callable(factory):
        raise InvalidInputError("--app", f"{value!r} is not callable (an (AppContext) -> App)")
    return factory  # type: ignore[no-any-return]
