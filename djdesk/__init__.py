"""djdesk: the desktop program of a school's Party office."""

__version__ = "1.0.0"
