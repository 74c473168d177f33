"""A report in French, Arabic or Chinese: its fixed wording, fonts and direction."""

import shutil
import subprocess

import pytest

from tests import factories
from tests.reports.test_pdf import pdftotext

pytestmark = pytest.mark.django_db


def pdffonts(data: bytes, tmp_path) -> str:
    if shutil.which("pdffonts") is None:
        pytest.skip("pdffonts (poppler-utils) is not installed")
    path = tmp_path / "fonts.pdf"
    path.write_bytes(data)
    return subprocess.run(  # noqa: S603 - fixed local tool
        ["pdffonts", str(path)],  # noqa: S607
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def report_in(language: str):
    factories.ActivityFactory(
        title="Webinars on mercury wastes",
        narrative="Webinars on dental amalgam in 2024–2025.",
        biennium=2024,
    )
    return factories.ReportFactory(language=language)


def test_french_report_prints_its_fixed_wording_in_french(tmp_path):
    report = report_in("fr")

    html = report.render_html()
    text = pdftotext(report.render_pdf(), tmp_path)

    assert "Annexe I" in text
    assert "Nations Unies" in text
    # The activities are English records: printed as such, and marked so.
    assert "dental amalgam" in text
    assert 'lang="en" dir="ltr"' in html


def test_arabic_report_runs_right_to_left_in_noto_naskh_with_digits_in_order(
    tmp_path,
):
    report = report_in("ar")

    html = report.render_html()
    data = report.render_pdf()
    text = pdftotext(data, tmp_path)
    fonts = pdffonts(data, tmp_path)

    assert 'lang="ar" dir="rtl"' in html
    assert "الأمم المتحدة" in text
    assert "المرفق" in text
    assert "2024–2025" in text
    assert "2025–2024" not in text
    assert "Noto-Naskh-Arabic" in fonts
    assert all(line.split()[-5] == "yes" for line in fonts.splitlines()[2:])


def test_chinese_report_uses_simplified_chinese_glyphs(tmp_path):
    data = report_in("zh-hans").render_pdf()

    text = pdftotext(data, tmp_path)
    fonts = pdffonts(data, tmp_path)

    assert "联合国" in text
    assert "附件I" in text.replace(" ", "")
    assert "Noto-Serif-CJK-SC" in fonts
    assert "CJK-JP" not in fonts
