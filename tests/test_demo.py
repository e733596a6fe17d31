"""The demo school: deterministic, plausible, and exercising every kind of record."""

from __future__ import annotations

import datetime as dt
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from djdesk.demo import ensure_demo, generate
from djdesk.domain import idnumber
from djdesk.domain.clock import FixedClock
from djdesk.domain.people import PoliticalStatus, Stage

CLOCK = FixedClock(dt.datetime(2026, 11, 21, 10, 0))


def dump(path: Path) -> dict[str, list[tuple]]:  # type: ignore[type-arg]
    with closing(sqlite3.connect(path)) as connection:
        tables = [r[0] for r in connection.execute(
            "SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
        return {t: connection.execute(f'SELECT * FROM "{t}" ORDER BY rowid').fetchall() for t in tables}


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("demo_db")
    ensure_demo(directory, CLOCK)
    return directory / "djdesk.sqlite3"


def query(path: Path, sql: str) -> list[tuple]:  # type: ignore[type-arg]
    with closing(sqlite3.connect(path)) as connection:
        return connection.execute(sql).fetchall()


def test_generation_is_deterministic(tmp_path: Path, demo_db: Path) -> None:
    again = tmp_path / "again.sqlite3"
    generate(again, CLOCK)
    assert dump(again) == dump(demo_db)


def test_existing_demo_is_kept(demo_db: Path) -> None:
    assert ensure_demo(demo_db.parent, CLOCK) is False


def test_only_the_finished_file_is_left_behind(demo_db: Path) -> None:
    assert sorted(p.name for p in demo_db.parent.iterdir()) == ["djdesk.sqlite3"]
    assert query(demo_db, "PRAGMA journal_mode") == [("delete",)]


def test_branches_groups_and_school(demo_db: Path) -> None:
    assert query(demo_db, "SELECT name, full_name FROM branch ORDER BY id") == [
        ("第一党支部", "中共兰州市城关区明德中学第一支部委员会"),
        ("退休党支部", "中共兰州市城关区明德中学退休党支部"),
    ]
    assert query(demo_db, "SELECT count(*) FROM party_group") == [(4,)]
    assert query(demo_db, "SELECT value FROM setting WHERE key='school_name'") == [('"兰州市城关区明德中学"',)]
    assert query(demo_db, "SELECT value FROM setting WHERE key='is_demo'") == [("true",)]


def test_about_120_people_with_every_status_and_stage(demo_db: Path) -> None:
    (count,), = query(demo_db, "SELECT count(*) FROM person")
    assert 110 <= count <= 130
    statuses = {r[0] for r in query(demo_db, "SELECT DISTINCT political_status FROM person")}
    assert statuses == {s.value for s in PoliticalStatus}
    stages = {r[0] for r in query(demo_db, "SELECT DISTINCT stage FROM person WHERE stage IS NOT NULL")}
    assert stages == {s.value for s in Stage}


def test_people_who_left_and_one_under_observation(demo_db: Path) -> None:
    reasons = [r[0] for r in query(demo_db, "SELECT left_reason FROM person WHERE left_on IS NOT NULL")]
    assert reasons.count("transferred_out") >= 2 and "deceased" in reasons
    assert query(demo_db, "SELECT count(*) FROM person WHERE membership_status='observation'") == [(1,)]


def test_rare_characters_and_valid_id_numbers(demo_db: Path) -> None:
    names = "".join(r[0] for r in query(demo_db, "SELECT name FROM person"))
    for char in "喆堃赟玥珺昇":
        assert char in names
    for (number,) in query(demo_db, "SELECT id_number FROM person"):
        assert idnumber.parse(number).number == number


def test_meetings_from_january_last_year_with_attendance_and_minutes(demo_db: Path) -> None:
    (first, last), = query(demo_db, "SELECT min(starts_at), max(starts_at) FROM meeting")
    assert first.startswith("2025-01")
    held_until = query(demo_db, "SELECT max(starts_at) FROM meeting WHERE status='held'")[0][0]
    assert held_until < "2026-11-21 10:00"
    assert query(demo_db, "SELECT count(*) FROM meeting WHERE status='planned' AND starts_at < '2026-11-21'") == [(0,)]
    kinds = {r[0] for r in query(demo_db, "SELECT DISTINCT kind FROM meeting")}
    assert {"general", "committee", "group", "lecture", "theme_day", "life_meeting"} <= kinds
    assert query(demo_db, "SELECT count(*) FROM meeting WHERE status='held' AND content=''") == [(0,)]
    assert query(demo_db, "SELECT count(*) FROM attendance a JOIN meeting m ON m.id=a.meeting_id "
                          "WHERE m.status='held' AND a.status IS NULL") == [(0,)]
    assert query(demo_db, "SELECT count(*) FROM attendance")[0][0] > 2000
    content = query(demo_db, "SELECT content FROM meeting WHERE status='held' AND kind='theme_day' LIMIT 1")[0][0]
    assert "\n" in content and "主持" in content


def test_nobody_attends_before_joining_or_after_leaving(demo_db: Path) -> None:
    assert query(demo_db, """
        SELECT count(*) FROM attendance a JOIN meeting m ON m.id = a.meeting_id JOIN person p ON p.id = a.person_id
        WHERE substr(m.starts_at, 1, 10) < substr(p.joined_on || '-01', 1, 10)
           OR (p.left_on IS NOT NULL AND substr(m.starts_at, 1, 10) >= p.left_on)""") == [(0,)]


@pytest.mark.slow
@pytest.mark.parametrize("day", [dt.date(2026, 1, 1), dt.date(2028, 2, 29), dt.date(2027, 3, 15),
                                 dt.date(2026, 6, 30), dt.date(2027, 9, 1), dt.date(2026, 12, 31)])
def test_the_demo_can_be_made_on_any_day(day: dt.date, template_db: Path, tmp_path: Path) -> None:
    """Every person the demo makes passes the roster's rules whatever "today" is (dates are
    derived from it: a full member must have joined over a year before)."""
    import shutil

    from djdesk.demo.generate import build
    from djdesk.store.opening import open_database

    path = tmp_path / "demo.sqlite3"
    shutil.copyfile(template_db, path)
    database = open_database(path, clock=FixedClock.on(day, 10))
    try:
        with database.transaction(audit_skip_reason="test") as session:
            build(session, day, dt.datetime.combine(day, dt.time(10)))
    finally:
        database.dispose()
    assert query(path, f"SELECT count(*) FROM person WHERE full_on > '{day}'") == [(0,)]
    (first,), = query(path, "SELECT min(starts_at) FROM meeting")
    assert first.startswith(f"{day.year - 1}-01")


def test_last_years_democratic_review_keeps_the_rules(demo_db: Path) -> None:
    """Every branch's review of last year, held at its January 组织生活会: each member's result
    is one the service itself would accept (ballots, reasons, the cap on 优秀)."""
    from djdesk.services import democratic
    from djdesk.store.opening import open_database

    database = open_database(demo_db, clock=CLOCK)
    try:
        with database.transaction() as session:
            reviews = democratic.list_reviews(session)
            assert [r.year for r in reviews] == [2025, 2025] and all(r.graded == r.members > 0 for r in reviews)
            for row in reviews:
                view = democratic.review_view(session, row.id)
                assert view.meeting is not None and view.meeting.starts_at.year == 2026
                assert view.cap is not None and 0 < view.count(democratic.ReviewGrade.EXCELLENT) <= view.cap
                for entry in view.members:
                    draft = democratic.EntryDraft(entry.self_note, entry.tally, entry.grade, entry.grade_reason)
                    democratic.record(session, entry.id, draft, CLOCK.today())
            session.rollback()
    finally:
        database.dispose()
