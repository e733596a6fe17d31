"""Allows `python -m djdesk`, the same as the `djdesk` command."""

import sys

from djdesk.cli import main

sys.exit(main())
