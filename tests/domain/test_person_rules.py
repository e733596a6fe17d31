"""The rules a person's record keeps: normalising, required fields and the pipeline's dates."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from djdesk.domain.dates import PartialDate
from djdesk.domain.errors import ValidationError
from djdesk.domain.people import (
    DocumentType,
    MembershipStatus,
    PoliticalStatus,
    Post,
    Sex,
    Stage,
)
from djdesk.domain.person_rules import normalise_phone, validate
from tests.factories import draft

TODAY = dt.date(2026, 6, 15)


def problems(d) -> dict[str, str]:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as caught:
        validate(d, today=TODAY)
    return {p.field: str(p) for p in caught.value.problems}


def test_birth_date_and_sex_are_filled_from_the_id_number() -> None:
    clean = validate(draft(sex=None, birth_date=None, birth=dt.date(1990, 7, 4), male=False), today=TODAY)
    assert clean.birth_date == PartialDate(1990, 7, 4)
    assert clean.sex is Sex.FEMALE


def test_a_typed_month_is_completed_to_the_day_from_the_id_number() -> None:
    clean = validate(draft(birth=dt.date(1990, 7, 4), birth_date=PartialDate(1990, 7)), today=TODAY)
    assert clean.birth_date == PartialDate(1990, 7, 4)


def test_id_number_is_stored_normalised() -> None:
    d = draft(birth=dt.date(1990, 7, 4))
    typed = "  " + d.id_number[:6] + " " + d.id_number[6:].lower()
    assert validate(dataclasses.replace(d, id_number=typed), today=TODAY).id_number == d.id_number


def test_wrong_check_digit_names_the_id_field_in_chinese() -> None:
    d = draft()
    wrong = d.id_number[:17] + ("0" if d.id_number[17] != "0" else "1")
    found = problems(dataclasses.replace(d, id_number=wrong))
    assert found["id_number"].startswith("证件号码：校验码错误（末位应为")


def test_birth_date_disagreeing_with_the_id_number() -> None:
    found = problems(draft(birth=dt.date(1985, 3, 12), birth_date=PartialDate(1985, 3, 13)))
    assert found == {"birth_date": "出生日期：填写的1985.03.13与证件号码不符（按证件号码应为1985.03.12）"}


def test_sex_disagreeing_with_the_id_number() -> None:
    found = problems(draft(male=True, sex=Sex.FEMALE))
    assert found == {"sex": "性别：填写的女与证件号码不符（按证件号码应为男）"}


def test_empty_name_is_refused() -> None:
    assert problems(draft(name="   ")) == {"name": "姓名：为必填项"}


def test_name_spaces_are_tidied() -> None:
    assert validate(draft(name=" 买买提 · 艾力 "), today=TODAY).name == "买买提 · 艾力"


@pytest.mark.parametrize("phone", ["1391234567890", "139123456", "2391234567", "abc"])
def test_bad_phone_numbers_are_refused(phone: str) -> None:
    assert problems(draft(phone=phone))["phone"].startswith("手机：应为11位手机号码")


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("139 3101 2345", "13931012345"), ("139-3101-2345", "13931012345"),
     ("+86 13931012345", "13931012345"), ("１３９３１０１２３４５", "13931012345"),
     ("0931-8123456", "0931-8123456"), ("", "")],
)
def test_phone_numbers_are_normalised(typed: str, stored: str) -> None:
    assert normalise_phone(typed) == stored


def test_other_documents_are_stored_as_typed_without_checks() -> None:
    clean = validate(
        draft(document_type=DocumentType.PASSPORT, id_number=" E12345678 ", sex=Sex.MALE,
              birth_date=PartialDate(1980, 1, 2)),
        today=TODAY,
    )
    assert clean.id_number == "E12345678"


def test_without_an_id_number_sex_and_birth_date_are_required() -> None:
    found = problems(draft(document_type=DocumentType.PASSPORT, id_number="", sex=None, birth_date=None))
    assert set(found) == {"id_number", "sex", "birth_date"}


def test_post_is_required() -> None:
    assert problems(draft(post=None)) == {"post": "工作岗位：为必填项"}


def test_every_problem_is_reported_at_once() -> None:
    found = problems(draft(name="", post=None, phone="1391234567890"))
    assert set(found) == {"name", "post", "phone"}


def test_party_member_needs_branch_and_join_date_and_gets_the_matching_stage() -> None:
    found = problems(draft(political_status=PoliticalStatus.CPC_MEMBER))
    assert found == {"branch_id": "所在党支部：党员必须填写", "joined_on": "入党日期：党员必须填写"}
    clean = validate(
        draft(political_status=PoliticalStatus.CPC_PROBATIONARY, branch_id=1,
              joined_on=PartialDate(2026, 1, 5)),
        today=TODAY,
    )
    assert clean.stage is Stage.PROBATIONARY


def test_stage_must_agree_with_political_status() -> None:
    found = problems(draft(political_status=PoliticalStatus.CPC_MEMBER, branch_id=1,
                           joined_on=PartialDate(2010, 1), stage=Stage.ACTIVIST))
    assert found == {"stage": "发展阶段：中共党员的发展阶段应为“正式党员”"}
    found = problems(draft(stage=Stage.FULL))
    assert found == {"stage": "发展阶段：“正式党员”的政治面貌应为“中共党员”"}


def test_join_date_before_application_date_is_refused() -> None:
    found = problems(draft(stage=Stage.CANDIDATE, branch_id=1, applied_on=PartialDate(2020, 5, 1),
                           candidate_on=PartialDate(2020, 4, 30)))
    assert found == {
        "candidate_on": "确定发展对象日期：2020.04.30早于“递交入党申请书日期”（2020.05.01）"
    }
    found = problems(draft(political_status=PoliticalStatus.CPC_MEMBER, branch_id=1,
                           applied_on=PartialDate(2012, 3), joined_on=PartialDate(2011, 7, 1)))
    assert found == {"joined_on": "入党日期：2011.07.01早于“递交入党申请书日期”（2012.03）"}


def test_dates_in_the_same_month_are_not_out_of_order() -> None:
    validate(draft(stage=Stage.ACTIVIST, branch_id=1, applied_on=PartialDate(2020, 5, 20),
                   activist_on=PartialDate(2020, 5)), today=TODAY)


def test_pipeline_dates_cannot_be_in_the_future() -> None:
    found = problems(draft(stage=Stage.APPLICANT, applied_on=PartialDate(2026, 6, 16)))
    assert found == {"applied_on": "递交入党申请书日期：晚于今天"}


def test_an_applicant_must_be_eighteen() -> None:
    found = problems(draft(birth=dt.date(2008, 6, 16), stage=Stage.APPLICANT,
                           applied_on=PartialDate(2026, 6, 15)))
    assert found == {"applied_on": "递交入党申请书日期：2026.06.15时未满18周岁"}
    # On the birthday itself the applicant is of age.
    validate(draft(birth=dt.date(2008, 6, 15), stage=Stage.APPLICANT,
                   applied_on=PartialDate(2026, 6, 15)), today=TODAY)


def test_a_month_only_date_is_under_age_only_when_the_whole_month_is() -> None:
    # Born 2008-06-16; June 2026 includes the 18th birthday, so it may be fine.
    validate(draft(birth=dt.date(2008, 6, 16), stage=Stage.APPLICANT,
                   applied_on=PartialDate(2026, 6)), today=dt.date(2026, 6, 30))


def test_birth_date_in_the_future_or_before_1900() -> None:
    found = problems(draft(document_type=DocumentType.PASSPORT, id_number="P1", sex=Sex.MALE,
                           birth_date=PartialDate(2027, 1, 1)))
    assert found == {"birth_date": "出生日期：晚于今天"}


def test_discipline_status_only_for_members_and_needs_a_start() -> None:
    found = problems(draft(membership_status=MembershipStatus.OBSERVATION))
    assert found == {"membership_status": "党籍状态：只适用于党员"}
    found = problems(draft(political_status=PoliticalStatus.CPC_MEMBER, branch_id=1,
                           joined_on=PartialDate(2010, 1), membership_status=MembershipStatus.OBSERVATION))
    assert found == {"membership_status_since": "状态起始日期：为必填项"}


def test_a_group_needs_a_branch() -> None:
    assert problems(draft(group_id=3)) == {"group_id": "党小组：须先选择所在党支部"}


def test_messages_follow_the_language() -> None:
    from djdesk import i18n

    i18n.setup("en")
    assert problems(draft(name="")) == {"name": "Name: is required"}


def test_valid_draft_passes_unchanged_in_substance() -> None:
    d = draft(post=Post.ADMIN, ethnicity=" 回族 ")
    clean = validate(d, today=TODAY)
    assert clean.ethnicity == "回族"
    assert clean.post is Post.ADMIN


def test_an_absurd_dues_base_is_refused() -> None:
    assert problems(draft(dues_base_fen=100_000_001 * 100)) == {
        "dues_base_fen": "党费基数：超过每月100万元，请核对金额"}
    assert problems(draft(dues_base_fen=-1)) == {"dues_base_fen": "党费基数：不能为负数"}


def test_dates_before_birth_or_1900_are_typing_errors() -> None:
    found = problems(draft(birth=dt.date(1985, 3, 12), work_start=PartialDate(1085, 3),
                           transferred_in_on=PartialDate(1984, 1, 1)))
    assert found == {"work_start": "参加工作日期：早于1900年", "transferred_in_on": "转入日期：早于出生日期"}
