"""The records the search tests look for."""

import pytest

from activities.models import PublicationStatus
from tests import factories


@pytest.fixture
def records():
    basel = factories.ConventionFactory(code="BC", short_name="Basel Convention")
    minamata = factories.ConventionFactory(code="MC", short_name="Minamata Convention")
    area = factories.ThematicAreaFactory(slug="outreach", name="Outreach")
    mention = factories.ActivityFactory(
        slug="mention",
        title="Regional workshops",
        narrative="Workshops in Asia. Participants also discussed amalgam "
        "separators, dental clinics and the phase-down of dental amalgam.",
        conventions=[minamata],
        biennium=2022,
        thematic_area=area,
    )
    exact = factories.ActivityFactory(
        slug="exact",
        title="Dental amalgam phase-down",
        narrative="Guidance for Parties.",
        conventions=[minamata],
        biennium=2024,
    )
    factories.ActivityFactory(
        slug="draft",
        title="Dental amalgam secret",
        publication_status=PublicationStatus.DRAFT,
    )
    decision = factories.DecisionFactory(
        convention=basel,
        meeting_number=17,
        number=22,
        title="Cooperation on mercury waste",
        summary="Welcomes joint work on mercury waste and amalgam.",
    )
    factories.DecisionFactory(
        convention=basel,
        meeting_number=17,
        number=21,
        title="Cooperation with BC-17/22 in mind",
        summary="Recalls decision BC-17/22.",
    )
    meeting = factories.MeetingFactory(
        title="Expert meeting on mercury waste thresholds", convention=basel
    )
    document = factories.DocumentFactory(
        symbol="UNEP/CHW.17/INF/54", title="Mercury waste report", meeting=meeting
    )
    organization = factories.OrganizationFactory(
        name="Global Mercury Partnership", acronym="GMP"
    )
    return {
        "mention": mention,
        "exact": exact,
        "decision": decision,
        "meeting": meeting,
        "document": document,
        "organization": organization,
    }
