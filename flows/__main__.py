"""`python -m flows` runs the command line."""

import sys

from flows.cli import main

sys.exit(main())
