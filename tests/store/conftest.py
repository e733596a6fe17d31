"""Fixtures of the store tests: a small school in a real database for the backup tests."""

from __future__ import annotations

import datetime as dt

import pytest

from djdesk.store.database import Database
from tests.store.backup_files import School, make_school


@pytest.fixture
def school(db: Database, today: dt.date) -> School:
    return make_school(db, today)
