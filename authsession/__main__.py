"""`python -m authsession`: the same command line as the `authsession` script.

Ctrl-C while the command line is still being imported ends with the CLI's one line and exit 130
too, not an import traceback (`main` handles it from then on). Python has already imported the
`authsession` package itself by the time this runs; that window stays (see docs/reliability.md).
"""

import signal
import sys


def _interrupted_while_starting(signum: int, frame: object) -> None:
    sys.stderr.write("authsession: interrupted\n")
    raise SystemExit(130)


signal.signal(signal.SIGINT, _interrupted_while_starting)
from authsession.cli import main  # noqa: E402 (after the handler, on purpose)

signal.signal(signal.SIGINT, signal.default_int_handler)
raise SystemExit(main())
