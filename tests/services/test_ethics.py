"""师德考核 services on a real SQLite file: periods, scores, veto, the 优秀 cap, freezing on close,
reopening with a reason, training, honours and a teacher's page."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal as D

import pytest
from sqlalchemy import func, select

from djdesk.domain.dates import PartialDate
from djdesk.domain.errors import ConflictError, UserError, ValidationError
from djdesk.domain.ethics import WHOLE, Band, HonourLevel, Item, LearningKind, ObservationKind, Rater, Sanction, Scheme
from djdesk.domain.people import LeftReason, Post
from djdesk.services import ethics as svc
from djdesk.services import ethics_records as records
from djdesk.services import learning, members
from djdesk.services.ethics_history import teacher_page
from djdesk.store.database import Database
from djdesk.store.models import AuditEntry, EthicsPeriod, EthicsScore, Person
from tests.conftest import TODAY
from tests.factories import draft

BANDS = (Band("优秀", D(90)), Band("合格", D(70)), Band("基本合格", D(60)), Band("不合格", D(0)))
RATERS = (Rater("自评", 10), Rater("同事互评", 30), Rater("学生/家长评价", 30), Rater("学校考评", 30))
ITEMS = tuple(Item(f"第{n}条", 10) for n in range(1, 11))
SCHEME = Scheme(items=ITEMS, raters=RATERS, bands=BANDS)
START, END = dt.date(2025, 9, 1), dt.date(2026, 8, 31)


def person(session, name: str, **changes: object) -> int:  # type: ignore[no-untyped-def]
    return members.add(session, draft(name=name, **changes), today=TODAY).id


def open_year(session, scheme: Scheme = SCHEME, name: str = "2025-2026学年",  # type: ignore[no-untyped-def]
              starts: dt.date = START, ends: dt.date = END) -> int:
    return svc.open_period(session, svc.PeriodDraft(name, starts, ends, scheme))


def score(session, period: int, pid: int, *values: str) -> None:  # type: ignore[no-untyped-def]
    for category, value in enumerate(values):
        svc.set_score(session, period, pid, category, D(value))


def view(db: Database, period: int, today: dt.date = TODAY) -> svc.PeriodView:
    with db.transaction() as session:
        return svc.period_view(session, period, today)


def line(v: svc.PeriodView, pid: int):  # type: ignore[no-untyped-def]
    return next(r for r in v.rows if r.person_id == pid)


def violation(session, pid: int, on: dt.date, kind: str = "体罚", sanction: Sanction | None = None,  # type: ignore[no-untyped-def]
              decided: dt.date | None = None) -> int:
    return records.add_violation(session, records.ViolationDraft(pid, on, kind, sanction=sanction,
                                                                 decided_on=decided), today=TODAY)


def train(session, pids: tuple[int, ...], on: dt.date, hours: str, tags: str = "师德") -> list[int]:  # type: ignore[no-untyped-def]
    return learning.add(session, learning.LearningDraft(pids, on, "师德专题培训", LearningKind.TRAINING, hours, tags),
                        today=TODAY)


@pytest.fixture
def scored(db: Database) -> dict[str, int]:
    """Three scored teachers in the open school year: 90.5 (优秀), 91 (优秀), 75 (合格)."""
    with db.transaction() as session:
        ids = {"甲": person(session, "王甲", department="语文组"), "乙": person(session, "李乙", department="数学组"),
               "丙": person(session, "丁丙", department="数学组")}
        ids["period"] = open_year(session, dataclasses.replace(SCHEME, cap_percent=34))
        score(session, ids["period"], ids["甲"], "95", "92", "90", "88")
        score(session, ids["period"], ids["乙"], "91", "91", "91", "91")
        score(session, ids["period"], ids["丙"], "75", "75", "75", "75")
    return ids


# -- opening ------------------------------------------------------------------------------
def test_open_period_takes_every_teacher_active_in_it(db: Database) -> None:
    with db.transaction() as session:
        staying = person(session, "在职", work_start=PartialDate(2010, 9))
        left_during = person(session, "中途调出")
        left_month = person(session, "九月离开")
        left_before = person(session, "早已调出")
        starts_after = person(session, "后来入职", work_start=PartialDate(2025, 9))
        starts_last_day = person(session, "末日入职", work_start=PartialDate(2025, 8, 31))
        admin = person(session, "行政人员", post=Post.ADMIN)
        for pid, on in ((left_during, PartialDate(2024, 12, 1)), (left_month, PartialDate(2024, 9)),
                        (left_before, PartialDate(2024, 8, 31))):
            members.mark_left(session, pid, on=on, reason=LeftReason.RESIGNED, today=TODAY)
        period = open_year(session, name="2024-2025学年", starts=dt.date(2024, 9, 1), ends=dt.date(2025, 8, 31))
    rows = view(db, period).rows
    assert {r.person_id for r in rows} == {staying, left_during, left_month, starts_last_day}
    assert admin not in {r.person_id for r in rows} and starts_after not in {r.person_id for r in rows}
    assert view(db, period).period.teachers == 4


def test_list_periods_newest_first_with_their_teacher_counts(db: Database) -> None:
    with db.transaction() as session:
        first = person(session, "王一")
        person(session, "李二")
        older = open_year(session, name="2024-2025学年", starts=dt.date(2024, 9, 1), ends=dt.date(2025, 8, 31))
        newer = open_year(session)
        svc.remove_teacher(session, older, first)
        rows = svc.list_periods(session)
    assert [(r.id, r.teachers, r.closed) for r in rows] == [(newer, 2, False), (older, 1, False)]


def test_default_draft_names_the_school_year_and_copies_the_latest_scheme(db: Database) -> None:
    from djdesk.domain import ethics

    with db.transaction() as session:
        first = svc.default_draft(session, TODAY)
    assert (first.name, first.starts_on, first.ends_on) == ethics.default_period(2025)
    assert first.scheme == ethics.default_scheme()
    newer = dataclasses.replace(SCHEME, cap_percent=30)
    older = dataclasses.replace(SCHEME, bands=(Band("优秀", D(85)), Band("不合格", D(0))))
    with db.transaction() as session:
        open_year(session, newer, name=first.name)
        open_year(session, older, name="2024-2025学年", starts=dt.date(2024, 9, 1), ends=dt.date(2025, 8, 31))
        second = svc.default_draft(session, TODAY)
        in_autumn = svc.default_draft(session, dt.date(2026, 9, 1))
    assert (second.name, second.starts_on) == (ethics.default_period(2026)[0], dt.date(2026, 9, 1))
    assert second.scheme == newer  # the latest by its dates, not the last opened
    assert in_autumn.name == ethics.default_period(2026)[0]


def test_open_period_refuses_a_bad_scheme_and_dates_and_writes_nothing(db: Database) -> None:
    bad = dataclasses.replace(SCHEME, raters=RATERS[:3])
    with pytest.raises(ValidationError) as caught:
        with db.transaction() as session:
            open_year(session, bad, name=" ", starts=END, ends=START)
    assert {p.field for p in caught.value.problems} == {"name", "ends_on", "raters"}
    with db.transaction() as session:
        assert session.scalar(select(func.count(EthicsPeriod.id))) == 0
        open_year(session)
    with pytest.raises(ValidationError) as caught:
        with db.transaction() as session:
            open_year(session)
    assert caught.value.for_field("name")


# -- scores -------------------------------------------------------------------------------
def test_period_view_totals_grades_and_summary(db: Database, scored: dict[str, int]) -> None:
    v = view(db, scored["period"])
    assert [(r.name, r.total, r.grade) for r in v.rows] == [
        ("丁丙", D(75), "合格"), ("王甲", D("90.50"), "优秀"), ("李乙", D(91), "优秀")]  # 按姓氏笔画
    assert line(v, scored["甲"]).scores == (D(95), D(92), D(90), D(88))
    assert line(v, scored["甲"]).raters == (1, 1, 1, 1) and line(v, scored["甲"]).imported == (False,) * 4
    s = v.summary
    assert (s.evaluated, s.graded, s.excellent, s.allowed) == (3, 3, 2, 1)
    assert dict(s.per_grade) == {"优秀": 2, "合格": 1, "基本合格": 0, "不合格": 0}
    with db.transaction() as session:
        assert svc.teacher_result(session, scored["period"], scored["甲"], TODAY) == line(v, scored["甲"])


def test_set_score_refuses_bad_values_and_clears(db: Database, scored: dict[str, int]) -> None:
    period, pid = scored["period"], scored["丙"]
    for value in (D("100.01"), D(-1), D("80.555")):
        with pytest.raises(ValidationError) as caught:
            with db.transaction() as session:
                svc.set_score(session, period, pid, 0, value)
        assert caught.value.problems[0].field == "score" and caught.value.problems[0].label == "自评"
    assert line(view(db, period), pid).scores[0] == D(75)
    with db.transaction() as session:
        svc.set_score(session, period, pid, 0, None)
    assert line(view(db, period), pid).total is None and line(view(db, period), pid).grade is None


def sheet_scores(db: Database, period: int, pid: int, category: int, scores: dict[str, str]) -> None:
    """Rows as an imported sheet leaves them (one per rater), written directly, without the import."""
    entry = line(view(db, period), pid).entry_id
    with db.transaction() as session:
        session.add_all(EthicsScore(entry_id=entry, category=category, rater=rater, item=WHOLE,
                                    points=int(D(value) * 100)) for rater, value in scores.items())


def test_imported_scores_are_the_raters_mean_and_not_typed_over(db: Database, scored: dict[str, int]) -> None:
    period, pid = scored["period"], scored["丙"]
    with db.transaction() as session:
        svc.set_score(session, period, pid, 1, None)
    sheet_scores(db, period, pid, 1, {"张老师": "90", "李老师": "85.5"})
    r = line(view(db, period), pid)
    assert r.scores[1] == D("87.75") and r.raters[1] == 2 and r.imported == (False, True, False, False)
    assert r.total == D("78.83")  # 7.5 + 26.325 + 22.5 + 22.5 = 78.825
    with pytest.raises(ConflictError) as caught:
        with db.transaction() as session:
            svc.set_score(session, period, pid, 1, D(60))
    assert "同事互评" in caught.value.message and "2" in caught.value.message
    with db.transaction() as session:  # the other categories are still typed
        svc.set_score(session, period, pid, 0, D(85))
    assert line(view(db, period), pid).total == D("79.83")


def test_replace_rater_scores_imports_a_sheet_and_replaces_the_same_raters(
        db: Database, scored: dict[str, int]) -> None:
    period, pid = scored["period"], scored["丙"]
    with db.transaction() as session:
        assert svc.replace_rater_scores(session, period, 1, "张老师", {pid: {WHOLE: D(90)}}) == 1
        svc.replace_rater_scores(session, period, 1, "李老师", {pid: {WHOLE: D("85.5")}})
    r = line(view(db, period), pid)  # the typed 75 went with the first sheet
    assert r.scores[1] == D("87.75") and r.raters[1] == 2 and r.imported[1]
    with db.transaction() as session:  # the same rater's sheet again replaces its scores
        svc.replace_rater_scores(session, period, 1, "张老师", {pid: {WHOLE: D(80)}})
    assert line(view(db, period), pid).scores[1] == D("82.75")


def test_by_item_scores_are_summed_per_rater_and_capped_per_item(db: Database) -> None:
    by_item = dataclasses.replace(SCHEME, by_item=True, items=(Item("甲", 40), Item("乙", 60)),
                                  raters=(Rater("自评", 50), Rater("学校考评", 50)))
    with db.transaction() as session:
        pid = person(session, "王一")
        period = open_year(session, by_item)
        for category, (a, b) in enumerate(((D(38), D("55.5")), (D(40), D(50)))):
            svc.set_score(session, period, pid, category, a, item=0)
            svc.set_score(session, period, pid, category, b, item=1)
    r = line(view(db, period), pid)
    assert r.scores == (D("93.5"), D(90)) and r.total == D("91.75") and r.grade == "优秀"
    assert r.item_scores == ((D(38), D("55.5")), (D(40), D(50)))
    with pytest.raises(ValidationError) as caught:
        with db.transaction() as session:
            svc.set_score(session, period, pid, 0, D(41), item=0)
    assert caught.value.problems[0].label == "甲" and "40" in caught.value.message


def test_by_item_points_cannot_drop_below_a_score_already_given(db: Database) -> None:
    by_item = dataclasses.replace(SCHEME, by_item=True, items=(Item("甲", 40), Item("乙", 60)))
    with db.transaction() as session:
        pid = person(session, "王一")
        period = open_year(session, by_item)
        svc.set_score(session, period, pid, 0, D(38), item=0)
    for items, by in (((Item("甲", 30), Item("乙", 70)), True), ((Item("全部", 100),), True),
                      ((Item("甲", 40), Item("乙", 60)), False)):
        with pytest.raises(ValidationError) as caught:
            with db.transaction() as session:
                svc.update_period(session, period, svc.PeriodDraft(
                    "2025-2026学年", START, END, dataclasses.replace(by_item, items=items, by_item=by)))
        assert caught.value.for_field("items")
    with db.transaction() as session:
        svc.update_period(session, period, svc.PeriodDraft(
            "2025-2026学年", START, END, dataclasses.replace(by_item, items=(Item("甲", 38), Item("乙", 62)))))


def test_add_teachers_counts_the_new_ones_and_candidates_are_the_rest(db: Database) -> None:
    with db.transaction() as session:
        teacher = person(session, "王一")
        admin = person(session, "李二", post=Post.ADMIN)
        gone = person(session, "张三", post=Post.ADMIN)
        members.mark_left(session, gone, on=PartialDate(2026, 1, 1), reason=LeftReason.RESIGNED, today=TODAY)
        period = open_year(session)
        assert [c.id for c in svc.candidates(session, period)] == [admin]
        assert svc.add_teachers(session, period, [admin, teacher, admin]) == 1
        assert svc.candidates(session, period) == []
        assert {r.person_id for r in svc.period_view(session, period, TODAY).rows} == {teacher, admin}


# -- veto, sanctions and honours ----------------------------------------------------------
def test_violation_in_the_period_vetoes_and_one_outside_only_bars(db: Database, scored: dict[str, int]) -> None:
    with db.transaction() as session:
        violation(session, scored["甲"], dt.date(2025, 11, 20), "有偿补课")
        violation(session, scored["甲"], dt.date(2025, 12, 1), "有偿补课")
        violation(session, scored["乙"], dt.date(2025, 3, 10), "体罚", Sanction.DEMOTION, dt.date(2025, 4, 1))
    v = view(db, scored["period"])
    vetoed, barred = line(v, scored["甲"]), line(v, scored["乙"])
    assert (vetoed.total, vetoed.grade, vetoed.vetoed) == (D("90.50"), "不合格", "有偿补课")
    assert vetoed.barred_until is None
    assert (barred.grade, barred.vetoed, barred.barred_until) == ("优秀", "", dt.date(2027, 4, 1))
    assert (v.summary.vetoed, v.summary.barred, v.summary.excellent) == (1, 1, 1)
    assert view(db, scored["period"], dt.date(2027, 4, 1)).rows[2].barred_until is None


def test_a_vetoed_teacher_without_scores_still_gets_the_failing_grade(db: Database) -> None:
    with db.transaction() as session:
        pid = person(session, "王一")
        period = open_year(session)
        violation(session, pid, dt.date(2026, 3, 1), "收受家长财物")
    r = line(view(db, period), pid)
    assert (r.total, r.grade) == (None, "不合格")
    with db.transaction() as session:
        svc.close_period(session, period, TODAY)  # nothing left to score: the veto decided


def honour(session, pid: int, year: int = 2026, on: dt.date = dt.date(2026, 5, 20)) -> int:  # type: ignore[no-untyped-def]
    return records.add_honour(session, records.HonourDraft(pid, "最美教师", year, HonourLevel.DISTRICT, on),
                              today=TODAY)


def test_honours_refused_for_a_vetoed_or_barred_teacher_with_the_reason(db: Database) -> None:
    with db.transaction() as session:
        clean, vetoed, barred = person(session, "王一"), person(session, "李二"), person(session, "张三")
        violation(session, vetoed, dt.date(2026, 3, 1), "有偿补课")
        violation(session, barred, dt.date(2025, 3, 10), "体罚", Sanction.DEMOTION, dt.date(2025, 4, 1))
    with pytest.raises(ValidationError) as caught:
        with db.transaction() as session:
            honour(session, vetoed)
    assert caught.value.problems[0].field == "person_id"
    assert "李二" in caught.value.message and "有偿补课" in caught.value.message
    assert "2026.03.01" in caught.value.message
    with pytest.raises(ValidationError) as caught:
        with db.transaction() as session:
            honour(session, barred)
    assert "张三" in caught.value.message and "2027.04.01" in caught.value.message
    with db.transaction() as session:
        honour(session, clean)
        honour(session, vetoed, year=2024, on=dt.date(2024, 12, 1))  # the year before: no veto then
        honour(session, barred, year=2024, on=dt.date(2025, 3, 31))  # proposed before the decision
        assert [h.person for h in records.list_honours(session, year=2026)] == ["王一"]


def test_honour_refused_while_the_current_evaluation_period_is_vetoed(db: Database) -> None:
    with db.transaction() as session:
        pid = person(session, "李二")
        open_year(session)
        violation(session, pid, dt.date(2025, 11, 20), "有偿补课")  # 2025-2026 school year: vetoed
    with pytest.raises(ValidationError):
        with db.transaction() as session:
            honour(session, pid, year=2026, on=dt.date(2026, 5, 20))


def test_violation_records_are_checked(db: Database) -> None:
    with db.transaction() as session:
        pid = person(session, "王一")
    cases = [
        (records.ViolationDraft(pid, dt.date(2026, 7, 1), "体罚"), {"occurred_on"}),
        (records.ViolationDraft(None, dt.date(2026, 1, 1), " "), {"person_id", "kind"}),
        (records.ViolationDraft(pid, dt.date(2026, 1, 1), "体罚", sanction=Sanction.WARNING), {"decided_on"}),
        (records.ViolationDraft(pid, dt.date(2026, 1, 1), "体罚", sanction=Sanction.WARNING,
                                decided_on=dt.date(2025, 12, 1)), {"decided_on"}),
        (records.ViolationDraft(pid, dt.date(2026, 1, 1), "体罚", sanction=Sanction.OTHER, months=12,
                                decided_on=dt.date(2026, 2, 1)), {"months"}),
    ]
    for bad, problem_fields in cases:
        with pytest.raises(ValidationError) as caught:
            with db.transaction() as session:
                records.add_violation(session, bad, today=TODAY)
        assert {p.field for p in caught.value.problems} == problem_fields
    with db.transaction() as session:
        records.add_violation(session, records.ViolationDraft(
            pid, dt.date(2026, 1, 1), "有偿补课", sanction=Sanction.OTHER, measure="诫勉谈话",
            decided_on=dt.date(2026, 2, 1)), today=TODAY)
        (row,) = records.list_violations(session, person_id=pid)
        assert (row.months, row.barred_until) == (24, dt.date(2028, 2, 1))
        assert "诫勉谈话" in row.handling and "24" in row.handling
        assert records.barred_until(session, pid, TODAY) == dt.date(2028, 2, 1)


# -- the 优秀 cap and closing --------------------------------------------------------------
def test_cap_proposal_close_refused_over_the_cap_then_apply_and_close(db: Database, scored: dict[str, int]) -> None:
    period = scored["period"]
    with db.transaction() as session:
        proposal = svc.propose_cap(session, period, TODAY)
    assert proposal is not None
    assert (proposal.allowed, proposal.keep, proposal.withhold) == (1, (scored["乙"],), (scored["甲"],))
    with pytest.raises(UserError) as caught:
        with db.transaction() as session:
            svc.close_period(session, period, TODAY)
    assert "优秀" in caught.value.message
    assert view(db, period).period.closed_on is None
    with db.transaction() as session:
        svc.apply_cap(session, period, set(proposal.withhold))
    v = view(db, period)
    assert (line(v, scored["甲"]).grade, line(v, scored["甲"]).withheld) == ("合格", True)
    assert (v.summary.excellent, v.summary.over_cap) == (1, False)
    with db.transaction() as session:
        svc.close_period(session, period, TODAY)
    assert view(db, period).period.closed_on == TODAY


def test_a_vetoed_teacher_is_not_proposed_for_the_cap(db: Database, scored: dict[str, int]) -> None:
    with db.transaction() as session:
        violation(session, scored["乙"], dt.date(2026, 1, 5))
        proposal = svc.propose_cap(session, scored["period"], TODAY)
        svc.close_period(session, scored["period"], TODAY)  # one 优秀 left, within the cap
    assert proposal.keep == (scored["甲"],) and proposal.withhold == ()


def test_no_cap_no_proposal(db: Database) -> None:
    with db.transaction() as session:
        period = open_year(session)
        assert svc.propose_cap(session, period, TODAY) is None


def test_close_refused_while_a_teacher_has_no_total(db: Database, scored: dict[str, int]) -> None:
    with db.transaction() as session:
        late = person(session, "赵四")
        svc.add_teachers(session, scored["period"], [late])
        svc.apply_cap(session, scored["period"], {scored["甲"]})
        score(session, scored["period"], late, "80", "80", "80")
    with pytest.raises(UserError) as caught:
        with db.transaction() as session:
            svc.close_period(session, scored["period"], TODAY)
    assert "赵四" in caught.value.message
    with db.transaction() as session:
        svc.remove_teacher(session, scored["period"], late)
        svc.close_period(session, scored["period"], TODAY)


def close(db: Database, ids: dict[str, int]) -> svc.PeriodView:
    with db.transaction() as session:
        svc.apply_cap(session, ids["period"], {ids["甲"]})
        svc.close_period(session, ids["period"], TODAY)
    return view(db, ids["period"])


def test_closing_freezes_the_results_against_later_changes(db: Database, scored: dict[str, int]) -> None:
    before = close(db, scored)
    with db.transaction() as session:
        record = members.get(session, scored["丙"])
        members.update(session, record.id, dataclasses.replace(record.draft, name="丁改名"), today=TODAY)
        violation(session, scored["乙"], dt.date(2026, 2, 1), "体罚", Sanction.DISMISSAL, dt.date(2026, 3, 1))
        train(session, (scored["甲"], scored["乙"]), dt.date(2026, 4, 1), "12")
        other = dataclasses.replace(SCHEME, raters=(Rater("学校考评", 100),), bands=(Band("好", D(50)), Band("差", D(0))))
        new = open_year(session, other, name="2026-2027学年", starts=dt.date(2026, 9, 1), ends=dt.date(2027, 8, 31))
    after = view(db, scored["period"], dt.date(2027, 1, 1))
    assert after.rows == before.rows and after.scheme == before.scheme == dataclasses.replace(SCHEME, cap_percent=34)
    assert after.summary == before.summary
    assert line(after, scored["丙"]).name == "丁丙" and line(after, scored["乙"]).grade == "优秀"
    assert line(after, scored["乙"]).training_hours == 0
    assert view(db, new).scheme.raters == (Rater("学校考评", 100),)
    with db.transaction() as session:
        page = teacher_page(session, scored["乙"], TODAY)
    old_line = next(p for p in page.periods if p.period_id == scored["period"])
    assert (old_line.closed, old_line.grade, old_line.vetoed, old_line.training_hours) == (True, "优秀", "", 0)


def test_teacher_result_of_a_closed_period_is_the_frozen_line(db: Database, scored: dict[str, int]) -> None:
    frozen = line(close(db, scored), scored["乙"])
    with db.transaction() as session:
        violation(session, scored["乙"], dt.date(2026, 2, 1), "体罚")
        assert svc.teacher_result(session, scored["period"], scored["乙"], TODAY) == frozen


def test_a_closed_period_refuses_every_edit(db: Database, scored: dict[str, int]) -> None:
    close(db, scored)
    period, pid = scored["period"], scored["丙"]
    with db.transaction() as session:
        extra = person(session, "赵四")
    edits = [
        lambda s: svc.set_score(s, period, pid, 0, D(99)),
        lambda s: svc.update_period(s, period, svc.PeriodDraft("改名", START, END, SCHEME)),
        lambda s: svc.add_teachers(s, period, [extra]),
        lambda s: svc.apply_cap(s, period, set()),
        lambda s: svc.remove_teacher(s, period, pid),
        lambda s: svc.replace_rater_scores(s, period, 0, "张老师", {pid: {WHOLE: D(99)}}),
        lambda s: svc.delete_period(s, period),
    ]
    before = view(db, period)
    for edit in edits:
        with pytest.raises(ConflictError) as caught:
            with db.transaction() as session:
                edit(session)
        assert "2025-2026学年" in caught.value.message
    assert view(db, period) == before


def test_reopen_needs_a_reason_keeps_it_and_audits_it(db: Database, scored: dict[str, int]) -> None:
    period = scored["period"]
    with pytest.raises(ConflictError):
        with db.transaction() as session:
            svc.reopen_period(session, period, "录入有误")  # not closed yet
    close(db, scored)
    for reason in ("", "   ", "理" * 201):
        with pytest.raises(ValidationError) as caught:
            with db.transaction() as session:
                svc.reopen_period(session, period, reason)
        assert caught.value.for_field("reason")
    assert view(db, period).period.closed
    with db.transaction() as session:
        svc.reopen_period(session, period, "  学校考评分数录入有误  ")
        svc.set_score(session, period, scored["丙"], 0, D(80))  # editable again, recomputed
    v = view(db, period)
    assert (v.period.closed_on, v.reopen_reason) == (None, "学校考评分数录入有误")
    assert line(v, scored["丙"]).total == D("75.50")
    with db.transaction() as session:
        svc.close_period(session, period, TODAY)
        svc.reopen_period(session, period, "补录同事互评")
        trail = session.scalars(select(AuditEntry.new).where(
            AuditEntry.entity == "ethics_period", AuditEntry.entity_id == period,
            AuditEntry.field == "reopen_reason").order_by(AuditEntry.id)).all()
    assert trail == ["学校考评分数录入有误", "补录同事互评"]


def test_every_reopening_reason_is_in_the_audit_trail(db: Database, scored: dict[str, int]) -> None:
    close(db, scored)
    with db.transaction() as session:
        for _ in range(2):
            svc.reopen_period(session, scored["period"], "录入有误")
            svc.close_period(session, scored["period"], TODAY)
        trail = session.scalars(select(AuditEntry.new).where(
            AuditEntry.entity == "ethics_period", AuditEntry.field == "reopen_reason")).all()
    assert trail == ["录入有误", "录入有误"]


def test_update_period_keeps_the_rater_count_once_scored_but_allows_names_and_weights(
        db: Database, scored: dict[str, int]) -> None:
    period = scored["period"]
    three = dataclasses.replace(SCHEME, raters=(Rater("自评", 20), Rater("互评", 40), Rater("学校", 40)))
    with pytest.raises(ValidationError) as caught:
        with db.transaction() as session:
            svc.update_period(session, period, svc.PeriodDraft("2025-2026学年", START, END, three))
    assert caught.value.for_field("raters")
    renamed = dataclasses.replace(SCHEME, raters=(Rater("本人自评", 25), Rater("同事互评", 25),
                                                  Rater("学生家长评价", 25), Rater("学校考评", 25)))
    with db.transaction() as session:
        svc.update_period(session, period, svc.PeriodDraft("2025学年", START, END, renamed))
    v = view(db, period)
    assert v.period.name == "2025学年" and v.scheme == renamed
    assert line(v, scored["甲"]).total == D("91.25") and v.summary.allowed is None
    with db.transaction() as session:  # before any score, the categories may change freely
        empty = open_year(session, name="2024-2025学年", starts=dt.date(2024, 9, 1), ends=dt.date(2025, 8, 31))
        svc.update_period(session, empty, svc.PeriodDraft("2024-2025学年", dt.date(2024, 9, 1),
                                                          dt.date(2025, 8, 31), three))
        assert svc.period_draft(session, empty).scheme == three


def test_delete_period_only_without_scores(db: Database, scored: dict[str, int]) -> None:
    with pytest.raises(ConflictError):
        with db.transaction() as session:
            svc.delete_period(session, scored["period"])
    with db.transaction() as session:
        empty = open_year(session, name="误建")
        svc.delete_period(session, empty)
        assert session.scalars(select(EthicsPeriod.id)).all() == [scored["period"]]


# -- training -----------------------------------------------------------------------------
def test_learning_group_add_one_row_per_person_and_hours_checked(db: Database) -> None:
    with db.transaction() as session:
        pids = tuple(person(session, n) for n in ("王一", "李二", "张三"))
        ids = train(session, (*pids, pids[0]), dt.date(2026, 3, 1), "2.5", "师德，安全、 法治")
        rows = learning.list_records(session)
    assert len(ids) == 3 and sorted(r.person_id for r in rows) == sorted(pids)
    assert {r.hours for r in rows} == {D("2.5")} and rows[0].tags == ("师德", "安全", "法治")
    for hours in ("0", "200", "abc"):
        with pytest.raises(ValidationError) as caught:
            with db.transaction() as session:
                train(session, pids, dt.date(2026, 3, 1), hours)
        assert [p.field for p in caught.value.problems] == ["hours"]
        assert caught.value.problems[0].label == learning.learning_label("hours")
    with pytest.raises(ValidationError) as caught:
        with db.transaction() as session:
            train(session, (), dt.date(2026, 7, 1), "2")
    assert {p.field for p in caught.value.problems} == {"person_ids", "held_on"}
    with db.transaction() as session:
        assert len(learning.list_records(session)) == 3


def test_hours_by_person_by_tag_and_span(db: Database) -> None:
    with db.transaction() as session:
        a, b, c = person(session, "王一"), person(session, "李二"), person(session, "张三")
        end = dt.date(2026, 3, 1)
        train(session, (a, b), START, "3")  # both ends of the span count
        train(session, (a,), end, "1.5", "安全，师德")
        train(session, (a,), dt.date(2026, 1, 10), "4", "安全")
        train(session, (b,), dt.date(2025, 8, 31), "6")  # the day before the span
        train(session, (b,), dt.date(2026, 3, 2), "6")  # the day after
        train(session, (b,), dt.date(2026, 1, 10), "2", "师德培训")  # another tag, not 师德
        train(session, (c,), dt.date(2026, 1, 10), "2", "安全")
        assert learning.hours_by_person(session, START, end, tag="师德") == {a: D("4.5"), b: D(3)}
        assert learning.hours_by_person(session, START, end) == {a: D("8.5"), b: D(5), c: D(2)}
        assert learning.hours_by_person(session, START, end, tag="师德", person_ids=[b]) == {b: D(3)}
        assert len(learning.list_records(session, person_id=b, tag="师德")) == 3


def test_first_year_teachers_short_of_training_are_flagged(db: Database) -> None:
    with db.transaction() as session:
        short = person(session, "王一", work_start=PartialDate(2025, 9))
        enough = person(session, "李二", work_start=PartialDate(2026, 2, 1))
        veteran = person(session, "张三", work_start=PartialDate(2005, 9))
        period = open_year(session)
        train(session, (short, enough), dt.date(2025, 10, 1), "5")
        train(session, (enough,), dt.date(2026, 3, 1), "3", "安全、师德")
        train(session, (short,), dt.date(2026, 3, 1), "4", "安全")
    v = view(db, period)
    assert [(line(v, p).first_year, line(v, p).training_hours, line(v, p).short_of_training)
            for p in (short, enough, veteran)] == [(True, D(5), True), (True, D(8), False), (False, D(0), False)]
    assert (v.summary.first_year, v.summary.short_of_training) == (2, 1)


# -- the teacher's page, people, deleting -------------------------------------------------
def test_teacher_page_shows_every_period_and_record(db: Database, scored: dict[str, int]) -> None:
    pid = scored["乙"]
    with db.transaction() as session:
        observer = person(session, "校长", post=Post.ADMIN)
        old = open_year(session, name="2024-2025学年", starts=dt.date(2024, 9, 1), ends=dt.date(2025, 8, 31))
        score(session, old, pid, "80", "80", "80", "80")
        for other in (scored["甲"], scored["丙"]):
            svc.remove_teacher(session, old, other)
        violation(session, pid, dt.date(2025, 3, 10), "体罚", Sanction.DEMERIT, dt.date(2025, 8, 1))
        svc.close_period(session, old, TODAY)
        honour(session, pid, year=2024, on=dt.date(2024, 12, 1))
        records.add_observation(session, records.ObservationDraft(pid, observer, dt.date(2026, 4, 2),
                                                                  ObservationKind.DROP_IN, "初二(3)班", "数学"),
                                today=TODAY)
        train(session, (pid,), dt.date(2026, 3, 1), "2")
        train(session, (pid,), dt.date(2026, 3, 2), "2", "安全")
        page = teacher_page(session, pid, TODAY)
    assert (page.name, page.department, page.barred_until) == ("李乙", "数学组", dt.date(2026, 8, 1))
    assert [(p.period, p.closed, p.total, p.grade, p.vetoed) for p in page.periods] == [
        ("2025-2026学年", False, D(91), "优秀", ""), ("2024-2025学年", True, D(80), "不合格", "体罚")]
    assert [v.kind for v in page.violations] == ["体罚"] and page.violations[0].barred_until == dt.date(2026, 8, 1)
    assert [(h.title, h.year) for h in page.honours] == [("最美教师", 2024)]
    assert [(o.observer, o.class_name) for o in page.observations] == [("校长", "初二(3)班")]
    assert [r.tags for r in page.training] == [("师德",)]


def test_people_teachers_first_by_department_then_strokes(db: Database) -> None:
    with db.transaction() as session:
        zhang = person(session, "张三", department="数学组")
        ding = person(session, "丁一", department="数学组")
        wang = person(session, "王五", department="语文组")
        nodept = person(session, "丁二")
        admin = person(session, "丁六", department="办公室", post=Post.ADMIN)
        gone = person(session, "刘走", department="数学组")
        members.mark_left(session, gone, on=PartialDate(2026, 1, 1), reason=LeftReason.RESIGNED, today=TODAY)
        options = records.people(session)
        with_gone = records.people(session, include=(gone,))
    assert [o.id for o in options] == [ding, zhang, wang, nodept, admin]
    assert [o.teacher for o in options] == [True, True, True, True, False]
    assert options[0].text != "丁一" and "数学组" in options[0].text and options[3].text == "丁二"
    assert gone in [o.id for o in with_gone]


def test_a_person_with_an_ethics_record_cannot_be_deleted(db: Database) -> None:
    with db.transaction() as session:
        evaluated, trained, spare = person(session, "王一"), person(session, "李二"), person(session, "张三")
        period = open_year(session)
        svc.remove_teacher(session, period, trained)
        svc.remove_teacher(session, period, spare)
        train(session, (trained,), dt.date(2026, 3, 1), "2")
    for pid in (evaluated, trained):
        with pytest.raises(ConflictError):
            with db.transaction() as session:
                members.delete(session, pid)
    with db.transaction() as session:
        members.delete(session, spare)
        assert session.scalar(select(func.count(Person.id))) == 2
        assert session.scalar(select(func.count(EthicsPeriod.id))) == 1


def test_rater_categories_are_not_reordered_once_scored_but_may_be_renamed(db: Database) -> None:
    with db.transaction() as session:
        teacher = members.add(session, draft(name="钱一"), today=TODAY).id
        period_id = svc.open_period(session, svc.default_draft(session, TODAY))
        svc.set_score(session, period_id, teacher, 0, D("86"))
        current = svc.period_draft(session, period_id)
        raters = current.scheme.raters
        swapped = (raters[1], raters[0], *raters[2:])
        with pytest.raises(ValidationError) as caught:
            svc.update_period(session, period_id, dataclasses.replace(
                current, scheme=dataclasses.replace(current.scheme, raters=swapped)))
        assert caught.value.problems[0].field == "raters"
        renamed = (Rater("本人自评", raters[0].weight), *raters[1:])
        svc.update_period(session, period_id, dataclasses.replace(
            current, scheme=dataclasses.replace(current.scheme, raters=renamed)))
        assert svc.period_draft(session, period_id).scheme.raters[0].name == "本人自评"
