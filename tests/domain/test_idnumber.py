"""GB 11643 citizen ID numbers."""

from __future__ import annotations

import datetime as dt

import pytest

from djdesk.domain import idnumber
from djdesk.domain.idnumber import IdProblem, InvalidIdNumber

# A number worked by hand: weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2 over
# 1 1 0 1 0 5 1 9 4 9 1 2 3 1 0 0 2 sum to 189; 189 mod 11 = 2 -> "X".
KNOWN = "11010519491231002X"


def test_known_number_is_accepted_with_its_birth_date_and_sex() -> None:
    citizen = idnumber.parse(KNOWN)
    assert citizen.number == KNOWN
    assert citizen.birth_date == dt.date(1949, 12, 31)
    assert citizen.male is False  # the 17th digit, 2, is even


def test_check_character_is_computed_by_the_standard_weights() -> None:
    assert idnumber.check_character(KNOWN[:17]) == "X"
    assert idnumber.check_character("62010219800501123") == "6"


def test_wrong_check_character_names_the_expected_one() -> None:
    with pytest.raises(InvalidIdNumber) as caught:
        idnumber.parse(KNOWN[:17] + "5")
    assert caught.value.problem is IdProblem.CHECK
    assert caught.value.message() == "校验码错误（末位应为X）"


def test_lower_case_x_and_full_width_digits_are_normalised() -> None:
    assert idnumber.parse(KNOWN.lower()).number == KNOWN
    full_width = KNOWN[:17].translate(str.maketrans("0123456789", "０１２３４５６７８９")) + "ｘ"
    assert idnumber.parse(full_width).number == KNOWN
    assert idnumber.parse(" 110105 19491231 002X ").number == KNOWN


def test_fifteen_digit_old_number_becomes_eighteen() -> None:
    # 15-digit form of 110105 49 1231 002: insert 19 before the year, append the check.
    citizen = idnumber.parse("110105491231002")
    assert citizen.number == KNOWN
    assert citizen.birth_date == dt.date(1949, 12, 31)


@pytest.mark.parametrize(
    ("raw", "problem"),
    [
        ("", IdProblem.EMPTY),
        ("1101051949123100", IdProblem.LENGTH),
        ("11010519491231002X1", IdProblem.LENGTH),
        ("1101051949123100AX", IdProblem.CHARACTERS),
        ("11010519491331002X", IdProblem.BIRTH_DATE),  # month 13
        ("11010518001231002X", IdProblem.BIRTH_DATE),  # before 1900
        ("11010549123100A", IdProblem.CHARACTERS),
    ],
)
def test_malformed_numbers_are_refused_with_the_reason(raw: str, problem: IdProblem) -> None:
    with pytest.raises(InvalidIdNumber) as caught:
        idnumber.parse(raw)
    assert caught.value.problem is problem


def test_length_message_counts_the_characters() -> None:
    with pytest.raises(InvalidIdNumber) as caught:
        idnumber.parse("1234567890123")
    assert caught.value.message() == "应为18位（旧证为15位数字），现为13位"


def test_make_builds_numbers_that_parse_back() -> None:
    for sequence in (0, 1, 2, 99, 998, 999):
        number = idnumber.make("620102", dt.date(2000, 2, 29), sequence)
        citizen = idnumber.parse(number)
        assert citizen.birth_date == dt.date(2000, 2, 29)
        assert citizen.male is (sequence % 2 == 1)


def test_mask_keeps_the_area_and_the_last_four() -> None:
    assert idnumber.mask("620102198005011236") == "620102********1236"
    assert idnumber.mask("E1234567") == "E1234567"  # too short to mask meaningfully
