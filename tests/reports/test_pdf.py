import shutil
import subprocess

import pytest
from django.conf import settings

from reports import pdf
from reports.pdf import RefusedURL, StaticOnlyFetcher, render_report_pdf, static_path
from tests import factories

pytestmark = pytest.mark.django_db

HOSTILE = (
    "Look ![x](http://127.0.0.1:8000/secret.png) and ![y](file:///etc/passwd).\n\n"
    '<img src="http://127.0.0.1/track.png"> <link rel="stylesheet" '
    'href="http://127.0.0.1/evil.css"> <style>body{background:url('
    "http://127.0.0.1/bg.png)}</style>\n\n"
    "[a link](http://127.0.0.1/internal) and [file](file:///etc/passwd) "
    '<a rel="attachment" href="file:///etc/passwd">attach</a>\n\n'
    "<object data='file:///etc/passwd'></object> "
    "<iframe src='http://127.0.0.1/'></iframe>"
)


def pdftotext(data: bytes, tmp_path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    path = tmp_path / "report.pdf"
    path.write_bytes(data)
    return subprocess.run(  # noqa: S603 - fixed local tool
        ["pdftotext", "-layout", str(path), "-"],  # noqa: S607
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def pdfinfo(data: bytes, tmp_path) -> dict[str, str]:
    if shutil.which("pdfinfo") is None:
        pytest.skip("pdfinfo (poppler-utils) is not installed")
    path = tmp_path / "info.pdf"
    path.write_bytes(data)
    out = subprocess.run(  # noqa: S603 - fixed local tool
        ["pdfinfo", str(path)],  # noqa: S607
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return {
        key.strip(): value.strip()
        for key, _, value in (line.partition(":") for line in out.splitlines())
    }


def test_pdf_is_a4_with_title_author_and_selectable_text(tmp_path):
    activity = factories.ActivityFactory(narrative="Joint webinars on mercury wastes.")
    report = factories.ReportFactory(
        title="Joint report on cooperation", author="Both secretariats"
    )
    data = render_report_pdf(report)
    info = pdfinfo(data, tmp_path)
    assert info["Title"] == "Joint report on cooperation"
    assert info["Author"] == "Both secretariats"
    assert "A4" in info["Page size"]
    text = pdftotext(data, tmp_path)
    assert activity.narrative[:20] in text
    assert "Annex I" in text


def test_pdf_declares_the_report_language(tmp_path):
    from reports.content import render_print_document

    report = factories.ReportFactory(language="fr")
    assert '<html lang="fr" dir="ltr">' in render_print_document(report)


def test_pdf_running_header_prints_the_symbol_or_else_the_title(tmp_path):
    factories.ActivityFactory(narrative="Long text. " * 600)
    with_symbol = factories.ReportFactory(symbol="UNEP/MC/COP.6/INF/10")
    text = pdftotext(render_report_pdf(with_symbol), tmp_path)
    assert text.count("UNEP/MC/COP.6/INF/10") >= 2
    without = factories.ReportFactory(title="Title in the header")
    assert (
        pdftotext(render_report_pdf(without), tmp_path).count("Title in the header")
        >= 2
    )


def test_footnotes_are_printed_on_the_page(tmp_path):
    activity = factories.ActivityFactory(narrative="Webinars were held.[^4]")
    factories.ReferenceFactory(
        activity=activity, marker="4", text="", url="https://www.brsmeas.org/tabid/9990"
    )
    text = pdftotext(render_report_pdf(factories.ReportFactory()), tmp_path)
    assert "https://www.brsmeas.org/tabid/9990" in text


def test_fetcher_serves_static_files():
    fetcher = StaticOnlyFetcher()
    css = settings.BASE_DIR / "static" / "css" / "print.css"
    response = fetcher.fetch(css.as_uri())
    assert b"@page" in response.read()
    assert fetcher.served == [css.as_uri()]


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8000/secret",
        "https://example.org/style.css",
        "file:///etc/passwd",
        "ftp://127.0.0.1/x",
        "data:text/css,body{color:red}",
        "file://evil.example.org/etc/passwd",
        "gopher://127.0.0.1/",
    ],
)
def test_fetcher_refuses_everything_but_static_files(url):
    fetcher = StaticOnlyFetcher()
    with pytest.raises(RefusedURL):
        fetcher.fetch(url)
    assert fetcher.refused == [url]


def test_fetcher_refuses_escapes_from_the_static_dir(tmp_path, settings):
    static = tmp_path / "static"
    static.mkdir()
    (tmp_path / "secret.txt").write_text("secret")
    (static / "link.txt").symlink_to(tmp_path / "secret.txt")
    settings.STATICFILES_DIRS = [static]
    settings.STATIC_ROOT = None
    with pytest.raises(RefusedURL):
        static_path(static.as_uri() + "/../secret.txt")
    with pytest.raises(RefusedURL):
        static_path((static / "link.txt").as_uri())
    with pytest.raises(RefusedURL):
        static_path(static.as_uri() + "/missing.css")


def test_hostile_narratives_make_weasyprint_fetch_nothing_but_the_stylesheet(
    tmp_path, monkeypatch
):
    calls = []
    real_fetch = StaticOnlyFetcher.fetch

    def spy(self, url, headers=None):
        calls.append(url)
        return real_fetch(self, url, headers)

    monkeypatch.setattr(StaticOnlyFetcher, "fetch", spy)
    activity = factories.ActivityFactory(narrative=HOSTILE + "[^1]")
    factories.ReferenceFactory(
        activity=activity, marker="1", text=HOSTILE, url="http://127.0.0.1/ref"
    )
    factories.SynergyFactory(
        activity=factories.ActivityFactory(
            biennium=2014, status="ongoing", narrative=HOSTILE
        ),
        description=HOSTILE,
    )
    biennial = factories.ReportFactory(
        cover_note=HOSTILE, annex1_introduction=HOSTILE, title="<img src=x>"
    )
    quarterly = factories.QuarterlyReportFactory(overview=HOSTILE)
    for report in (biennial, quarterly):
        data = render_report_pdf(report)
        assert data.startswith(b"%PDF")
    roots = pdf.static_roots()
    assert calls, "the stylesheet is fetched through the locked fetcher"
    for url in calls:
        assert static_path(url).is_relative_to(roots[0])
    assert not [url for url in calls if "127.0.0.1" in url or "passwd" in url]
    html = biennial.render_html() + quarterly.render_html()
    for tag in ("<img", "<link", "<style", "<object", "<iframe"):
        assert tag not in html.split("</header>", 1)[1]
