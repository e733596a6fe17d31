"""A roster sheet as offices really send them: title rows, every date form, traps, bad rows."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import Workbook

from djdesk.domain import idnumber

FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def number(birth: dt.date, sequence: int, area: str = "620102") -> str:
    return idnumber.make(area, birth, sequence)


HEADER = ["序号", "姓名", "性别", "民族", "出生年月", "身份证号", "学历", "申请入党时间", "入党时间",
          "转正时间", "所在支部", "党小组", "政治面貌", "联系电话", "工作岗位", "备注"]

# Good rows: (excel row, values in HEADER order after 序号); the row numbers are fixed below.
ID_A = number(dt.date(1985, 3, 12), 11)
ID_B = number(dt.date(1990, 7, 4), 22)
ID_C = number(dt.date(1979, 10, 1), 1)  # ends in X: the sheet has it with a lower-case x
assert ID_C.endswith("X")
ID_D = number(dt.date(1968, 1, 20), 45)  # odd: male
ID_E = number(dt.date(1995, 12, 5), 56)  # even: female
OLD_15 = "620102540607123"  # an old 15-digit number, male (3 is odd), born 1954-06-07
ID_DUP = number(dt.date(1988, 8, 8), 67)
_RIGHT = number(dt.date(1987, 5, 5), 77)
ID_BAD_CHECK = _RIGHT[:17] + ("1" if _RIGHT[17] == "0" else "0")  # always the wrong one
ID_MISMATCH = number(dt.date(1983, 4, 4), 88)


def build(path: Path) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.title = "党员花名册"
    sheet.append(["明德中学党员花名册"])
    sheet.merge_cells("A1:P1")
    sheet.append(["填报单位：明德中学党总支", None, None, None, None, None, None, None, "填报日期：2026年6月"])
    sheet.append([])
    sheet.append(HEADER)  # row 4
    rows = {
        5: ["1", "张喆", "男", "汉族", dt.datetime(1985, 3, 12), ID_A, "大学本科", "2008.03", "2010.6.28",
            "2011年6月28日", "第一党支部", "第一党小组", "中共党员", 13931012345, "专任教师", "Excel 日期"],
        6: ["2", "刘玥", "女", "回族", "1990.7", ID_B.translate(FULL_WIDTH), "研究生", None, None, None,
            None, None, "群众", "139 3101 2346", "教师", "全角数字"],
        7: ["3", "单军", None, None, 197910, ID_C.lower(), None, "2001/3/12",
            "2002-09-01", 20030901, "第一党支部", "第二党小组", "正式党员", None,
            "行政", "月份数字"],
        8: ["4", "王堃", "男", None, 1968.01, ID_D, None, None, 1994.1, None, "退休党支部", None,
            "中共党员", None, "退休", "数字1994.1是10月"],
        10: ["5", "陈珺", "女", None, "1995年12月5日", ID_E, None, None, None, None, None, None,
             "民进", None, "教师", "空行之后"],
        11: ["6", "老同志", None, None, None, int(OLD_15), None, None, "1980.05", "1981.05", "退休党支部",
             None, "党员", None, "离退休", "15位旧号码"],
        # The bad rows, one problem each.
        12: ["7", "甲", "男", None, None, ID_BAD_CHECK, None, None, None, None, None, None, "群众",
             None, "教师", "校验码错"],
        13: ["8", "乙", "男", None, None, 620102198705051234, None, None, None, None, None, None, "群众",
             None, "教师", "号码存成了数字"],
        14: ["9", "丙", "女", None, "1983.4.5", ID_MISMATCH, None, None, None, None, None, None, "群众",
             None, "教师", "出生日期不符"],
        15: ["10", "丁", "男", None, None, number(dt.date(1984, 2, 2), 99), None, "2012.3", "2011.7",
             "2012.7", "第一党支部", None, "中共党员", None, "教师", "入党早于申请"],
        16: ["11", "戊", "男", None, None, number(dt.date(1986, 6, 6), 101), None, None, None, None,
             None, None, "群众", "1391234567890", "教师", "13位手机"],
        17: ["12", None, "男", None, None, number(dt.date(1987, 7, 7), 103), None, None, None, None,
             None, None, "群众", None, "教师", "没有姓名"],
        18: ["13", "己", "男", None, None, ID_DUP, None, None, None, None, None, None, "共产党", None,
             "教师", "政治面貌写错"],
        19: ["14", "庚", "男", None, None, ID_DUP, None, None, None, None, None, None, "群众", None,
             "教师", "与上一行重复"],
        20: ["15", "辛", "男", None, "1985年13月", number(dt.date(1989, 9, 9), 105), None, None, None,
             None, None, None, "群众", None, "教师", "日期写错"],
    }
    for row in range(5, 21):
        values = rows.get(row)
        if values is None:
            sheet.append([])  # row 9: a blank row between blocks
            continue
        sheet.append(values)
    sheet["E5"].number_format = "yyyy-mm-dd"
    # Row 21: a formula with no saved result (openpyxl never calculates), row 22-23 merged branch.
    sheet.append(["16", "壬", "男", None, None, number(dt.date(1990, 1, 1), 107), None, None, None, None,
                  None, None, "群众", "=12+1", "教师", "公式"])
    sheet.append(["17", "癸", "男", None, None, number(dt.date(1991, 1, 1), 109), None, None, "2015.7",
                  "2016.7", "第一党支部", None, "中共党员", None, "教师", "合并单元格"])
    sheet.append(["18", "子", "女", None, None, number(dt.date(1992, 1, 1), 110), None, None, "2015.7",
                  "2016.7", None, None, "中共党员", None, "教师", "合并单元格"])
    sheet.merge_cells("K22:K23")
    sheet.append([])
    sheet.append(["填报人：李四", None, None, None, None, None, None, None, "审核人：王五"])
    book.save(path)
    return path


GOOD_ROWS = {5, 6, 7, 8, 10, 11}
# Excel row -> the problems expected, exactly as the office reads them.
EXPECTED_PROBLEMS = {
    12: [f"第12行 身份证号：校验码错误（末位应为{idnumber.check_character(ID_BAD_CHECK[:17])}）"],
    13: ["第13行 身份证号：以数字形式保存，Excel 已丢失末尾几位。请将这一列设为“文本”格式"
         "（设置单元格格式 → 文本）后重新录入号码"],
    14: ["第14行 出生年月：填写的1983.04.05与证件号码不符（按证件号码应为1983.04.04）"],
    15: ["第15行 入党时间：2011.07早于“递交入党申请书日期”（2012.03）"],
    16: ["第16行 联系电话：应为11位手机号码（或 0931-1234567 这样的固定电话）"],
    17: ["第17行 姓名：为必填项"],
    18: ["第18行 政治面貌：“共产党”不是以下之一：中共党员、中共预备党员、共青团员、民革党员、民盟盟员、"
         "民建会员、民进会员、农工党党员、致公党党员、九三学社社员、台盟盟员、无党派人士、群众",
         "第18行 身份证号：与第19行的号码相同"],
    19: ["第19行 身份证号：与第18行的号码相同"],
    20: ["第20行 出生年月：“1985年13月”不是日期，请按 1985-03-12、1985.03.12 或 1985.03 的格式填写"],
    21: ["第21行 联系电话：是没有计算结果的公式；请在 Excel 中复制这一列，再“选择性粘贴 → 数值”"],
    22: ["第22行 所在支部：是第22—23行的合并单元格；请取消合并，在每一行填写"],
    23: ["第23行 所在支部：是第22—23行的合并单元格；请取消合并，在每一行填写"],
}
