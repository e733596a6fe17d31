"""djdesk: the desktop program of a school's Party office."""

__version__ = "0.1.0"
