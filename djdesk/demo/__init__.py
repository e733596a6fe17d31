"""The demo school: a plausible Party office generated from a fixed seed, for trying djdesk out."""

from djdesk.demo.generate import ensure_demo, generate

__all__ = ["ensure_demo", "generate"]
