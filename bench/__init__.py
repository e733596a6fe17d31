"""Benchmarks, run on demand (`uv run python -m bench`), never as timed assertions in tests."""
