"""`djdesk print-roster`: the PDF written, the branch checked, unprintable characters warned about."""

from __future__ import annotations

from pathlib import Path

import pytest

from djdesk.domain.clock import FixedClock
from djdesk.services import members
from djdesk.workspace import open_workspace
from tests.cli.test_cli import djdesk
from tests.conftest import TODAY
from tests.factories import branch, member_draft

pytestmark = pytest.mark.slow


def test_print_roster_writes_the_pdf_and_warns_of_characters_the_font_lacks(data_dir: Path, tmp_path: Path) -> None:
    import pypdfium2 as pdfium

    workspace = open_workspace(data_dir, clock=FixedClock.on(TODAY, hour=10))
    try:
        with workspace.database.transaction() as session:
            first = branch(session, "第一党支部")
            members.add(session, member_draft(first.id, name="王喆"), today=TODAY)
            members.add(session, member_draft(first.id, name="李\U00020000"), today=TODAY)
    finally:
        workspace.close()

    out = tmp_path / "花名册.pdf"
    result = djdesk("print-roster", str(out), "--branch", "第一党支部", data_dir=data_dir)
    assert result.returncode == 0, result.stderr
    assert str(out) in result.stdout and "\U00020000" in result.stderr and "U+20000" in result.stderr
    pdf = pdfium.PdfDocument(out)
    try:
        assert len(pdf) == 1
        page = pdf[0]
        textpage = page.get_textpage()
        assert "王喆" in textpage.get_text_range()
        textpage.close()
        page.close()
    finally:
        pdf.close()

    unknown = djdesk("print-roster", str(tmp_path / "other.pdf"), "--branch", "第九党支部", data_dir=data_dir)
    assert unknown.returncode == 1 and "第九党支部" in unknown.stderr and "第一党支部" in unknown.stderr
    assert not (tmp_path / "other.pdf").exists()
