"""Cell values as offices type them, turned into the roster's values or a reason they cannot be."""

from __future__ import annotations

import datetime as dt
import functools
import unicodedata
from decimal import Decimal, InvalidOperation
from typing import Any

from djdesk.domain.choices import Choice
from djdesk.domain.dates import InvalidDate, PartialDate
from djdesk.domain.people import (
    DocumentType,
    LeftReason,
    MembershipStatus,
    PoliticalStatus,
    Post,
    Sex,
    Stage,
)
from djdesk.i18n import _, current_language

EXCEL_EPOCH = dt.date(1899, 12, 30)  # day 0 of Excel's serial dates (1900 system)
# Zero-width characters pasted in from web pages and chat: invisible, but they change a value.
_INVISIBLE = str.maketrans("", "", "\u200b\u200c\u200d\u2060\ufeff")


class CellProblem(ValueError):
    """The cell's content cannot be the field's value; the message says why and what to do."""


def text(value: Any) -> str:
    """A cell as text: numbers without a trailing .0, full-width letters and digits folded,
    invisible characters and a leading apostrophe (Excel's "this is text") dropped, spaces
    tidied within each line; the line breaks of a 备注 are kept."""
    if value is None:
        return ""
    if not isinstance(value, str):
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, dt.datetime):
            value = value.date().isoformat()
        value = str(value)
    cleaned = value if value.isascii() else unicodedata.normalize("NFKC", value).translate(_INVISIBLE)
    cleaned = cleaned.strip()
    if cleaned[:1] in ("'", "‘"):
        cleaned = cleaned[1:].lstrip()
    if "\n" not in cleaned and "  " not in cleaned and "\t" not in cleaned:
        return cleaned  # the usual cell: one line, single spaces (a few thousand per import)
    lines = (" ".join(line.split()) for line in cleaned.splitlines())
    return "\n".join(line for line in lines if line)


def date(value: Any, *, month_only: bool = False) -> PartialDate | None:
    """Every date form offices use: Excel dates (month-only when formatted without a day),
    1985.03, 1985.3, 1985.3.12, 1985-03-12, 1985/3/12, 1985年3月12日, 198503, 19850312.

    A *number* 1985.1 means October: Excel dropped the trailing 0 of 1985.10. As text,
    "1985.1" means January.
    """
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime | dt.date):
        day = value.date() if isinstance(value, dt.datetime) else value
        return PartialDate(day.year, day.month) if month_only else PartialDate.of(day)
    if isinstance(value, bool):
        raise CellProblem(_("is not a date"))
    if isinstance(value, int | float):
        return _numeric_date(value)
    try:
        return PartialDate.parse(text(value))
    except InvalidDate as error:
        raise CellProblem(str(error)) from None


def _numeric_date(number: float) -> PartialDate:
    if isinstance(number, float) and not number.is_integer():
        year_text, _dot, month_text = repr(number).partition(".")
        year = int(year_text)
        # One digit after the point: 1985.1 was 1985.10 before Excel dropped the 0.
        month = 10 if month_text == "1" else int(month_text) if len(month_text) <= 2 else 0
        if 1900 <= year <= 2200 and 1 <= month <= 12:
            return PartialDate(year, month)
        raise CellProblem(_("{number} is not a date").format(number=number))
    whole = int(number)
    digits = str(whole)
    if 1900 <= whole <= 2100:
        raise CellProblem(_("{number} is only a year; give the month too (1985.03)").format(number=whole))
    try:
        if len(digits) == 8:
            return PartialDate(whole // 10000, whole // 100 % 100, whole % 100)
        if len(digits) == 6:
            return PartialDate(whole // 100, whole % 100)
        if 1 <= whole <= 80_000:  # an Excel date shown as a number (the cell lost its format)
            return PartialDate.of(EXCEL_EPOCH + dt.timedelta(days=whole))
    except ValueError:
        pass
    raise CellProblem(_("{number} is not a date").format(number=number))


def id_number(value: Any) -> str:
    """ID numbers must be text: as a number Excel keeps 15 significant digits, so an
    18-digit number has lost its last ones (and a final X cannot be a number at all)."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        if float(value).is_integer() and len(str(int(value))) == 15:
            return str(int(value))  # an old 15-digit number survives as a number
        raise CellProblem(_(
            "was saved as a number, so Excel has lost its last digits. Set the column's format "
            "to Text (设置单元格格式 → 文本) and type the numbers again"
        ))
    return text(value).replace(" ", "")


def phone(value: Any) -> str:
    return text(value)


def amount_fen(value: Any) -> int | None:
    """Yuan (6500, 6,500.50, 6500元) as whole fen."""
    if value is None or value == "":
        return None
    raw = text(value).replace(",", "").removesuffix("元").strip()
    try:
        amount = Decimal(raw)
        if amount.is_finite() and amount == amount.quantize(Decimal("0.01")):
            return int(amount * 100)
    except InvalidOperation:
        pass
    raise CellProblem(_("“{text}” is not an amount in yuan").format(text=text(value)))


@functools.cache
def _aliases(choice: type[Choice], language: str) -> dict[str, Choice]:
    """Every name a cell may give a member (built once per kind and language: a roster has
    thousands of such cells)."""
    extra = _EXTRA.get(choice, {})
    found: dict[str, Choice] = {}
    for member in choice:
        for name in (member.value, member.label, member._label, _(member._label)):
            found[name.lower().replace(" ", "")] = member
    found.update({k.lower(): v for k, v in extra.items()})
    return found


_EXTRA: dict[type[Choice], dict[str, Choice]] = {
    Sex: {"男": Sex.MALE, "男性": Sex.MALE, "m": Sex.MALE, "女": Sex.FEMALE, "女性": Sex.FEMALE, "f": Sex.FEMALE},
    PoliticalStatus: {
        "中共党员": PoliticalStatus.CPC_MEMBER, "党员": PoliticalStatus.CPC_MEMBER,
        "正式党员": PoliticalStatus.CPC_MEMBER, "中共正式党员": PoliticalStatus.CPC_MEMBER,
        "中国共产党党员": PoliticalStatus.CPC_MEMBER, "共产党员": PoliticalStatus.CPC_MEMBER,
        "中共预备党员": PoliticalStatus.CPC_PROBATIONARY, "预备党员": PoliticalStatus.CPC_PROBATIONARY,
        "共青团员": PoliticalStatus.CYL_MEMBER, "团员": PoliticalStatus.CYL_MEMBER,
        "民革": PoliticalStatus.RCCK, "民革党员": PoliticalStatus.RCCK, "民革会员": PoliticalStatus.RCCK,
        "民盟": PoliticalStatus.CDL, "民盟盟员": PoliticalStatus.CDL,
        "民建": PoliticalStatus.CNDCA, "民建会员": PoliticalStatus.CNDCA,
        "民进": PoliticalStatus.CAPD, "民进会员": PoliticalStatus.CAPD,
        "农工党": PoliticalStatus.CPWDP, "农工党党员": PoliticalStatus.CPWDP,
        "致公党": PoliticalStatus.ZHI_GONG, "致公党党员": PoliticalStatus.ZHI_GONG,
        "九三学社": PoliticalStatus.JIUSAN, "九三学社社员": PoliticalStatus.JIUSAN, "九三": PoliticalStatus.JIUSAN,
        "台盟": PoliticalStatus.TDSGL, "台盟盟员": PoliticalStatus.TDSGL,
        "无党派": PoliticalStatus.NON_PARTISAN, "无党派人士": PoliticalStatus.NON_PARTISAN,
        "无党派民主人士": PoliticalStatus.NON_PARTISAN, "群众": PoliticalStatus.MASSES,
    },
    Stage: {"申请人": Stage.APPLICANT, "入党申请人": Stage.APPLICANT, "积极分子": Stage.ACTIVIST,
            "入党积极分子": Stage.ACTIVIST, "发展对象": Stage.CANDIDATE, "预备党员": Stage.PROBATIONARY,
            "正式党员": Stage.FULL},
    DocumentType: {"身份证": DocumentType.RESIDENT_ID, "居民身份证": DocumentType.RESIDENT_ID,
                   "港澳台居民居住证": DocumentType.HMT_RESIDENCE, "护照": DocumentType.PASSPORT,
                   "外国人永久居留身份证": DocumentType.FOREIGN_PERMANENT},
    MembershipStatus: {"正常": MembershipStatus.NORMAL, "停止党籍": MembershipStatus.SUSPENDED,
                       "留党察看": MembershipStatus.OBSERVATION},
    LeftReason: {"转出": LeftReason.TRANSFERRED_OUT, "组织关系转出": LeftReason.TRANSFERRED_OUT,
                 "调出": LeftReason.TRANSFERRED_OUT, "去世": LeftReason.DECEASED,
                 "病故": LeftReason.DECEASED, "死亡": LeftReason.DECEASED, "调离": LeftReason.RESIGNED,
                 "离职": LeftReason.RESIGNED, "辞职": LeftReason.RESIGNED, "调离/离职": LeftReason.RESIGNED},
    Post: {},
}
# 工作岗位 is written many ways; keywords decide, the first that matches wins. A school's
# 专业技术人员 (the 全国党员管理信息系统's category) are its teachers.
_POST_KEYWORDS = (("退休", Post.RETIRED), ("离休", Post.RETIRED), ("教辅", Post.TEACHING_SUPPORT),
                  ("实验", Post.TEACHING_SUPPORT), ("图书", Post.TEACHING_SUPPORT),
                  ("工勤", Post.SUPPORT), ("后勤", Post.SUPPORT), ("保安", Post.SUPPORT),
                  ("行政", Post.ADMIN), ("管理", Post.ADMIN), ("校长", Post.ADMIN), ("主任", Post.ADMIN),
                  ("书记", Post.ADMIN), ("教", Post.TEACHER), ("老师", Post.TEACHER),
                  ("班主任", Post.TEACHER), ("专业技术", Post.TEACHER))


def choice(value: Any, kind: type[Choice]) -> Choice | None:
    """The member a cell names (labels, common abbreviations, codes); None for a blank cell."""
    written = text(value).replace(" ", "")
    if not written:
        return None
    found = _aliases(kind, current_language()).get(written.lower())
    if found is None and kind is Post:
        # Unknown words are not guessed as 其他: that would take a teacher out of the
        # ethics evaluation without anyone noticing.
        found = next((post for word, post in _POST_KEYWORDS if word in written), None)
    if found is None:
        choices = "、".join(member.label for member in kind)
        raise CellProblem(_("“{text}” is not one of: {choices}").format(text=written, choices=choices))
    return found
