import re
from decimal import Decimal

import pytest

from activities.models import Activity, PublicationStatus
from decisions.symbols import DecisionSymbol
from reports.content import build_context, link_decisions
from tests import factories

pytestmark = pytest.mark.django_db


def headings(html: str) -> list[str]:
    found = re.findall(r"<h4 data-heading>(.*?)</h4>", html, re.S)
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", h)).strip() for h in found]


def paragraph_numbers(html: str, annex: str) -> list[int]:
    return [int(n) for n in re.findall(rf'id="annex-{annex}-para-(\d+)"', html)]


@pytest.fixture
def areas():
    return [
        factories.ThematicAreaFactory(slug=slug, name=name, position=position)
        for position, (slug, name) in enumerate(
            [("outreach", "Outreach"), ("gender", "Gender"), ("trade", "Trade control")]
        )
    ]


def test_sections_are_lettered_in_area_order_and_empty_areas_left_out(areas):
    outreach, _gender, trade = areas
    factories.ActivityFactory(thematic_area=trade, position=1)
    factories.ActivityFactory(thematic_area=outreach, position=2)
    factories.ActivityFactory(thematic_area=outreach, position=1)
    html = factories.ReportFactory().render_html()
    assert headings(html) == ["A. Outreach", "B. Trade control"]


def test_paragraph_numbering_continues_through_each_annex(areas):
    factories.ActivityFactory(thematic_area=areas[0])
    factories.ActivityFactory(thematic_area=areas[1])
    factories.ActivityFactory(thematic_area=areas[0], biennium=2026, status="planned")
    factories.ServiceAgreementFactory(narrative="Services were shared.")
    report = factories.ReportFactory(
        annex1_introduction="One.\n\nTwo.", annex2_introduction="One."
    )
    html = report.render_html()
    # Annex I: 2 introduction, 2 activities, 1 services introduction, 1 agreement.
    assert paragraph_numbers(html, "i") == [1, 2, 3, 4, 5, 6]
    # Annex II: 1 introduction, 1 planned activity, 1 services introduction.
    assert paragraph_numbers(html, "ii") == [1, 2, 3]
    assert "Services were shared." in html


def test_annexes_select_published_activities_by_status_and_biennium(areas):
    area = areas[0]
    factories.ActivityFactory(thematic_area=area, title="x", narrative="Done in 2024.")
    factories.ActivityFactory(
        thematic_area=area, narrative="Still a draft.", publication_status="draft"
    )
    factories.ActivityFactory(
        thematic_area=area,
        narrative="Planned for 2026.",
        biennium=2026,
        status="planned",
    )
    factories.ActivityFactory(
        thematic_area=area, narrative="Cancelled one.", status="cancelled"
    )
    factories.ActivityFactory(thematic_area=area, narrative="Old one.", biennium=2022)
    context = build_context(factories.ReportFactory())
    annex1, annex2 = context["annexes"]
    text1 = " ".join(p.html for s in annex1.sections for p in s.paragraphs)
    text2 = " ".join(p.html for s in annex2.sections for p in s.paragraphs)
    assert "Done in 2024." in text1
    assert "Planned for 2026." in text2
    for hidden in ("Still a draft.", "Cancelled one.", "Old one."):
        assert hidden not in text1 + text2
    assert PublicationStatus.DRAFT in Activity.objects.values_list(
        "publication_status", flat=True
    )


def test_section_heading_override_applies_to_its_annex_only(areas):
    trade = areas[2]
    factories.ActivityFactory(thematic_area=trade)
    factories.ActivityFactory(thematic_area=trade, biennium=2026, status="planned")
    heading = factories.SectionHeadingFactory(thematic_area=trade, annex=1)
    annex1, annex2 = build_context(heading.report)["annexes"]
    assert annex1.sections[0].heading == "Trade control of elemental mercury"
    assert annex2.sections[0].heading == "Trade control"


def test_footnotes_float_in_print_and_are_listed_on_the_web(areas):
    activity = factories.ActivityFactory(
        thematic_area=areas[0], narrative="Two webinars were held.[^4]"
    )
    factories.ReferenceFactory(activity=activity, marker="4")
    report = factories.ReportFactory()
    web = build_context(report)["annexes"][0]
    printed = build_context(report, for_print=True)["annexes"][0]
    assert 'class="fnref"' in str(web.sections[0].paragraphs[0].html)
    # Numbered in the report's one sequence (from 1 here), not by the marker typed.
    assert [note.number for note in web.footnotes] == [1]
    printed_html = str(printed.sections[0].paragraphs[0].html)
    assert '<span class="footnote" data-number="1">' in printed_html
    assert printed.footnotes == []


def test_decision_symbols_link_to_existing_decisions_on_the_web_only():
    factories.DecisionFactory(
        convention=factories.ConventionFactory(code="MC"), meeting_number=5, number=19
    )
    report = factories.ReportFactory(
        annex1_introduction="Decision MC-5/19 and decision BC-99/1 apply."
    )
    web = str(build_context(report)["annexes"][0].introduction[0].html)
    printed = str(
        build_context(report, for_print=True)["annexes"][0].introduction[0].html
    )
    assert '<a class="decision" href="/decisions/mc-5-19/">MC-5/19</a>' in web
    assert "BC-99/1" in web
    assert "<a" not in printed.split("BC-99/1")[0].split("MC-5/19")[0]
    assert 'class="decision"' not in printed


def test_link_decisions_leaves_symbols_inside_links_and_tags_alone():
    # Issue 14: the links are keyed by what the grammar reads, a DecisionSymbol.
    urls = {DecisionSymbol("BC", 17, 22): "/decisions/bc-17-22/"}
    html = '<p><a href="https://x.org/BC-17/22">BC-17/22</a> and BC\u201117/22</p>'
    linked = str(link_decisions(html, urls))
    assert linked.count('class="decision"') == 1
    assert 'href="https://x.org/BC-17/22"' in linked


def test_quarterly_lists_ongoing_activities_with_synergies_and_no_savings_sentence():
    ongoing = factories.ActivityFactory(
        biennium=2014, status="ongoing", title="Shared photocopiers", narrative=""
    )
    factories.SynergyFactory(activity=ongoing, description="Fewer pieces of equipment.")
    factories.ActivityFactory(biennium=2014, status="ongoing", title="No synergies")
    completed = factories.ActivityFactory(biennium=2014, status="completed")
    factories.SynergyFactory(activity=completed)
    html = factories.QuarterlyReportFactory().render_html()
    assert "Shared photocopiers" in html
    assert "Fewer pieces of equipment." in html
    assert "No synergies" not in html
    assert "No new cost savings were recorded in the period" in html
    assert "1 January \u2013 31 March 2014" in html


def test_quarterly_totals_cost_savings_of_the_quarter_by_currency():
    activity = factories.ActivityFactory(biennium=2014, status="ongoing")
    factories.CostSavingFactory(activity=activity, amount=Decimal("1000"))
    factories.CostSavingFactory(activity=activity, amount=Decimal("500.50"))
    factories.CostSavingFactory(
        activity=activity, amount=Decimal("200"), currency="CHF"
    )
    factories.CostSavingFactory(activity=activity, quarter=2, amount=Decimal("9999"))
    report = factories.QuarterlyReportFactory()
    context = build_context(report)
    assert context["totals"] == {"CHF": Decimal("200"), "USD": Decimal("1500.50")}
    html = report.render_html()
    assert "USD 1,500.50" in html
    assert "No new cost savings" not in html
