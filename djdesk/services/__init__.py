"""Use cases: functions that take a Session, never commit, and return frozen dataclasses."""
