import datetime
from collections.abc import Callable

import pytest
from django.apps import apps
from django.core import serializers
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction

from decisions.models import (
    MEETING_NUMBER_MESSAGE,
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

pytestmark = pytest.mark.django_db


def assert_rejected(obj: models.Model, message: str) -> None:
    """full_clean() says ``message``, and the database refuses the row regardless."""
    with pytest.raises(ValidationError) as info:
        obj.full_clean()
    assert message in info.value.messages
    with pytest.raises(IntegrityError), transaction.atomic():
        obj.save()


# --- __str__ and ordering ------------------------------------------------------------


def test_each_model_prints_as_staff_cite_it():
    brs = factories.SecretariatFactory(code="BRS", short_name="BRS Secretariat")
    basel = factories.ConventionFactory(code="BC", short_name="Basel Convention")
    gef = factories.OrganizationFactory(name="Global Environment Facility", acronym="")
    unep = factories.OrganizationFactory(name="UN Environment", acronym="UNEP")
    meeting = factories.MeetingFactory(title="BC COP-17", convention=basel)
    document = factories.DocumentFactory(symbol="UNEP/CHW.17/INF/54")
    parallel = factories.DocumentSymbolFactory(
        document=document, symbol="UNEP/POPS/COP.12/INF/44"
    )
    decision = factories.DecisionFactory(
        convention=basel, meeting_number=17, number=22, title="Synergies"
    )
    paragraph = factories.DecisionParagraphFactory(decision=decision, reference="5 (d)")

    assert str(brs) == "BRS Secretariat"
    assert str(basel) == "Basel Convention"
    assert str(gef) == "Global Environment Facility"
    assert str(unep) == "UNEP"
    assert str(meeting) == "BC COP-17"
    assert str(parallel) == "UNEP/POPS/COP.12/INF/44"
    assert str(document) == "UNEP/CHW.17/INF/54\u2013UNEP/POPS/COP.12/INF/44"
    assert str(decision) == "BC-17/22 Synergies"
    assert str(paragraph) == "BC-17/22, paragraph 5 (d)"


def test_secretariats_and_conventions_are_ordered_by_code_and_position():
    mc = factories.SecretariatFactory(code="MC")
    brs = factories.SecretariatFactory(code="BRS")
    sc = factories.ConventionFactory(code="SC", position=3)
    bc = factories.ConventionFactory(code="BC", position=1)
    rc = factories.ConventionFactory(code="RC", position=2)

    assert list(Secretariat.objects.all()) == [brs, mc]
    assert list(Convention.objects.all()) == [bc, rc, sc]


def test_organizations_are_ordered_by_name():
    who = factories.OrganizationFactory(name="World Health Organization")
    fao = factories.OrganizationFactory(name="Food and Agriculture Organization")

    assert list(Organization.objects.all()) == [fao, who]


def test_meetings_are_ordered_latest_first():
    old = factories.MeetingFactory(start_date=datetime.date(2023, 5, 1), end_date=None)
    new = factories.MeetingFactory(start_date=datetime.date(2025, 4, 28))

    assert list(Meeting.objects.all()) == [new, old]


def test_documents_and_parallel_symbols_are_ordered_by_symbol_and_position():
    second = factories.DocumentFactory(symbol="UNEP/CHW.17/INF/9")
    first = factories.DocumentFactory(symbol="UNEP/CHW.17/INF/10")
    late = factories.DocumentSymbolFactory(
        document=first, symbol="UNEP/POPS/COP.12/INF/1", position=2
    )
    early = factories.DocumentSymbolFactory(
        document=first, symbol="UNEP/FAO/RC/COP.12/INF/1", position=1
    )

    assert list(Document.objects.all()) == [first, second]
    assert list(DocumentSymbol.objects.all()) == [early, late]
    assert first.all_symbols == [first.symbol, early.symbol, late.symbol]


def test_decisions_are_ordered_by_convention_then_latest_meeting_then_number():
    basel = factories.ConventionFactory(code="BC", position=1)
    minamata = factories.ConventionFactory(code="MC", position=4)
    mc = factories.DecisionFactory(convention=minamata, meeting_number=5, number=1)
    bc_16 = factories.DecisionFactory(convention=basel, meeting_number=16, number=1)
    bc_17_2 = factories.DecisionFactory(convention=basel, meeting_number=17, number=2)
    bc_17_1 = factories.DecisionFactory(convention=basel, meeting_number=17, number=1)

    assert list(Decision.objects.all()) == [bc_17_1, bc_17_2, bc_16, mc]


def test_paragraphs_are_ordered_by_position_within_their_decision():
    decision = factories.DecisionFactory()
    ninth = factories.DecisionParagraphFactory(
        decision=decision, reference="9", position=2
    )
    fifth = factories.DecisionParagraphFactory(
        decision=decision, reference="5 (d)", position=1
    )

    assert list(DecisionParagraph.objects.all()) == [fifth, ninth]


# --- constraints: a readable ValidationError and an IntegrityError --------------------


def bad_meeting_dates() -> models.Model:
    return factories.MeetingFactory.build(
        convention=factories.ConventionFactory(),
        start_date=datetime.date(2025, 5, 9),
        end_date=datetime.date(2025, 4, 28),
    )


def meeting_of_nobody() -> models.Model:
    return factories.MeetingFactory.build(convention=None, organization=None)


def meeting_number_zero() -> models.Model:
    return factories.MeetingFactory.build(
        convention=factories.ConventionFactory(), number=0
    )


def duplicate_decision() -> models.Model:
    decision = factories.DecisionFactory(meeting_number=17, number=22)
    return factories.DecisionFactory.build(
        convention=decision.convention, meeting_number=17, number=22
    )


def decision_number_zero() -> models.Model:
    return factories.DecisionFactory.build(
        convention=factories.ConventionFactory(), number=0
    )


def meeting_number_1029() -> models.Model:
    return factories.MeetingFactory.build(
        convention=factories.ConventionFactory(), number=1029
    )


def decision_number_1000() -> models.Model:
    return factories.DecisionFactory.build(
        convention=factories.ConventionFactory(code="BC"), number=1000
    )


def extraordinary_working_group_decision() -> models.Model:
    return factories.DecisionFactory.build(
        convention=factories.ConventionFactory(code="BC"),
        body=Decision.Body.OEWG,
        extraordinary=True,
    )


def duplicate_paragraph() -> models.Model:
    paragraph = factories.DecisionParagraphFactory(reference="9")
    return factories.DecisionParagraphFactory.build(
        decision=paragraph.decision, reference="9"
    )


def meeting_after_the_range() -> models.Model:
    return factories.MeetingFactory.build(
        convention=factories.ConventionFactory(),
        start_date=datetime.date(9999, 12, 31),
        end_date=None,
    )


def decision_before_the_range() -> models.Model:
    return factories.DecisionFactory.build(
        convention=factories.ConventionFactory(), adopted_on=datetime.date(1899, 12, 31)
    )


DATE_RANGE = "Enter a date from 1 January 1900 to 31 December 2100."
CONSTRAINT_CASES: dict[str, tuple[Callable[[], models.Model], str]] = {
    "decisions_meeting_dates_in_range": (meeting_after_the_range, DATE_RANGE),
    "decisions_decision_dates_in_range": (decision_before_the_range, DATE_RANGE),
    "decisions_meeting_end_after_start": (
        bad_meeting_dates,
        "The end date cannot be before the start date.",
    ),
    "decisions_meeting_has_convention_or_body": (
        meeting_of_nobody,
        "Choose the convention or the organization that meets.",
    ),
    "decisions_meeting_number_positive": (
        meeting_number_zero,
        "Meeting numbers start at 1.",
    ),
    "decisions_decision_unique_symbol": (
        duplicate_decision,
        "A decision with this symbol already exists.",
    ),
    "decisions_decision_numbers_positive": (
        decision_number_zero,
        "Meeting and decision numbers start at 1.",
    ),
    "decisions_meeting_number_at_most_999": (
        meeting_number_1029,
        str(MEETING_NUMBER_MESSAGE),
    ),
    "decisions_decision_numbers_at_most_999": (
        decision_number_1000,
        "Session and decision numbers run from 1 to 999.",
    ),
    "decisions_decision_extraordinary_cop_only": (
        extraordinary_working_group_decision,
        "Only conferences of the Parties met in extraordinary session.",
    ),
    "decisions_decisionparagraph_unique_reference": (
        duplicate_paragraph,
        "This decision already has that paragraph.",
    ),
}
# The one constraint whose message is still Django's "Constraint ... is violated."
NO_READABLE_MESSAGE_YET: set[str] = set()


def test_every_constraint_of_the_app_has_a_test_case():
    names = {
        constraint.name
        for model in apps.get_app_config("decisions").get_models()
        for constraint in model._meta.constraints
    }
    assert names == set(CONSTRAINT_CASES)


@pytest.mark.parametrize(
    "name",
    [
        pytest.param(
            name,
            marks=pytest.mark.xfail(
                strict=True, reason="needs violation_error_message in the model"
            ),
        )
        if name in NO_READABLE_MESSAGE_YET
        else name
        for name in CONSTRAINT_CASES
    ],
)
def test_constraint_is_a_readable_validation_error_and_a_database_error(name):
    build, message = CONSTRAINT_CASES[name]
    assert_rejected(build(), message)


def test_meeting_number_zero_is_refused_by_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        meeting_number_zero().save()


def test_decision_of_a_meeting_of_another_convention_is_invalid():
    meeting = factories.MeetingFactory(
        convention=factories.ConventionFactory(code="RC")
    )
    decision = factories.DecisionFactory.build(
        convention=factories.ConventionFactory(code="BC"), meeting=meeting
    )

    with pytest.raises(ValidationError) as info:
        decision.full_clean()
    assert info.value.message_dict["meeting"] == [
        "The meeting belongs to another convention."
    ]


def test_parallel_symbol_cannot_repeat_a_document_symbol():
    document = factories.DocumentFactory(symbol="UNEP/CHW.17/INF/54")
    other = factories.DocumentFactory()
    parallel = DocumentSymbol(document=other, symbol=document.symbol)

    with pytest.raises(ValidationError) as info:
        parallel.full_clean()
    assert info.value.message_dict["symbol"] == [
        "This symbol already belongs to another document."
    ]


@pytest.mark.parametrize("symbol", ["UNEP CHW.17", "UNEP/CHW.17", "UNEP/", "CHW.17/4"])
def test_malformed_document_symbol_is_explained(symbol):
    document = factories.DocumentFactory.build(symbol=symbol)

    with pytest.raises(ValidationError) as info:
        document.full_clean()
    assert "UNEP/CHW.17/INF/54" in info.value.message_dict["symbol"][0]


@pytest.mark.parametrize(
    "typed", ["unep/chw.17/inf/54", "UNEP/CHW.17 /INF/54", "UNEP/CHW.17/INF/54."]
)
def test_document_symbol_typed_loosely_is_stored_in_canonical_form(typed):
    # Issue 14: lower case, spaces and a full stop are read, not refused.
    document = factories.DocumentFactory.build(symbol=typed)

    document.full_clean()

    assert document.symbol == "UNEP/CHW.17/INF/54"


def test_duplicate_codes_and_slugs_are_refused():
    factories.SecretariatFactory(code="BRS")
    factories.OrganizationFactory(slug="gef")
    factories.DocumentFactory(symbol="UNEP/CHW.17/INF/54")

    for duplicate in (
        Secretariat(code="BRS", name="Another", short_name="Another"),
        Organization(slug="gef", name="Another", kind=Organization.Kind.FINANCIAL),
        Document(symbol="UNEP/CHW.17/INF/54"),
    ):
        with pytest.raises(ValidationError, match="already exists"):
            duplicate.full_clean()
        with pytest.raises(IntegrityError), transaction.atomic():
            duplicate.save()


# --- behaviour -----------------------------------------------------------------------


def test_joint_symbol_joins_all_symbols_with_en_dashes_in_position_order():
    document = factories.DocumentFactory(symbol="UNEP/CHW.17/INF/54")
    factories.DocumentSymbolFactory(
        document=document, symbol="UNEP/POPS/COP.12/INF/44", position=2
    )
    factories.DocumentSymbolFactory(
        document=document, symbol="UNEP/FAO/RC/COP.12/INF/25", position=1
    )

    assert document.joint_symbol == (
        "UNEP/CHW.17/INF/54\u2013UNEP/FAO/RC/COP.12/INF/25\u2013UNEP/POPS/COP.12/INF/44"
    )


def test_single_document_joint_symbol_is_its_symbol():
    document = factories.DocumentFactory(symbol="UNEP/CHW.15/6/Add.6/Rev.1")

    assert document.joint_symbol == "UNEP/CHW.15/6/Add.6/Rev.1"


def test_decision_symbol_and_slug():
    decision = factories.DecisionFactory(
        convention=factories.ConventionFactory(code="BC"), meeting_number=17, number=22
    )

    assert decision.symbol == "BC-17/22"
    assert decision.slug == "bc-17-22"


@pytest.mark.parametrize(
    "typed", ["BC-17/22", "bc17/22", " BC\u201117/22. ", "bc-17-22"]
)
def test_by_symbol_finds_the_decision_however_it_is_typed(typed):
    wanted = factories.DecisionFactory(
        convention=factories.ConventionFactory(code="BC"), meeting_number=17, number=22
    )
    factories.DecisionFactory(convention=wanted.convention, meeting_number=17, number=2)
    factories.DecisionFactory(convention=factories.ConventionFactory(code="RC"))

    assert list(Decision.objects.by_symbol(typed)) == [wanted]


def test_by_symbol_rejects_text_that_is_not_a_symbol():
    with pytest.raises(ValidationError, match="BC-17/22"):
        Decision.objects.by_symbol("synergies")


def test_recalls_are_followed_both_ways():
    earlier = factories.DecisionFactory(meeting_number=16)
    later = factories.DecisionFactory(meeting_number=17)
    later.recalls.add(earlier)

    assert list(later.recalls.all()) == [earlier]
    assert list(earlier.recalled_by.all()) == [later]


def test_upcoming_and_past_meetings():
    today = datetime.date(2025, 5, 1)
    ongoing = factories.MeetingFactory(
        start_date=datetime.date(2025, 4, 28), end_date=datetime.date(2025, 5, 9)
    )
    future = factories.MeetingFactory(
        start_date=datetime.date(2025, 6, 1), end_date=None
    )
    past = factories.MeetingFactory(
        start_date=datetime.date(2023, 5, 1), end_date=datetime.date(2023, 5, 12)
    )

    assert set(Meeting.objects.upcoming(today)) == {ongoing, future}
    assert list(Meeting.objects.past(today)) == [past]


def test_meeting_place_and_body():
    gef = factories.OrganizationFactory(acronym="GEF")
    online = factories.MeetingFactory.build(
        convention=None, organization=gef, online=True, city="", country=""
    )
    geneva = factories.MeetingFactory.build(city="Geneva", country="Switzerland")

    assert online.place == "Online"
    assert online.body == gef
    assert geneva.place == "Geneva, Switzerland"


# --- natural keys --------------------------------------------------------------------

DECISIONS_MODELS = [
    Secretariat,
    Convention,
    Organization,
    Meeting,
    Document,
    DocumentSymbol,
    Decision,
    DecisionParagraph,
]


def dump() -> str:
    objects = [obj for model in DECISIONS_MODELS for obj in model.objects.all()]
    return serializers.serialize(
        "json", objects, use_natural_foreign_keys=True, use_natural_primary_keys=True
    )


def load(data: str) -> None:
    """What loaddata does: save each record as it is read (later ones look earlier
    ones up by natural key), then fill in references to records loaded after."""
    deferred = []
    for obj in serializers.deserialize("json", data, handle_forward_references=True):
        obj.save()
        if obj.deferred_fields:
            deferred.append(obj)
    for obj in deferred:
        obj.save_deferred_fields()


def test_natural_keys_round_trip_through_serialization():
    basel = factories.ConventionFactory(code="BC")
    meeting = factories.MeetingFactory(convention=basel, slug="bc-cop-17")
    factories.MeetingFactory(
        convention=None, organization=factories.OrganizationFactory(slug="gef")
    )
    document = factories.DocumentFactory(meeting=meeting)
    factories.DocumentSymbolFactory(document=document)
    earlier = factories.DecisionFactory(convention=basel, meeting_number=16, number=1)
    later = factories.DecisionFactory(convention=basel, meeting=meeting, number=22)
    later.recalls.add(earlier)
    factories.DecisionParagraphFactory(decision=later, reference="5 (d)")
    before = dump()
    later.recalls.clear()  # a recalled decision is protected while recalled
    for model in reversed(DECISIONS_MODELS):
        model.objects.all().delete()

    load(before)

    assert Decision.objects.count() == 2
    assert dump() == before
    assert list(Decision.objects.by_symbol("BC-17/22").get().recalls.all()) == [
        Decision.objects.get_by_natural_key("BC", 16, 1)
    ]


def test_natural_keys_identify_each_record():
    paragraph = factories.DecisionParagraphFactory(reference="9")
    decision = paragraph.decision
    symbol = factories.DocumentSymbolFactory()

    assert Decision.objects.get_by_natural_key(*decision.natural_key()) == decision
    assert (
        DecisionParagraph.objects.get_by_natural_key(*paragraph.natural_key())
        == paragraph
    )
    assert DocumentSymbol.objects.get_by_natural_key(*symbol.natural_key()) == symbol
    assert (
        Document.objects.get_by_natural_key(*symbol.document.natural_key())
        == symbol.document
    )
    assert (
        Convention.objects.get_by_natural_key(*decision.convention.natural_key())
        == decision.convention
    )
