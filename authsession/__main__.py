"""`python -m authsession`: the same command line as the `authsession` script."""

from authsession.cli import main

raise SystemExit(main())
