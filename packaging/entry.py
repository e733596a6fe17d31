"""PyInstaller entry point for both executables: the same command line as `djdesk`."""

import sys

from djdesk.cli import main

if __name__ == "__main__":
    sys.exit(main())
