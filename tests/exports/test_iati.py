"""The IATI activity export: valid 2.03 XML that a donor's IATI team can load."""

import datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from lxml import etree

from activities.models import Activity, Partnership, PublicationStatus
from decisions.models import Secretariat
from tests import factories

pytestmark = pytest.mark.django_db
SCHEMA_PATH = Path(settings.BASE_DIR).parent / "shared" / "iati"
URL = "/api/iati/activities.xml"


@pytest.fixture(scope="module")
def schema():
    return etree.XMLSchema(etree.parse(str(SCHEMA_PATH / "iati-activities-schema.xsd")))


def fetch(client, **params):
    response = client.get(URL, params)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml"
    return etree.fromstring(b"".join(response.streaming_content))


@pytest.fixture
def activity():
    basel = factories.ConventionFactory(code="BC")
    brs = factories.SecretariatFactory(code="BRS", name="BRS Secretariat")
    minamata = factories.SecretariatFactory(code="MC", name="Minamata Secretariat")
    decision = factories.DecisionFactory(
        convention=basel,
        meeting_number=17,
        number=22,
        meeting=factories.MeetingFactory(
            start_date=datetime.date(2025, 4, 28), end_date=datetime.date(2025, 5, 9)
        ),
    )
    activity = factories.ActivityFactory(
        slug="joint-webinars",
        title="Joint webinars on mercury wastes",
        narrative="Webinars were held[^1] for **Parties**.",
        thematic_area=factories.ThematicAreaFactory(slug="mercury-wastes"),
        status=Activity.Status.COMPLETED,
        decisions=[decision],
        secretariats=[minamata, brs],
        conventions=[basel],
    )
    factories.PartnershipFactory(
        activity=activity,
        organization=factories.OrganizationFactory(name="Global Environment Facility"),
        role=Partnership.Role.DONOR,
    )
    factories.EventFactory(activity=activity, start_date=datetime.date(2024, 3, 5))
    document = factories.DocumentFactory(symbol="UNEP/CHW.17/INF/54")
    factories.ReferenceFactory(activity=activity, document=document, marker="1")
    factories.ActivityFactory(publication_status=PublicationStatus.DRAFT)
    return activity


def test_iati_export_validates_and_holds_published_activities_only(
    client, activity, schema
):
    document = fetch(client)
    schema.assertValid(document)
    assert document.get("version") == "2.03"
    assert len(document.findall("iati-activity")) == 1


def test_iati_activity_names_organisations_with_their_roles(client, activity):
    record = fetch(client).find("iati-activity")
    reporting = record.find("reporting-org")
    assert reporting.get("ref") == "XM-DAC-41116"
    names = dict(Secretariat.objects.values_list("code", "name"))
    assert reporting.findtext("narrative") == names["BRS"]
    roles = {
        (org.findtext("narrative"), org.get("role"))
        for org in record.findall("participating-org")
    }
    assert ("Global Environment Facility", "1") in roles
    assert (names["MC"], "4") in roles
    assert (names["BRS"], "2") in roles


def test_iati_activity_has_status_dates_sector_and_document_links(client, activity):
    record = fetch(client).find("iati-activity")
    assert record.find("activity-status").get("code") == "3"
    dates = {d.get("type"): d.get("iso-date") for d in record.findall("activity-date")}
    assert dates == {
        "1": "2024-01-01",
        "2": "2024-03-05",
        "3": "2025-12-31",
        "4": "2024-03-05",
    }
    assert record.find("sector").get("code") == "14050"
    assert record.find("description/narrative").text == (
        "Webinars were held for **Parties**."
    )
    links = {
        link.find("category").get("code"): link
        for link in record.findall("document-link")
    }
    assert links["A02"].findtext("title/narrative").startswith("BC-17/22")
    assert links["A02"].find("document-date").get("iso-date") == "2025-05-09"
    assert links["A08"].findtext("title/narrative").startswith("UNEP/CHW.17/INF/54")
    assert links["A12"].get("url") == "http://testserver/activities/joint-webinars/"


def test_iati_identifiers_stay_the_same_across_exports(client, activity):
    first = fetch(client).findtext("iati-activity/iati-identifier")
    activity.title = "Renamed"
    activity.save()
    assert fetch(client).findtext("iati-activity/iati-identifier") == first
    assert first == "XM-DAC-41116-BRSMC-joint-webinars"


def test_iati_export_takes_the_activity_filters(client, activity):
    assert fetch(client, convention="MC").findall("iati-activity") == []
    assert len(fetch(client, convention="BC").findall("iati-activity")) == 1
    assert client.get(URL, {"biennium": "nonsense"}).status_code == 400


def test_iati_command_writes_a_valid_file(activity, schema, tmp_path):
    target = tmp_path / "activities.xml"
    call_command("export_iati", str(target), "--base-url", "https://portal.example")
    document = etree.parse(str(target))
    schema.assertValid(document)
    (url,) = document.xpath("iati-activity/document-link[category/@code='A12']/@url")
    assert url == "https://portal.example/activities/joint-webinars/"


def test_iati_command_refuses_an_unwritable_path(activity, tmp_path):
    with pytest.raises(CommandError, match="Cannot write"):
        call_command("export_iati", str(tmp_path / "missing" / "a.xml"))
