"""Run with `-m casepkg.entry`: exits with a status that names its module and arguments."""

import sys

raise SystemExit(f"{__name__} from {__package__} with {sys.argv[1:]}")
