"""Exports of the public lists and the API's CSV: what an analyst opens in Excel."""

import csv
import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse

from activities.models import Partnership, PublicationStatus
from brsportal.exports import BOM, escape_formula
from tests import factories

pytestmark = pytest.mark.django_db


def read_csv(response) -> list[list[str]]:
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith(BOM)
    return list(csv.reader(io.StringIO(body[len(BOM) :])))


def read_xlsx(response):
    content = b"".join(response.streaming_content)
    return openpyxl.load_workbook(io.BytesIO(content)).active


@pytest.fixture
def activities():
    basel = factories.ConventionFactory(code="BC", short_name="Basel Convention")
    area = factories.ThematicAreaFactory(slug="outreach", name="Outreach")
    decision = factories.DecisionFactory(convention=basel, meeting_number=17, number=22)
    rows = [
        factories.ActivityFactory(
            title=f"Atelier régional n° {n} – déchets",
            thematic_area=area,
            biennium=2014,
        )
        for n in range(25)
    ]
    rows[0].decisions.set([decision])
    rows[0].conventions.set([basel])
    factories.PartnershipFactory(
        activity=rows[0],
        organization=factories.OrganizationFactory(name="Global Environment Facility"),
        role=Partnership.Role.DONOR,
    )
    factories.ActivityFactory(
        title='=HYPERLINK("http://evil")', biennium=2024, thematic_area=area
    )
    factories.ActivityFactory(
        title="Draft", publication_status=PublicationStatus.DRAFT, biennium=2014
    )
    return rows


def test_activity_csv_holds_every_filtered_row_with_a_bom_and_round_trips_accents(
    client, activities
):
    response = client.get(
        reverse("activities:list"), {"biennium": "2014", "export": "csv"}
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = read_csv(response)
    header, body = rows[0], rows[1:]
    assert header[:3] == ["Title", "Identifier", "Biennium"]
    assert len(body) == 25  # more than a page, the draft and the 2024 row left out
    titles = {row[0] for row in body}
    assert "Atelier régional n° 3 – déchets" in titles
    assert {row[2] for row in body} == {"2014–2015"}


def test_activity_csv_names_related_records_by_symbol_and_name(client, activities):
    response = client.get(reverse("activities:list"), {"export": "csv"})
    rows = read_csv(response)
    header = rows[0]
    by_slug = {row[header.index("Identifier")]: row for row in rows[1:]}
    row = by_slug[activities[0].slug]
    assert row[header.index("Mandating decisions")] == "BC-17/22"
    assert row[header.index("Conventions")] == "BC"
    assert row[header.index("Partners")] == ("Global Environment Facility (Donor)")
    assert "http" not in row[header.index("Mandating decisions")]


def test_activity_xlsx_holds_every_filtered_row_with_typed_cells(client, activities):
    response = client.get(
        reverse("activities:list"), {"biennium": "2014-2015", "export": "xlsx"}
    )
    assert response.status_code == 200
    sheet = read_xlsx(response)
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Title"
    assert len(rows) == 26
    assert sheet.freeze_panes == "A2"
    assert sheet["A1"].font.bold
    updated = rows[0].index("Last updated")
    assert all(isinstance(row[updated], datetime.datetime) for row in rows[1:])


def test_formula_cells_are_neutralised_in_csv_and_xlsx(client, activities):
    csv_rows = read_csv(client.get(reverse("activities:list"), {"export": "csv"}))
    assert '\'=HYPERLINK("http://evil")' in {row[0] for row in csv_rows}
    sheet = read_xlsx(client.get(reverse("activities:list"), {"export": "xlsx"}))
    cells = [row[0] for row in sheet.iter_rows(min_row=2)]
    hostile = [cell for cell in cells if "HYPERLINK" in str(cell.value)]
    assert hostile[0].value == '\'=HYPERLINK("http://evil")'
    assert hostile[0].data_type == "s"


def test_cost_saving_xlsx_writes_amounts_as_numbers_with_their_currency(client):
    factories.CostSavingFactory(amount=Decimal("1500.50"), currency="CHF", year=2015)
    sheet = read_xlsx(
        client.get(reverse("activities:cost_savings"), {"export": "xlsx"})
    )
    header = [cell.value for cell in sheet[1]]
    amount = sheet.cell(row=2, column=header.index("Amount") + 1)
    assert amount.value == pytest.approx(1500.5)
    assert "CHF" in amount.number_format
    assert sheet.cell(row=2, column=header.index("Year") + 1).value == 2015


def test_filter_that_matches_nothing_exports_the_header_row(client, activities):
    for export_format in ("csv", "xlsx"):
        response = client.get(
            reverse("decisions:list"), {"q": "nothing-matches", "export": export_format}
        )
        assert response.status_code == 200
    rows = read_csv(
        client.get(reverse("decisions:list"), {"q": "nothing-matches", "export": "csv"})
    )
    assert rows == [rows[0]]
    assert rows[0][0] == "Symbol"


def test_unknown_export_format_is_a_400_with_a_message(client, activities):
    response = client.get(reverse("activities:list"), {"export": "pdf"})
    assert response.status_code == 400
    assert "Unknown export format" in response.content.decode()


def test_export_with_an_invalid_filter_is_a_400_naming_the_field(client, activities):
    response = client.get(
        reverse("activities:list"), {"biennium": "not-a-biennium", "export": "csv"}
    )
    assert response.status_code == 400
    assert "Biennium" in response.content.decode()


@pytest.mark.parametrize(
    "name",
    [
        "activities:list",
        "activities:agreements",
        "activities:synergies",
        "activities:cost_savings",
        "decisions:list",
        "decisions:meetings",
    ],
)
def test_every_public_list_offers_exports_that_keep_its_filters(client, name):
    factories.SynergyFactory()
    factories.ServiceAgreementFactory()
    factories.MeetingFactory()
    page = client.get(reverse(name), {"page": "1"}).content.decode()
    assert "export=csv" in page
    assert "export=xlsx" in page
    for export_format in ("csv", "xlsx"):
        response = client.get(reverse(name), {"export": export_format})
        assert response.status_code == 200, (name, export_format)


def test_api_csv_is_the_whole_filtered_set_with_bom_and_names(api_client, activities):
    response = api_client.get(
        "/api/v1/activities/", {"format": "csv", "biennium": "2014"}
    )
    assert response.status_code == 200
    rows = read_csv(response)
    assert len(rows) == 26
    assert "Link" not in response
    header = rows[0]
    assert "Mandating decisions" in header


def test_api_csv_of_an_empty_list_has_its_header_row(api_client, db):
    response = api_client.get("/api/v1/decisions/", {"format": "csv"})
    rows = read_csv(response)
    assert rows == [rows[0]]
    assert rows[0][0] == "Symbol"


def test_csv_streams_in_constant_memory():
    """A few thousand generated rows: memory held by the writer does not grow."""
    import tracemalloc

    from brsportal.exports import Column, Table, csv_chunks

    table = Table("rows", [Column("Text", lambda n: f"row {n} " * 20)])

    def peak(rows: int) -> int:
        tracemalloc.start()
        for _chunk in csv_chunks(table, range(rows)):
            pass
        _size, top = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        return top

    assert peak(8000) < 2 * peak(2000)


def test_escape_formula_is_the_one_rule_for_every_export():
    assert escape_formula("-1") == "'-1"
    assert escape_formula("plain") == "plain"


def test_informea_csv_of_an_empty_feed_has_a_bom_and_its_header_row(api_client, db):
    response = api_client.get("/api/informea/meetings/", {"format": "csv"})
    body = response.content.decode("utf-8")
    assert body.startswith(BOM)
    header = next(csv.reader(io.StringIO(body[len(BOM) :])))
    assert {"id", "treaty", "country", "updated"} <= set(header)
