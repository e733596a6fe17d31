"""A person of the school: the fields the office keeps and their fixed choices."""

from __future__ import annotations

from dataclasses import dataclass

from djdesk.domain.choices import Choice
from djdesk.domain.dates import PartialDate
from djdesk.i18n import N_, _


class Sex(Choice):
    MALE = ("male", N_("Male"))
    FEMALE = ("female", N_("Female"))


class DocumentType(Choice):
    RESIDENT_ID = ("resident_id", N_("Resident identity card"))
    HMT_RESIDENCE = ("hmt_residence", N_("Residence permit for Hong Kong, Macao and Taiwan residents"))
    FOREIGN_PERMANENT = ("foreign_permanent", N_("Foreigner's permanent residence ID card"))
    PASSPORT = ("passport", N_("Passport"))


class PoliticalStatus(Choice):
    """政治面貌 after GB/T 4762, in the standard's order (its codes 01-13)."""

    CPC_MEMBER = ("cpc_member", N_("CPC member"))
    CPC_PROBATIONARY = ("cpc_probationary", N_("CPC probationary member"))
    CYL_MEMBER = ("cyl_member", N_("Communist Youth League member"))
    RCCK = ("rcck", N_("Revolutionary Committee of the Kuomintang member"))
    CDL = ("cdl", N_("China Democratic League member"))
    CNDCA = ("cndca", N_("China National Democratic Construction Association member"))
    CAPD = ("capd", N_("China Association for Promoting Democracy member"))
    CPWDP = ("cpwdp", N_("Chinese Peasants' and Workers' Democratic Party member"))
    ZHI_GONG = ("zhi_gong", N_("China Zhi Gong Party member"))
    JIUSAN = ("jiusan", N_("Jiusan Society member"))
    TDSGL = ("tdsgl", N_("Taiwan Democratic Self-Government League member"))
    NON_PARTISAN = ("non_partisan", N_("Non-partisan personage"))
    MASSES = ("masses", N_("Masses (no party)"))

    @property
    def is_party_member(self) -> bool:
        # Identity, not `in`: a StrEnum compares as text, and lists ask this of 10,000 people.
        return self is PoliticalStatus.CPC_MEMBER or self is PoliticalStatus.CPC_PROBATIONARY

    @property
    def gb_code(self) -> str:
        return f"{list(PoliticalStatus).index(self) + 1:02d}"


class Stage(Choice):
    """Where someone is on the way into the party; the last two agree with 政治面貌."""

    APPLICANT = ("applicant", N_("Applicant"))
    ACTIVIST = ("activist", N_("Activist"))
    CANDIDATE = ("candidate", N_("Development candidate"))
    PROBATIONARY = ("probationary", N_("Probationary member"))
    FULL = ("full", N_("Full member"))


class MembershipStatus(Choice):
    """党籍状态 of a member."""

    NORMAL = ("normal", N_("Normal"))
    SUSPENDED = ("suspended", N_("Membership suspended"))
    OBSERVATION = ("observation", N_("Probation within the party"))


class Post(Choice):
    """工作岗位: what the person does at the school."""

    TEACHER = ("teacher", N_("Teacher"))
    TEACHING_SUPPORT = ("teaching_support", N_("Teaching support"))
    ADMIN = ("admin", N_("Administration"))
    SUPPORT = ("support", N_("Support staff"))
    RETIRED = ("retired", N_("Retired"))
    OTHER = ("other", N_("Other"))


class LeftReason(Choice):
    """Why someone no longer belongs to the school's records; they stay in the history."""

    TRANSFERRED_OUT = ("transferred_out", N_("Transferred out"))
    DECEASED = ("deceased", N_("Deceased"))
    RESIGNED = ("resigned", N_("Left the school"))
    OTHER = ("other", N_("Other"))


PARTY_POSTS = (
    N_("Secretary"),
    N_("Deputy secretary"),
    N_("Organisation committee member"),
    N_("Publicity committee member"),
    N_("Discipline inspection committee member"),
    N_("Party group leader"),
)

# Labels of the fields, for forms, messages ("身份证号：校验码错误") and spreadsheet headers.
FIELD_LABELS: dict[str, str] = {
    "name": N_("Name"),
    "sex": N_("Sex"),
    "ethnicity": N_("Ethnic group"),
    "document_type": N_("Document type"),
    "id_number": N_("ID number"),
    "birth_date": N_("Date of birth"),
    "native_place": N_("Native place"),
    "education": N_("Education"),
    "degree": N_("Degree"),
    "school_major": N_("School and major"),
    "work_start": N_("Started work"),
    "post": N_("Post"),
    "title": N_("Professional title"),
    "department": N_("Department"),
    "phone": N_("Mobile phone"),
    "note": N_("Notes"),
    "political_status": N_("Political status"),
    "stage": N_("Development stage"),
    "branch_id": N_("Party branch"),
    "group_id": N_("Party group"),
    "party_post": N_("Party post"),
    "applied_on": N_("Application submitted"),
    "activist_on": N_("Became activist"),
    "candidate_on": N_("Became development candidate"),
    "joined_on": N_("Joined the party"),
    "full_on": N_("Became full member"),
    "introducers": N_("Introducers"),
    "contacts": N_("Contact persons"),
    "transferred_in_on": N_("Transferred in"),
    "transferred_in_from": N_("Transferred in from"),
    "membership_status": N_("Membership status"),
    "membership_status_since": N_("Status since"),
    "membership_status_until": N_("Status until"),
    "dues_base_fen": N_("Dues base"),
    "probation_extended_months": N_("Probation extended by"),
    "left_on": N_("Left on"),
    "left_reason": N_("Reason for leaving"),
    "left_note": N_("Details of leaving"),
}


def field_label(field: str) -> str:
    return _(FIELD_LABELS[field]) if field in FIELD_LABELS else field


@dataclass(frozen=True)
class PersonDraft:
    """Everything a user types about a person; validated by `person_rules.validate`."""

    name: str = ""
    sex: Sex | None = None
    ethnicity: str = ""
    document_type: DocumentType = DocumentType.RESIDENT_ID
    id_number: str = ""
    birth_date: PartialDate | None = None
    native_place: str = ""
    education: str = ""
    degree: str = ""
    school_major: str = ""
    work_start: PartialDate | None = None
    post: Post | None = None
    title: str = ""
    department: str = ""
    phone: str = ""
    note: str = ""
    political_status: PoliticalStatus = PoliticalStatus.MASSES
    stage: Stage | None = None
    branch_id: int | None = None
    group_id: int | None = None
    party_post: str = ""
    applied_on: PartialDate | None = None
    activist_on: PartialDate | None = None
    candidate_on: PartialDate | None = None
    joined_on: PartialDate | None = None
    full_on: PartialDate | None = None
    introducers: str = ""
    contacts: str = ""
    transferred_in_on: PartialDate | None = None
    transferred_in_from: str = ""
    membership_status: MembershipStatus = MembershipStatus.NORMAL
    membership_status_since: PartialDate | None = None
    membership_status_until: PartialDate | None = None
    dues_base_fen: int | None = None


# Suggestions offered in the person dialog; stored as typed, so local terms also fit.
TITLES = ("正高级教师", "高级教师", "一级教师", "二级教师", "三级教师", "工程师", "会计师", "无")
EDUCATION_LEVELS = ("研究生", "大学本科", "大学专科", "中专", "高中", "初中及以下")
DEGREES = ("博士", "硕士", "学士", "无")

# The pipeline's dates in the order they must happen.
PIPELINE_DATES = ("applied_on", "activist_on", "candidate_on", "joined_on", "full_on")

ETHNIC_GROUPS = (
    "汉族", "蒙古族", "回族", "藏族", "维吾尔族", "苗族", "彝族", "壮族", "布依族", "朝鲜族",
    "满族", "侗族", "瑶族", "白族", "土家族", "哈尼族", "哈萨克族", "傣族", "黎族", "傈僳族",
    "佤族", "畲族", "高山族", "拉祜族", "水族", "东乡族", "纳西族", "景颇族", "柯尔克孜族",
    "土族", "达斡尔族", "仫佬族", "羌族", "布朗族", "撒拉族", "毛南族", "仡佬族", "锡伯族",
    "阿昌族", "普米族", "塔吉克族", "怒族", "乌孜别克族", "俄罗斯族", "鄂温克族", "德昂族",
    "保安族", "裕固族", "京族", "塔塔尔族", "独龙族", "鄂伦春族", "赫哲族", "门巴族", "珞巴族",
    "基诺族",
)  # GB 3304, in the standard's order; names of ethnic groups are data, not UI text
