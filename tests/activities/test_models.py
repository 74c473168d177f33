import datetime
from collections.abc import Callable
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.core import serializers
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, models, transaction
from django.test.utils import CaptureQueriesContext

from activities.models import (
    Activity,
    Biennium,
    CostSaving,
    Event,
    Partnership,
    Reference,
    ServiceAgreement,
    ServiceLine,
    Synergy,
    ThematicArea,
)
from activities.narrative import (
    cited_markers,
    markdown_to_safe_html,
    render_narrative,
)
from decisions.models import (
    Convention,
    Decision,
    DecisionParagraph,
    Document,
    DocumentSymbol,
    Meeting,
    Organization,
    Secretariat,
)
from tests import factories


def assert_rejected(obj: models.Model, message: str) -> None:
    """full_clean() says ``message``, and the database refuses the row regardless."""
    with pytest.raises(ValidationError) as info:
        obj.full_clean()
    assert message in info.value.messages
    with pytest.raises(IntegrityError), transaction.atomic():
        obj.save()


# --- __str__ and ordering ------------------------------------------------------------


@pytest.mark.django_db
def test_each_model_prints_as_staff_cite_it():
    area = factories.ThematicAreaFactory(name="Gender")
    activity = factories.ActivityFactory(title="Gender action plan", thematic_area=area)
    event = factories.EventFactory(
        activity=activity,
        title="Webinar on gender",
        start_date=datetime.date(2024, 4, 9),
    )
    partnership = factories.PartnershipFactory(
        activity=activity,
        organization=factories.OrganizationFactory(acronym="UNEP"),
        role=Partnership.Role.DONOR,
    )
    with_text = factories.ReferenceFactory(activity=activity, text="See the report.")
    with_url = factories.ReferenceFactory(
        activity=activity, text="", url="https://www.brsmeas.org"
    )
    with_document = factories.ReferenceFactory(
        activity=activity,
        text="",
        url="",
        document=factories.DocumentFactory(symbol="UNEP/CHW.17/INF/54"),
    )
    synergy = factories.SynergyFactory(activity=activity, description="x" * 100)
    saving = factories.CostSavingFactory(
        activity=activity, amount=Decimal("1500.00"), year=2014, quarter=2
    )
    agreement = factories.ServiceAgreementFactory(title="Services for MC COP-6")
    line = factories.ServiceLineFactory(
        agreement=agreement, service=ServiceLine.Service.REGISTRATION
    )

    assert str(area) == "Gender"
    assert str(activity) == "Gender action plan"
    assert str(event) == "Webinar on gender (09 Apr 2024)"
    assert str(partnership) == "UNEP (Donor)"
    assert str(with_text) == "See the report."
    assert str(with_url) == "https://www.brsmeas.org"
    assert str(with_document) == "UNEP/CHW.17/INF/54"
    assert str(synergy) == "x" * 80
    assert str(saving) == "1500.00 USD, 2014 Q2"
    assert str(agreement) == "Services for MC COP-6"
    assert str(line) == "Registration"


@pytest.mark.django_db
def test_activities_are_ordered_latest_biennium_then_report_order():
    first_area = factories.ThematicAreaFactory(position=1)
    second_area = factories.ThematicAreaFactory(position=2)
    old = factories.ActivityFactory(biennium=2022, thematic_area=first_area)
    b = factories.ActivityFactory(thematic_area=second_area, position=1)
    a2 = factories.ActivityFactory(thematic_area=first_area, position=2)
    a1 = factories.ActivityFactory(thematic_area=first_area, position=1)

    assert list(Activity.objects.all()) == [a1, a2, b, old]
    assert list(ThematicArea.objects.all()) == [first_area, second_area]
    assert list(Activity.objects.in_report_order()) == [old, a1, a2, b]


@pytest.mark.django_db
def test_children_of_an_activity_are_ordered_by_position_or_date():
    activity = factories.ActivityFactory()
    later = factories.EventFactory(
        activity=activity, start_date=datetime.date(2024, 6, 1)
    )
    earlier = factories.EventFactory(
        activity=activity, start_date=datetime.date(2024, 3, 1)
    )
    second = factories.ReferenceFactory(activity=activity, position=2)
    first = factories.ReferenceFactory(activity=activity, position=1)
    synergy_2 = factories.SynergyFactory(activity=activity, position=2)
    synergy_1 = factories.SynergyFactory(activity=activity, position=1)
    donor = factories.PartnershipFactory(activity=activity, role=Partnership.Role.DONOR)
    partner = factories.PartnershipFactory(
        activity=activity, role=Partnership.Role.PARTNER
    )

    assert list(Event.objects.all()) == [earlier, later]
    assert list(Reference.objects.all()) == [first, second]
    assert list(Synergy.objects.all()) == [synergy_1, synergy_2]
    assert list(Partnership.objects.all()) == [donor, partner]


@pytest.mark.django_db
def test_cost_savings_latest_quarter_first_and_agreements_latest_biennium_first():
    q1 = factories.CostSavingFactory(year=2014, quarter=1)
    q3 = factories.CostSavingFactory(year=2014, quarter=3)
    old = factories.ServiceAgreementFactory(biennium=2022)
    late = factories.ServiceAgreementFactory(requested_on=datetime.date(2024, 9, 1))
    early = factories.ServiceAgreementFactory(requested_on=datetime.date(2024, 2, 1))
    it = factories.ServiceLineFactory(agreement=early, service=ServiceLine.Service.IT)
    travel = factories.ServiceLineFactory(
        agreement=early, service=ServiceLine.Service.TRAVEL
    )

    assert list(CostSaving.objects.all()) == [q3, q1]
    assert list(ServiceAgreement.objects.all()) == [early, late, old]
    assert list(ServiceLine.objects.filter(agreement=early)) == [it, travel]


# --- constraints ---------------------------------------------------------------------


def odd_biennium_activity() -> models.Model:
    return factories.ActivityFactory.build(
        thematic_area=factories.ThematicAreaFactory(), biennium=2025
    )


def odd_biennium_agreement() -> models.Model:
    return factories.ServiceAgreementFactory.build(biennium=2025)


def duplicate_partnership() -> models.Model:
    partnership = factories.PartnershipFactory()
    return Partnership(
        activity=partnership.activity,
        organization=partnership.organization,
        role=partnership.role,
    )


def event_ending_before_it_starts() -> models.Model:
    return factories.EventFactory.build(
        activity=factories.ActivityFactory(),
        start_date=datetime.date(2024, 4, 10),
        end_date=datetime.date(2024, 4, 9),
    )


def duplicate_marker() -> models.Model:
    reference = factories.ReferenceFactory(marker="4")
    return factories.ReferenceFactory.build(activity=reference.activity, marker="4")


def empty_reference() -> models.Model:
    return factories.ReferenceFactory.build(
        activity=factories.ActivityFactory(), text="", url="", document=None
    )


def saving(**kwargs: object) -> Callable[[], models.Model]:
    return lambda: factories.CostSavingFactory.build(
        activity=factories.ActivityFactory(), **kwargs
    )


def agreement(**kwargs: object) -> Callable[[], models.Model]:
    return lambda: factories.ServiceAgreementFactory.build(**kwargs)


def self_service() -> models.Model:
    brs = factories.SecretariatFactory(code="BRS")
    return factories.ServiceAgreementFactory.build(provider=brs, recipient=brs)


def duplicate_service_line() -> models.Model:
    line = factories.ServiceLineFactory()
    return ServiceLine(agreement=line.agreement, service=line.service)


def negative_line() -> models.Model:
    return factories.ServiceLineFactory.build(
        agreement=factories.ServiceAgreementFactory(),
        estimated_cost=Decimal("-1"),
    )


NEGATIVE = "Ensure this value is greater than or equal to 0."


def event_after_the_range() -> models.Model:
    return factories.EventFactory.build(
        activity=factories.ActivityFactory(), start_date=datetime.date(2101, 1, 1)
    )


DATE_RANGE = "Enter a date from 1 January 1900 to 31 December 2100."
CONSTRAINT_CASES: dict[str, tuple[Callable[[], models.Model], str]] = {
    "activities_event_dates_in_range": (event_after_the_range, DATE_RANGE),
    "activities_serviceagreement_dates_in_range": (
        agreement(completed_on=datetime.date(1899, 12, 31)),
        DATE_RANGE,
    ),
    "activities_activity_biennium_valid": (
        odd_biennium_activity,
        "Value 2025 is not a valid choice.",
    ),
    "activities_partnership_unique_role": (
        duplicate_partnership,
        "This organization already has this role in the activity.",
    ),
    "activities_event_end_after_start": (
        event_ending_before_it_starts,
        "The end date cannot be before the start date.",
    ),
    "activities_reference_unique_marker": (
        duplicate_marker,
        "This activity already has that marker.",
    ),
    "activities_reference_not_empty": (
        empty_reference,
        "Give the footnote a text, a web address or a document.",
    ),
    "activities_costsaving_amount_not_negative": (
        saving(amount=Decimal("-0.01")),
        NEGATIVE,
    ),
    "activities_costsaving_quarter_valid": (
        saving(quarter=5),
        "Value 5 is not a valid choice.",
    ),
    "activities_costsaving_year_valid": (
        saving(year=1999),
        "The year must be between 2000 and 2100.",
    ),
    "activities_serviceagreement_biennium_valid": (
        odd_biennium_agreement,
        "Value 2025 is not a valid choice.",
    ),
    "activities_serviceagreement_provider_not_recipient": (
        self_service,
        "A secretariat cannot provide services to itself.",
    ),
    "activities_serviceagreement_amounts_not_negative": (
        agreement(estimated_cost=Decimal("-5")),
        NEGATIVE,
    ),
    "activities_serviceagreement_recovered_within_invoiced": (
        agreement(invoiced_amount=Decimal("100"), recovered_amount=Decimal("100.01")),
        "The recovered amount cannot exceed the invoiced amount.",
    ),
    "activities_serviceagreement_signed_after_requested": (
        agreement(
            requested_on=datetime.date(2024, 5, 2), signed_on=datetime.date(2024, 5, 1)
        ),
        "An agreement cannot be signed before it was requested.",
    ),
    "activities_serviceline_unique_service": (
        duplicate_service_line,
        "This service is already in the agreement.",
    ),
    "activities_serviceline_cost_not_negative": (negative_line, NEGATIVE),
}


def test_every_constraint_of_the_app_has_a_test_case():
    names = {
        constraint.name
        for model in apps.get_app_config("activities").get_models()
        for constraint in model._meta.constraints
    }
    assert names == set(CONSTRAINT_CASES)


@pytest.mark.django_db
@pytest.mark.parametrize("name", list(CONSTRAINT_CASES))
def test_constraint_is_a_readable_validation_error_and_a_database_error(name):
    build, message = CONSTRAINT_CASES[name]
    assert_rejected(build(), message)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("invoiced_amount", Decimal("-1")),
        ("recovered_amount", Decimal("-1")),
    ],
)
def test_negative_agreement_amounts_are_refused(field, value):
    bad = factories.ServiceAgreementFactory.build(**{field: value})
    if field == "invoiced_amount":
        bad.recovered_amount = Decimal("-2")

    assert_rejected(bad, NEGATIVE)


@pytest.mark.django_db
def test_constraint_messages_are_never_django_defaults():
    for model in apps.get_app_config("activities").get_models():
        for constraint in model._meta.constraints:
            message = constraint.get_violation_error_message()
            assert "is violated" not in message, constraint.name


# --- querysets -----------------------------------------------------------------------


@pytest.mark.django_db
def test_published_in_biennium_undertaken_and_planned():
    done = factories.ActivityFactory(status=Activity.Status.COMPLETED)
    ongoing = factories.ActivityFactory(status=Activity.Status.ONGOING)
    planned = factories.ActivityFactory(status=Activity.Status.PLANNED, biennium=2026)
    cancelled = factories.ActivityFactory(status=Activity.Status.CANCELLED)
    draft = factories.ActivityFactory(publication_status="draft")

    assert set(Activity.objects.published()) == {done, ongoing, planned, cancelled}
    assert set(Activity.objects.in_biennium(2026)) == {planned}
    assert set(Activity.objects.undertaken()) == {done, ongoing, draft}
    assert set(Activity.objects.planned()) == {planned}
    assert set(Activity.objects.published().in_biennium(2024).undertaken()) == {
        done,
        ongoing,
    }


@pytest.mark.django_db
def test_search_matches_words_of_title_or_narrative_on_either_database():
    mercury = factories.ActivityFactory(
        title="Joint webinars on mercury waste",
        narrative="Organized with the Global Mercury Partnership.",
    )
    gender = factories.ActivityFactory(
        title="Gender action plan",
        narrative="Training on gender mainstreaming for regional centres.",
    )

    assert set(Activity.objects.search("mercury")) == {mercury}
    assert set(Activity.objects.search("Gender training")) == {gender}
    assert set(Activity.objects.search("")) == {mercury, gender}
    assert not Activity.objects.search("xylophone").exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "text", ["'; DROP TABLE x; --", '"unbalanced', "-", "a & | !", "é" * 500, "\t"]
)
def test_search_survives_hostile_text(text):
    factories.ActivityFactory()

    assert Activity.objects.search(text).count() >= 0


@pytest.mark.django_db
def test_editable_by_follows_secretariat_membership():
    brs = factories.SecretariatFactory(code="BRS")
    mc = factories.SecretariatFactory(code="MC")
    editor = factories.UserFactory()
    brs.members.add(editor)
    outsider = factories.UserFactory()
    superuser = factories.UserFactory(is_superuser=True)
    ours = factories.ActivityFactory(secretariats=[brs])
    theirs = factories.ActivityFactory(secretariats=[mc])
    joint = factories.ActivityFactory(secretariats=[brs, mc])

    assert list(Activity.objects.editable_by(editor).order_by("pk")) == [ours, joint]
    assert not Activity.objects.editable_by(outsider).exists()
    assert set(Activity.objects.editable_by(superuser)) == {ours, theirs, joint}


@pytest.mark.django_db
def test_agreements_editable_by_provider_or_recipient_staff():
    brs = factories.SecretariatFactory(code="BRS")
    mc = factories.SecretariatFactory(code="MC")
    other = factories.SecretariatFactory(code="OTH")
    brs_editor = factories.UserFactory()
    brs.members.add(brs_editor)
    provided = factories.ServiceAgreementFactory(provider=brs, recipient=mc)
    received = factories.ServiceAgreementFactory(provider=mc, recipient=brs)
    unrelated = factories.ServiceAgreementFactory(provider=mc, recipient=other)

    assert set(ServiceAgreement.objects.editable_by(brs_editor)) == {
        provided,
        received,
    }
    assert unrelated in ServiceAgreement.objects.editable_by(
        factories.UserFactory(is_superuser=True)
    )


@pytest.mark.django_db
def test_agreement_querysets_published_and_in_biennium():
    published = factories.ServiceAgreementFactory()
    draft = factories.ServiceAgreementFactory(publication_status="draft", biennium=2022)

    assert list(ServiceAgreement.objects.published()) == [published]
    assert list(ServiceAgreement.objects.in_biennium(2022)) == [draft]


@pytest.mark.django_db
def test_for_convention_lists_each_activity_once():
    basel = factories.ConventionFactory(code="BC")
    rotterdam = factories.ConventionFactory(code="RC")
    both = factories.ActivityFactory(conventions=[basel, rotterdam])
    factories.ActivityFactory(conventions=[rotterdam])

    assert list(Activity.objects.for_convention("BC")) == [both]


@pytest.mark.django_db
def test_with_details_loads_a_page_of_activities_in_constant_queries():
    def queries_for(count: int) -> int:
        Activity.objects.all().delete()
        for _ in range(count):
            activity = factories.ActivityFactory(
                decisions=[factories.DecisionFactory()]
            )
            factories.EventFactory(activity=activity)
            factories.ReferenceFactory(activity=activity)
            factories.PartnershipFactory(activity=activity)
        with CaptureQueriesContext(connection) as context:
            for activity in Activity.objects.with_details():
                [str(d) for d in activity.decisions.all()]
                [str(p) for p in activity.partnerships.all()]
                [str(e) for e in activity.events.all()]
                [str(r) for r in activity.references.all()]
        return len(context.captured_queries)

    assert queries_for(2) == queries_for(12)


@pytest.mark.django_db
def test_cost_saving_totals_by_currency_and_quarter():
    factories.CostSavingFactory(amount=Decimal("100"), currency="USD")
    factories.CostSavingFactory(amount=Decimal("50.50"), currency="USD")
    factories.CostSavingFactory(amount=Decimal("70"), currency="CHF")
    factories.CostSavingFactory(year=2015, amount=Decimal("1"), currency="USD")

    assert CostSaving.objects.in_quarter(2014, 1).totals_by_currency() == {
        "CHF": Decimal("70"),
        "USD": Decimal("150.50"),
    }


@pytest.mark.django_db
def test_outstanding_is_invoiced_minus_recovered():
    agreement = factories.ServiceAgreementFactory(
        invoiced_amount=Decimal("10000.00"), recovered_amount=Decimal("4000.50")
    )

    assert agreement.outstanding == Decimal("5999.50")


# --- Biennium ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "start"),
    [
        ("2024-2025", 2024),
        ("2024\u20132025", 2024),
        (" 2024 / 2025 ", 2024),
        ("2024", 2024),
        ("2025", 2024),
        ("2000-2001", 2000),
        ("2098\u20142099", 2098),
    ],
)
def test_biennium_parses_what_staff_type(text, start):
    assert Biennium.parse(text) == start
    assert Biennium.label(start) == f"{start}\u2013{start + 1}"


@pytest.mark.parametrize(
    "text",
    ["2025-2026", "2024-2026", "1998-1999", "2100-2101", "2100", "24-25", "", "x"],
)
def test_biennium_rejects_anything_else_with_an_example(text):
    with pytest.raises(ValidationError, match="2024\u20132025"):
        Biennium.parse(text)


def test_biennium_choices_are_even_years_with_labels():
    assert (2024, "2024\u20132025") in Biennium.choices
    assert all(year % 2 == 0 for year, _ in Biennium.choices)


# --- natural keys --------------------------------------------------------------------

ALL_MODELS = [
    Secretariat,
    Convention,
    Organization,
    Meeting,
    Document,
    DocumentSymbol,
    Decision,
    DecisionParagraph,
    ThematicArea,
    Activity,
    Partnership,
    Event,
    Reference,
    Synergy,
    CostSaving,
    ServiceAgreement,
    ServiceLine,
]


def dump() -> str:
    objects = [obj for model in ALL_MODELS for obj in model.objects.order_by("pk")]
    return serializers.serialize(
        "json", objects, use_natural_foreign_keys=True, use_natural_primary_keys=True
    )


def load(data: str) -> None:
    """What loaddata does: save each record as it is read, then fill in references
    to records that came later."""
    deferred = []
    for obj in serializers.deserialize("json", data, handle_forward_references=True):
        obj.save()
        if obj.deferred_fields:
            deferred.append(obj)
    for obj in deferred:
        obj.save_deferred_fields()


@pytest.mark.django_db
def test_natural_keys_round_trip_through_serialization():
    decision = factories.DecisionFactory()
    paragraph = factories.DecisionParagraphFactory(decision=decision)
    meeting = factories.MeetingFactory()
    activity = factories.ActivityFactory(decisions=[decision])
    activity.decision_paragraphs.add(paragraph)
    factories.EventFactory(activity=activity, meeting=meeting)
    factories.ReferenceFactory(activity=activity, document=factories.DocumentFactory())
    factories.PartnershipFactory(activity=activity)
    factories.SynergyFactory(activity=activity)
    factories.CostSavingFactory(activity=activity)
    agreement = factories.ServiceAgreementFactory()
    agreement.meetings.add(meeting)
    factories.ServiceLineFactory(agreement=agreement)
    before = dump()
    for model in reversed(ALL_MODELS):
        model.objects.all().delete()

    load(before)

    assert dump() == before
    reloaded = Activity.objects.get_by_natural_key(activity.slug)
    assert [d.symbol for d in reloaded.decisions.all()] == [decision.symbol]
    assert reloaded.events.get().meeting.slug == meeting.slug


@pytest.mark.django_db
def test_natural_keys_identify_each_record():
    activity = factories.ActivityFactory()
    agreement = factories.ServiceAgreementFactory()

    assert Activity.objects.get_by_natural_key(*activity.natural_key()) == activity
    assert (
        ThematicArea.objects.get_by_natural_key(*activity.thematic_area.natural_key())
        == activity.thematic_area
    )
    assert (
        ServiceAgreement.objects.get_by_natural_key(*agreement.natural_key())
        == agreement
    )


# --- narratives ----------------------------------------------------------------------


class TagCollector(HTMLParser):
    """Every tag and attribute of an HTML fragment, as a browser would parse it."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.tags.append((tag, {name: value or "" for name, value in attrs}))


def assert_harmless(html: str) -> None:
    parser = TagCollector()
    parser.feed(html)
    for tag, attrs in parser.tags:
        assert tag not in {"script", "svg", "style", "iframe", "img", "object", "math"}
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, name)
            assert name not in {"style", "src", "srcset", "formaction"}, (tag, name)
            cleaned = "".join(value.split()).lower()
            assert not cleaned.startswith(("javascript:", "data:", "vbscript:"))


HOSTILE = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](java\tscript:alert(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "<a href='javascript:alert(1)'>x</a>",
    "<img src=x onerror=alert(1)>",
    "![x](https://evil.example/x.png)",
    '<p onclick="alert(1)">hi</p>',
    "<svg onload=alert(1)><circle/></svg>",
    "<svg><script>alert(1)</script></svg>",
    '<p style="background:url(javascript:alert(1))">x</p>',
    '<span style="position:fixed;top:0">overlay</span>',
    "<iframe src=https://evil.example></iframe>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '[x](https://ok.example "title" onmouseover=alert(1))',
    "<<script>script>alert(1)<</script>/script>",
    "[^1]<script>alert(1)</script>",
]


@pytest.mark.parametrize("payload", HOSTILE)
@pytest.mark.parametrize("footnotes", ["links", "inline"])
def test_hostile_markdown_never_survives_rendering(payload, footnotes):
    reference = Reference(marker="1", text="<b onmouseover=x>note</b>")

    html = render_narrative(
        f"Before {payload} after [^1].", [reference], footnotes=footnotes
    )

    assert_harmless(html)
    assert_harmless(markdown_to_safe_html(payload))


def test_hostile_reference_text_is_escaped_in_inline_footnotes():
    reference = Reference(
        marker="1", text='<script>alert(1)</script> <img src=x onerror="alert(1)">'
    )

    html = render_narrative("Cited[^1].", [reference], footnotes="inline")

    assert_harmless(html)
    assert "&lt;script&gt;" in html


def test_reference_web_address_with_a_script_scheme_is_not_linked():
    # A Reference saved without validation (a raw SQL fix, an old fixture) must
    # still not become a clickable script.
    reference = Reference(marker="1", text="", url="javascript:alert(1)")

    assert_harmless(render_narrative("Cited[^1].", [reference], footnotes="inline"))


def test_citations_become_links_to_the_footnote_list():
    references = [Reference(marker="4", text="UNEP/CHW.17/INF/54")]

    html = render_narrative("Held *twice*[^4].", references, anchor="a7")

    assert "<em>twice</em>" in html
    assert '<sup class="fnref" id="a7-ref-4"><a href="#a7-4">4</a></sup>' in html


def test_inline_footnotes_carry_the_reference_text_and_link():
    references = [
        Reference(
            marker="2",
            text="See www.brsmeas.org.",
            url="https://www.brsmeas.org/tabid/9990",
        )
    ]

    html = render_narrative("Done[^2].", references, footnotes="inline")

    # Marked with its number, which the print stylesheet prints at the call.
    assert '<span class="footnote" data-number="2">' in html
    assert 'href="https://www.brsmeas.org/tabid/9990"' in html
    assert 'rel="nofollow"' in html


@pytest.mark.django_db
def test_inline_footnote_of_a_document_reference_shows_its_joint_symbol():
    document = factories.DocumentFactory(symbol="UNEP/CHW.17/INF/54")
    factories.DocumentSymbolFactory(document=document, symbol="UNEP/POPS/COP.12/INF/44")
    reference = Reference(marker="3", text="", document=document)

    html = render_narrative("See[^3].", [reference], footnotes="inline")

    assert "UNEP/CHW.17/INF/54\u2013UNEP/POPS/COP.12/INF/44" in html


def test_unknown_citations_are_dropped_not_shown_raw():
    html = render_narrative("Text[^9] and [^ not a marker].", [])

    assert "[^9]" not in html
    assert "fnref" not in html


def test_cited_markers_in_first_citation_order():
    assert cited_markers("a[^3] b[^1] c[^3]") == ["3", "1"]


@pytest.mark.django_db
def test_theme_position_follows_the_theme_whatever_the_write_path():
    first = factories.ThematicAreaFactory(position=3)
    second = factories.ThematicAreaFactory(position=7)
    saved = factories.ActivityFactory(thematic_area=first)
    (bulk,) = Activity.objects.bulk_create(
        [factories.ActivityFactory.build(slug="bulk", thematic_area=second)]
    )

    def position(activity: Activity) -> int:
        return Activity.objects.values_list("theme_position", flat=True).get(
            pk=activity.pk
        )

    assert (position(saved), position(bulk)) == (3, 7)

    Activity.objects.filter(pk=saved.pk).update(thematic_area=second)
    assert position(saved) == 7

    second.position = 1
    second.save()
    assert (position(saved), position(bulk)) == (1, 1)

    saved.refresh_from_db()
    saved.theme_position = 99  # a stale value written back by a save
    saved.save()
    assert position(saved) == 1


@pytest.mark.django_db
def test_placing_an_activity_at_a_taken_position_moves_the_others_down():
    area = factories.ThematicAreaFactory()
    first, second, third = (
        factories.ActivityFactory(thematic_area=area, position=n) for n in (1, 2, 3)
    )
    other_area = factories.ActivityFactory(position=2)
    inserted = factories.ActivityFactory(thematic_area=area, position=2)
    order = Activity.objects.filter(thematic_area=area).in_report_order()
    assert list(order) == [first, inserted, second, third]
    assert [a.position for a in order] == [1, 2, 3, 4]
    other_area.refresh_from_db()
    assert other_area.position == 2
    # Saving again without moving it moves nothing.
    inserted.title = "Renamed"
    inserted.save()
    assert [a.position for a in order.all()] == [1, 2, 3, 4]
