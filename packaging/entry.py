"""PyInstaller entry point for both executables: the same command line as `djdesk`."""

import os
import sys

from djdesk.cli import main

if __name__ == "__main__":
    # The windowed djdesk.exe has no console: sys.stdout and sys.stderr are None there, and a
    # print (--version, a usage error) would raise. What matters is in the log file anyway.
    for name in ("stdout", "stderr"):
        if getattr(sys, name) is None:
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115 (for the process's life)
    sys.exit(main())
