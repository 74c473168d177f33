import datetime

import pytest
from django.utils import timezone

from activities.models import Event, Partnership, PublicationStatus
from tests import factories


@pytest.fixture
def today() -> datetime.date:
    return timezone.localdate()


@pytest.fixture
def world(db, today):
    """A small public record: one rich activity, its decision, meetings and a draft."""
    basel = factories.ConventionFactory(code="BC", short_name="Basel Convention")
    minamata = factories.ConventionFactory(code="MC", short_name="Minamata Convention")
    area = factories.ThematicAreaFactory(slug="mercury-wastes", name="Mercury wastes")
    other_area = factories.ThematicAreaFactory(slug="outreach", name="Outreach")
    past = factories.MeetingFactory(
        slug="bc-cop-17",
        convention=basel,
        title="Basel COP-17",
        start_date=today - datetime.timedelta(days=200),
        end_date=today - datetime.timedelta(days=190),
    )
    upcoming = factories.MeetingFactory(
        slug="mc-cop-7",
        convention=minamata,
        title="Minamata COP-7",
        start_date=today + datetime.timedelta(days=30),
        end_date=today + datetime.timedelta(days=34),
        status="planned",
    )
    earlier = factories.DecisionFactory(
        convention=minamata, meeting_number=5, number=19, title="Cooperation"
    )
    decision = factories.DecisionFactory(
        convention=basel,
        meeting_number=17,
        number=22,
        meeting=past,
        title="Cooperation with the Minamata Convention",
    )
    decision.recalls.add(earlier)
    paragraph = factories.DecisionParagraphFactory(
        decision=decision, reference="9", text="Requests the Secretariat to cooperate."
    )
    document = factories.DocumentFactory(symbol="UNEP/MC/ICC/7/INF/3")
    activity = factories.ActivityFactory(
        slug="mercury-waste-webinars",
        title="Webinars on mercury wastes",
        narrative="The secretariats convened webinars on amalgam disposal.[^4]",
        thematic_area=area,
        conventions=[basel, minamata],
        decisions=[decision],
    )
    activity.decision_paragraphs.add(paragraph)
    factories.ReferenceFactory(
        activity=activity, marker="4", text="www.brsmeas.org/tabid/9990."
    )
    factories.ReferenceFactory(
        activity=activity, marker="5", text="", url="", document=document
    )
    donor = factories.OrganizationFactory(
        slug="switzerland", name="Government of Switzerland"
    )
    factories.PartnershipFactory(
        activity=activity, organization=donor, role=Partnership.Role.DONOR
    )
    factories.EventFactory(
        activity=activity,
        title="Webinar in April",
        start_date=datetime.date(2024, 4, 1),
        date_precision=Event.DatePrecision.MONTH,
    )
    factories.EventFactory(
        activity=activity,
        title="Side event at COP-7",
        start_date=upcoming.start_date + datetime.timedelta(days=1),
        meeting=upcoming,
    )
    factories.SynergyFactory(activity=activity, description="Fewer trips.")
    factories.CostSavingFactory(activity=activity)
    plain = factories.ActivityFactory(
        slug="outreach-briefings",
        title="Negotiator briefings",
        narrative="Briefings with the Geneva Environment Network.",
        thematic_area=other_area,
        conventions=[basel],
    )
    draft = factories.ActivityFactory(
        slug="secret-draft",
        title="Draft plan about amalgam",
        narrative="Not public yet: amalgam.",
        thematic_area=area,
        conventions=[minamata],
        decisions=[decision],
        publication_status=PublicationStatus.DRAFT,
    )
    factories.EventFactory(
        activity=draft, title="Draft-only event", start_date=upcoming.start_date
    )
    return {
        "basel": basel,
        "minamata": minamata,
        "area": area,
        "past": past,
        "upcoming": upcoming,
        "decision": decision,
        "earlier": earlier,
        "document": document,
        "activity": activity,
        "plain": plain,
        "draft": draft,
    }
