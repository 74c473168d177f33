"""factory_boy factories for every model; tests build their data with these."""

import datetime
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model

from activities.models import (
    Activity,
    CostSaving,
    Event,
    Partnership,
    PublicationStatus,
    Reference,
    ServiceAgreement,
    ServiceLine,
    Synergy,
    ThematicArea,
)
from decisions.models import (
    Convention,
    Decision,
    DecisionParagraph,
    Document,
    DocumentSymbol,
    InforMEATerm,
    Meeting,
    Organization,
    Secretariat,
)


class UserFactory(factory.django.DjangoModelFactory):
    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("correct horse battery staple")

    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)


class SecretariatFactory(factory.django.DjangoModelFactory):
    code = factory.Iterator(["BRS", "MC"])
    name = factory.LazyAttribute(lambda s: f"Secretariat {s.code}")
    short_name = factory.LazyAttribute(lambda s: f"{s.code} Secretariat")

    class Meta:
        model = Secretariat
        django_get_or_create = ("code",)


class ConventionFactory(factory.django.DjangoModelFactory):
    code = factory.Iterator(["BC", "RC", "SC", "MC"])
    name = factory.LazyAttribute(lambda c: f"{c.code} Convention")
    short_name = factory.LazyAttribute(lambda c: f"{c.code} Convention")
    secretariat = factory.LazyAttribute(
        lambda c: SecretariatFactory(code="MC" if c.code == "MC" else "BRS")
    )

    class Meta:
        model = Convention
        django_get_or_create = ("code",)


class OrganizationFactory(factory.django.DjangoModelFactory):
    slug = factory.Sequence(lambda n: f"organization-{n}")
    name = factory.Sequence(lambda n: f"Organization {n}")
    kind = Organization.Kind.UN_BODY

    class Meta:
        model = Organization
        django_get_or_create = ("slug",)


class MeetingFactory(factory.django.DjangoModelFactory):
    slug = factory.Sequence(lambda n: f"meeting-{n}")
    kind = Meeting.Kind.COP
    convention = factory.SubFactory(ConventionFactory)
    # Session numbers have at most three digits (symbols, URLs): wrap the sequence.
    number = factory.Sequence(lambda n: n % 999 + 1)
    title = factory.Sequence(lambda n: f"Meeting {n}")
    start_date = datetime.date(2025, 4, 28)
    end_date = datetime.date(2025, 5, 9)
    city = "Geneva"
    country = "Switzerland"
    status = Meeting.Status.HELD

    class Meta:
        model = Meeting


class DocumentFactory(factory.django.DjangoModelFactory):
    symbol = factory.Sequence(lambda n: f"UNEP/CHW.17/INF/{n + 1}")
    title = factory.Sequence(lambda n: f"Document {n}")

    class Meta:
        model = Document


class DocumentSymbolFactory(factory.django.DjangoModelFactory):
    document = factory.SubFactory(DocumentFactory)
    symbol = factory.Sequence(lambda n: f"UNEP/POPS/COP.12/INF/{n + 1}")

    class Meta:
        model = DocumentSymbol


class DecisionFactory(factory.django.DjangoModelFactory):
    convention = factory.SubFactory(ConventionFactory)
    meeting_number = 17
    # Decision numbers have at most three digits (symbols, URLs): wrap the sequence.
    number = factory.Sequence(lambda n: n % 999 + 1)
    title = factory.Sequence(lambda n: f"Decision title {n}")
    summary = "Requests the secretariats to cooperate."

    class Meta:
        model = Decision


class DecisionParagraphFactory(factory.django.DjangoModelFactory):
    decision = factory.SubFactory(DecisionFactory)
    reference = factory.Sequence(lambda n: str(n + 1))

    class Meta:
        model = DecisionParagraph


class InforMEATermFactory(factory.django.DjangoModelFactory):
    term = factory.Sequence(lambda n: f"Term {n}")

    class Meta:
        model = InforMEATerm
        django_get_or_create = ("term",)


class ThematicAreaFactory(factory.django.DjangoModelFactory):
    slug = factory.Sequence(lambda n: f"area-{n}")
    name = factory.Sequence(lambda n: f"Thematic area {n}")
    position = factory.Sequence(lambda n: n)

    class Meta:
        model = ThematicArea
        django_get_or_create = ("slug",)


class ActivityFactory(factory.django.DjangoModelFactory):
    slug = factory.Sequence(lambda n: f"activity-{n}")
    title = factory.Sequence(lambda n: f"Joint activity {n}")
    narrative = "The secretariats organized joint webinars on mercury wastes."
    thematic_area = factory.SubFactory(ThematicAreaFactory)
    status = Activity.Status.COMPLETED
    biennium = 2024
    publication_status = PublicationStatus.PUBLISHED

    class Meta:
        model = Activity
        skip_postgeneration_save = True

    @factory.post_generation
    def conventions(self, create, extracted, **kwargs):
        if create:
            self.conventions.set(extracted or [ConventionFactory(code="MC")])

    @factory.post_generation
    def secretariats(self, create, extracted, **kwargs):
        if create:
            self.secretariats.set(extracted or [SecretariatFactory(code="MC")])

    @factory.post_generation
    def decisions(self, create, extracted, **kwargs):
        if create and extracted:
            self.decisions.set(extracted)


class PartnershipFactory(factory.django.DjangoModelFactory):
    activity = factory.SubFactory(ActivityFactory)
    organization = factory.SubFactory(OrganizationFactory)
    role = Partnership.Role.PARTNER

    class Meta:
        model = Partnership


class EventFactory(factory.django.DjangoModelFactory):
    activity = factory.SubFactory(ActivityFactory)
    kind = Event.Kind.WEBINAR
    title = factory.Sequence(lambda n: f"Webinar {n}")
    start_date = datetime.date(2024, 4, 10)
    online = True

    class Meta:
        model = Event


class ReferenceFactory(factory.django.DjangoModelFactory):
    activity = factory.SubFactory(ActivityFactory)
    marker = factory.Sequence(lambda n: str(n + 1))
    text = "www.brsmeas.org/tabid/9990."
    url = "https://www.brsmeas.org/tabid/9990"

    class Meta:
        model = Reference


class SynergyFactory(factory.django.DjangoModelFactory):
    activity = factory.SubFactory(ActivityFactory)
    description = "Fewer pieces of equipment."

    class Meta:
        model = Synergy


class CostSavingFactory(factory.django.DjangoModelFactory):
    activity = factory.SubFactory(ActivityFactory)
    year = 2014
    quarter = 1
    amount = Decimal("1500.00")
    currency = CostSaving.Currency.USD

    class Meta:
        model = CostSaving


class ServiceAgreementFactory(factory.django.DjangoModelFactory):
    slug = factory.Sequence(lambda n: f"agreement-{n}")
    title = factory.Sequence(lambda n: f"Services for meeting {n}")
    provider = factory.LazyFunction(lambda: SecretariatFactory(code="BRS"))
    recipient = factory.LazyFunction(lambda: SecretariatFactory(code="MC"))
    biennium = 2024
    status = ServiceAgreement.Status.SIGNED
    invoiced_amount = Decimal("10000.00")
    recovered_amount = Decimal("4000.00")
    publication_status = PublicationStatus.PUBLISHED

    class Meta:
        model = ServiceAgreement


class ServiceLineFactory(factory.django.DjangoModelFactory):
    agreement = factory.SubFactory(ServiceAgreementFactory)
    service = ServiceLine.Service.IT

    class Meta:
        model = ServiceLine


# Reports (owned by the reports engineer) -------------------------------------

from reports.models import Report, ReportMeeting, SectionHeading  # noqa: E402


class ReportFactory(factory.django.DjangoModelFactory):
    kind = Report.Kind.BIENNIAL
    title = factory.Sequence(lambda n: f"Joint report {n}")
    slug = factory.Sequence(lambda n: f"joint-report-{n}")
    biennium = 2024
    cover_note = "Annex I to the present note sets out a report."
    annex1_title = "Activities undertaken in 2024 and 2025"
    annex1_introduction = "The Conference adopted decision MC-5/19.\n\nSecond."
    annex1_services_introduction = "The secretariats shared services."
    annex2_title = "Outline of activities planned for 2026–2027"
    annex2_introduction = "The outline summarizes planned work."
    annex2_services_introduction = "Sharing will continue."

    class Meta:
        model = Report


class QuarterlyReportFactory(ReportFactory):
    kind = Report.Kind.QUARTERLY
    biennium = None
    year = 2014
    quarter = 1
    overview = "This quarterly report provides information on *efficiencies*."


class SectionHeadingFactory(factory.django.DjangoModelFactory):
    report = factory.SubFactory(ReportFactory)
    annex = 1
    thematic_area = factory.SubFactory(ThematicAreaFactory)
    heading = "Trade control of elemental mercury"

    class Meta:
        model = SectionHeading


class OutlineReportFactory(ReportFactory):
    kind = Report.Kind.OUTLINE
    biennium = 2026
    cover_note = ""
    annex1_title = ""
    annex1_introduction = "The outline summarizes the activities planned."
    annex1_services_introduction = "Sharing of services will continue."
    annex2_title = ""
    annex2_introduction = ""
    annex2_services_introduction = ""


class ReportMeetingFactory(factory.django.DjangoModelFactory):
    report = factory.SubFactory(ReportFactory)
    meeting = factory.SubFactory(MeetingFactory)
    agenda_item = "Item 5 (f) of the provisional agenda"
    agenda_title = "Matters for action by the Conference of the Parties: cooperation"

    class Meta:
        model = ReportMeeting
