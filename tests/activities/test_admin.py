import csv
import io
import re
from decimal import Decimal

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, connection
from django.test.utils import CaptureQueriesContext
from hypothesis import given, settings
from hypothesis import strategies as st
from simple_history.admin import SimpleHistoryAdmin

from activities.models import (
    Activity,
    CostSaving,
    Event,
    Partnership,
    Reference,
    ServiceAgreement,
    ServiceLine,
    Synergy,
)
from brsportal.exports import FORMULA_TRIGGERS, escape_formula, unescape_formula
from tests import factories
from tests.decisions.admin_pages import (
    admin_url,
    error_messages,
    form_data,
    inline_prefix,
    make,
    registered_models,
)

MODELS = registered_models("activities")
IMPORT_EXPORT = {"activity", "serviceagreement"}
INLINES = [Event, Reference, Partnership, Synergy, CostSaving]


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # Hashing the staff user's password with the production hasher costs a second.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def test_every_model_of_the_app_is_in_the_admin_with_history():
    models = [
        model
        for model in apps.get_app_config("activities").get_models()
        if not model.__name__.startswith("Historical")
    ]
    assert set(models) == set(MODELS)
    for model in models:
        model_admin = admin.site._registry[model]
        assert isinstance(model_admin, SimpleHistoryAdmin)
        assert model_admin.search_fields
        exports = hasattr(model_admin, "resource_classes")
        assert exports == (model._meta.model_name in IMPORT_EXPORT)
    activity_inlines = {i.model for i in admin.site._registry[Activity].inlines}
    assert activity_inlines == set(INLINES)


@pytest.mark.django_db
@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_changelist_add_change_and_history_pages_open(admin_client, model):
    obj = make(model)

    for url in (
        admin_url(model, "changelist"),
        admin_url(model, "changelist") + "?q=a",
        admin_url(model, "add"),
        admin_url(model, "change", obj.pk),
        admin_url(model, "history", obj.pk),
    ):
        assert admin_client.get(url).status_code == 200, url


@pytest.mark.django_db
@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_saving_an_unchanged_change_form_keeps_the_record(admin_client, model):
    obj = make(model)
    url = admin_url(model, "change", obj.pk)
    fields = [
        f.attname
        for f in model._meta.concrete_fields
        if f.name not in {"updated_at", "version"}
    ]
    obj.refresh_from_db()  # as stored: the database fills some columns (search)
    before = {name: getattr(obj, name) for name in fields}

    response = admin_client.post(url, form_data(admin_client.get(url)))

    assert response.status_code == 302, error_messages(response)
    obj.refresh_from_db()
    assert {name: getattr(obj, name) for name in fields} == before


@pytest.mark.django_db
@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_changelist_queries_do_not_grow_with_the_rows(admin_client, model):
    def queries_for(count: int) -> int:
        while model.objects.count() < count:
            make(model)
        with CaptureQueriesContext(connection) as context:
            response = admin_client.get(admin_url(model, "changelist"))
        assert response.status_code == 200
        assert len(response.context["cl"].result_list) == count
        return len(context.captured_queries)

    assert queries_for(5) == queries_for(50)


@pytest.mark.django_db
def test_activity_change_page_queries_do_not_grow_with_its_decisions(admin_client):
    activity = factories.ActivityFactory()

    def queries_for(count: int) -> int:
        while activity.decisions.count() < count:
            paragraph = factories.DecisionParagraphFactory()
            activity.decisions.add(paragraph.decision)
            activity.decision_paragraphs.add(paragraph)
        with CaptureQueriesContext(connection) as context:
            response = admin_client.get(admin_url(Activity, "change", activity.pk))
        assert response.status_code == 200
        return len(context.captured_queries)

    # The first request of a process also loads what is then remembered (content
    # types, choice lists); run alone, the test would count those.
    admin_client.get(admin_url(Activity, "change", activity.pk))
    assert queries_for(2) == queries_for(12)


# --- activities with their inlines ---------------------------------------------------


@pytest.fixture
def activity_form(admin_client) -> tuple[dict, dict[type, str]]:
    """A valid add form for an activity, and the prefix of each inline."""
    page = admin_client.get(admin_url(Activity, "add"))
    area = factories.ThematicAreaFactory(name="Gender")
    data = form_data(page)
    data.update(
        title="Gender action plan",
        slug="gender-action-plan",
        thematic_area=str(area.pk),
        narrative="Trainings on gender[^1].",
        kind="programmatic",
        status="completed",
        biennium="2024",
        position="1",
        conventions=[str(factories.ConventionFactory(code="BC").pk)],
        secretariats=[str(factories.SecretariatFactory(code="BRS").pk)],
        publication_status="draft",
    )
    return data, {model: inline_prefix(page, model) for model in INLINES}


def add_rows(data: dict, prefix: str, *rows: dict[str, str]) -> None:
    data[f"{prefix}-TOTAL_FORMS"] = str(len(rows))
    for index, row in enumerate(rows):
        data.update({f"{prefix}-{index}-{name}": value for name, value in row.items()})


def webinar(**changes: str) -> dict[str, str]:
    row = {"kind": "webinar", "title": "Webinar", "start_date": "2024-04-10"}
    row["date_precision"] = "day"
    return {**row, **changes}


def add_every_inline(data: dict, prefixes: dict[type, str]) -> None:
    organization = factories.OrganizationFactory()
    add_rows(data, prefixes[Event], webinar(), webinar(title="Training"))
    add_rows(
        data,
        prefixes[Reference],
        {"marker": "1", "text": "See the report.", "position": "0"},
    )
    add_rows(
        data,
        prefixes[Partnership],
        {"organization": str(organization.pk), "role": "donor"},
    )
    add_rows(
        data, prefixes[Synergy], {"description": "Shared trainers.", "position": "0"}
    )
    add_rows(
        data,
        prefixes[CostSaving],
        {"year": "2024", "quarter": "1", "amount": "1500.00", "currency": "USD"},
    )


def assert_nothing_saved() -> None:
    for model in [Activity, *INLINES]:
        assert not model.objects.exists(), model


@pytest.mark.django_db
def test_activity_is_added_with_every_inline_and_history(admin_client, activity_form):
    data, prefixes = activity_form
    add_every_inline(data, prefixes)

    response = admin_client.post(admin_url(Activity, "add"), data)

    assert response.status_code == 302, error_messages(response)
    activity = Activity.objects.get()
    assert activity.events.count() == 2
    assert activity.references.get().text == "See the report."
    assert activity.partnerships.get().role == "donor"
    assert activity.synergies.count() == 1
    assert activity.cost_savings.get().amount == Decimal("1500.00")
    assert activity.history.latest().history_user.is_superuser
    assert activity.events.first().history.get().history_type == "+"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("inline", "row", "message"),
    [
        (
            Event,
            webinar(end_date="2024-04-09"),
            "The end date cannot be before the start date.",
        ),
        (Event, webinar(start_date="2024-13-01"), "Enter a valid date."),
        (
            Reference,
            {"marker": "1", "text": "", "url": "", "position": "0"},
            "Give the footnote a text, a web address or a document.",
        ),
        (
            Reference,
            {"marker": "1", "url": "javascript:alert(1)", "position": "0"},
            "Enter a valid URL.",
        ),
        (
            CostSaving,
            {"year": "2024", "quarter": "1", "amount": "-1", "currency": "USD"},
            "Ensure this value is greater than or equal to 0.",
        ),
        (
            CostSaving,
            {"year": "1999", "quarter": "1", "amount": "1", "currency": "USD"},
            "The year must be between 2000 and 2100.",
        ),
        (
            CostSaving,
            {"year": "2024", "quarter": "5", "amount": "1", "currency": "USD"},
            "Select a valid choice. 5 is not one of the available choices.",
        ),
        (
            CostSaving,
            {"year": "2024", "quarter": "1", "amount": "1e400", "currency": "USD"},
            "Ensure that there are no more than 14 digits in total.",
        ),
        (
            CostSaving,
            {"year": "2024", "quarter": "1", "amount": "NaN", "currency": "USD"},
            "Enter a number.",
        ),
    ],
)
def test_invalid_inline_row_shows_its_message_and_saves_nothing(
    admin_client, activity_form, inline, row, message
):
    data, prefixes = activity_form
    add_every_inline(data, prefixes)
    add_rows(data, prefixes[inline], row)

    response = admin_client.post(admin_url(Activity, "add"), data)

    assert response.status_code == 200
    assert any(message in error for error in error_messages(response))
    assert_nothing_saved()


@pytest.mark.django_db
def test_duplicate_markers_in_the_inline_are_refused(admin_client, activity_form):
    data, prefixes = activity_form
    add_rows(
        data,
        prefixes[Reference],
        {"marker": "1", "text": "One", "position": "0"},
        {"marker": "1", "text": "Two", "position": "1"},
    )

    response = admin_client.post(admin_url(Activity, "add"), data)

    assert any("marker" in error for error in error_messages(response))
    assert_nothing_saved()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"biennium": "2025"},
            "Select a valid choice. 2025 is not one of the available choices.",
        ),
        ({"title": ""}, "This field is required."),
        ({"conventions": []}, "This field is required."),
        ({"thematic_area": "999999"}, "Select a valid choice."),
        ({"slug": "a b"}, "Enter a valid \u201cslug\u201d"),
        ({"title": "x" * 301}, "Ensure this value has at most 300 characters"),
    ],
)
def test_invalid_activity_shows_the_message_and_saves_nothing(
    admin_client, activity_form, changes, message
):
    data, prefixes = activity_form
    add_every_inline(data, prefixes)
    data.update(changes)

    response = admin_client.post(admin_url(Activity, "add"), data)

    assert response.status_code == 200
    assert any(message in error for error in error_messages(response))
    assert_nothing_saved()


@pytest.mark.django_db
def test_a_failure_while_saving_the_inlines_leaves_nothing_half_written(
    admin_client, activity_form, monkeypatch
):
    data, prefixes = activity_form
    add_every_inline(data, prefixes)

    def fail(*args: object, **kwargs: object) -> None:
        raise IntegrityError("simulated failure after the activity and events")

    # Synergies are saved after the activity, its events and references.
    monkeypatch.setattr(Synergy, "save", fail)

    with pytest.raises(IntegrityError, match="simulated"):
        admin_client.post(admin_url(Activity, "add"), data)

    assert_nothing_saved()


@pytest.mark.django_db
def test_activity_admin_prepopulates_the_slug_and_shows_timestamps(admin_client):
    activity = factories.ActivityFactory()

    add_page = admin_client.get(admin_url(Activity, "add")).content.decode()
    change_page = admin_client.get(admin_url(Activity, "change", activity.pk))

    assert "data-prepopulated-fields=" in add_page
    assert "&quot;#id_slug&quot;" in add_page
    assert "&quot;#id_title&quot;" in add_page
    assert "Last updated" in change_page.content.decode()
    assert "updated_at" not in change_page.context["adminform"].form.fields


@pytest.mark.django_db
def test_view_on_site_opens_the_public_activity_page(admin_client):
    activity = factories.ActivityFactory()
    content_type = ContentType.objects.get_for_model(Activity)
    change_page = admin_client.get(admin_url(Activity, "change", activity.pk))
    shortcut = f"/admin/r/{content_type.pk}/{activity.pk}/"

    response = admin_client.get(shortcut)

    assert shortcut in change_page.content.decode()
    assert response.status_code == 302
    assert response["Location"].endswith(activity.get_absolute_url())


@pytest.mark.django_db
def test_activity_search_and_filters(admin_client):
    wanted = factories.ActivityFactory(
        title="Mercury waste webinars", narrative="", biennium=2024
    )
    factories.ActivityFactory(
        title="Gender action plan", narrative="Trainings.", biennium=2022
    )
    url = admin_url(Activity, "changelist")

    by_words = admin_client.get(url, {"q": "mercury"})
    by_biennium = admin_client.get(url, {"biennium": "2024"})

    assert list(by_words.context["cl"].result_list) == [wanted]
    assert list(by_biennium.context["cl"].result_list) == [wanted]
    assert "2024\u20132025" in by_biennium.content.decode()


@pytest.mark.django_db
def test_reference_list_shows_the_start_of_long_values_and_sorts_by_them(
    admin_client,
):
    long_text = "See document UNEP/MC/ICC/7/INF/3 on best practices. " * 5
    short = factories.ReferenceFactory(
        activity__title="A" * 100, text="Short note.", url=""
    )
    factories.ReferenceFactory(activity__title="B", text=long_text)
    url = admin_url(Reference, "changelist")

    page = admin_client.get(url).content.decode()
    # list_display: marker, activity, footnote text (2), web address, document.
    by_text = admin_client.get(url, {"o": "2"})

    cells = re.findall(r'<td class="field-short_(?:text|activity)">(.*?)</td>', page)
    assert sorted(cells) == sorted(
        ["A" * 59 + "\u2026", "Short note.", "B", long_text[:79] + "\u2026"]
    )
    assert by_text.context["cl"].result_list[0] == short  # "Short" < "See"


@pytest.mark.django_db
def test_activity_history_reverts_a_change(admin_client):
    activity = factories.ActivityFactory(title="Original title")
    url = admin_url(Activity, "change", activity.pk)
    data = form_data(admin_client.get(url))
    data["title"] = "Changed title"
    data["change_reason"] = "Retitled"  # the activity is published
    assert admin_client.post(url, data).status_code == 302
    original = activity.history.earliest()
    revert_url = admin_url(Activity, "simple_history", activity.pk, original.pk)

    response = admin_client.post(revert_url, form_data(admin_client.get(revert_url)))

    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.title == "Original title"
    history = admin_client.get(admin_url(Activity, "history", activity.pk))
    assert "Changed title" in history.content.decode()


# --- service agreements --------------------------------------------------------------


@pytest.fixture
def agreement_form(admin_client) -> dict:
    page = admin_client.get(admin_url(ServiceAgreement, "add"))
    data = form_data(page)
    data.update(
        slug="services-mc-cop-6",
        title="Services for MC COP-6",
        provider=str(factories.SecretariatFactory(code="BRS").pk),
        recipient=str(factories.SecretariatFactory(code="MC").pk),
        meetings=[str(factories.MeetingFactory().pk)],
        status="signed",
        biennium="2024",
        currency="USD",
        invoiced_amount="10000.00",
        recovered_amount="4000.00",
        publication_status="draft",
    )
    prefix = inline_prefix(page, ServiceLine)
    add_rows(data, prefix, {"service": "it"}, {"service": "registration"})
    return data


@pytest.mark.django_db
def test_agreement_is_added_with_its_service_lines(admin_client, agreement_form):
    response = admin_client.post(admin_url(ServiceAgreement, "add"), agreement_form)

    assert response.status_code == 302, error_messages(response)
    agreement = ServiceAgreement.objects.get()
    assert [str(line) for line in agreement.lines.all()] == [
        "IT services",
        "Registration",
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"recovered_amount": "10000.01"},
            "The recovered amount cannot exceed the invoiced amount.",
        ),
        ({"invoiced_amount": "-1"}, "Ensure this value is greater than or equal to 0."),
        ({"estimated_cost": "-5"}, "Ensure this value is greater than or equal to 0."),
        (
            {"requested_on": "2024-05-02", "signed_on": "2024-05-01"},
            "An agreement cannot be signed before it was requested.",
        ),
        (
            {"biennium": "2025"},
            "Select a valid choice. 2025 is not one of the available choices.",
        ),
        ({"invoiced_amount": "abc"}, "Enter a number."),
        (
            {"invoiced_amount": "1" * 20},
            "Ensure that there are no more than 14 digits in total.",
        ),
        (
            {"lines-1-service": "it"},
            "Please correct the duplicate data for service",
        ),
        (
            {"lines-1-estimated_cost": "-1"},
            "Ensure this value is greater than or equal to 0.",
        ),
    ],
)
def test_invalid_agreement_shows_the_message_and_saves_nothing(
    admin_client, agreement_form, changes, message
):
    agreement_form.update(changes)

    response = admin_client.post(admin_url(ServiceAgreement, "add"), agreement_form)

    assert response.status_code == 200
    assert any(message in error for error in error_messages(response)), error_messages(
        response
    )
    assert not ServiceAgreement.objects.exists()
    assert not ServiceLine.objects.exists()


@pytest.mark.django_db
def test_provider_serving_itself_is_refused(admin_client, agreement_form):
    agreement_form["recipient"] = agreement_form["provider"]

    response = admin_client.post(admin_url(ServiceAgreement, "add"), agreement_form)

    assert "A secretariat cannot provide services to itself." in error_messages(
        response
    )
    assert not ServiceAgreement.objects.exists()


@pytest.mark.django_db
def test_agreement_list_and_page_show_the_outstanding_amount(admin_client):
    agreement = factories.ServiceAgreementFactory(
        invoiced_amount=Decimal("10000.00"), recovered_amount=Decimal("4000.50")
    )

    listing = admin_client.get(admin_url(ServiceAgreement, "changelist"))
    page = admin_client.get(admin_url(ServiceAgreement, "change", agreement.pk))
    by_outstanding = admin_client.get(
        admin_url(ServiceAgreement, "changelist"), {"o": "8"}
    )

    assert "5999.50" in listing.content.decode()
    assert "5999.50" in page.content.decode()
    assert by_outstanding.status_code == 200


# --- import and export ---------------------------------------------------------------


def export_csv(admin_client, model) -> str:
    url = admin_url(model, "export")
    form = admin_client.get(url).context["form"]
    choices = form.fields["format"].choices
    data = {"format": next(value for value, label in choices if label == "csv")}
    data["resource"] = "0"
    data.update(
        {name: "on" for name in form.fields if name not in {*data, "export_items"}}
    )
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    return response.content.decode("utf-8-sig")


def import_csv(admin_client, model, content: str):
    """Upload, then confirm if the dry run found no errors; the last response."""
    url = admin_url(model, "import")
    form = admin_client.get(url).context["form"]
    choices = form.fields["format"].choices
    upload = SimpleUploadedFile("records.csv", content.encode(), "text/csv")
    response = admin_client.post(
        url,
        {
            "resource": "0",
            "format": next(value for value, label in choices if label == "csv"),
            "import_file": upload,
        },
    )
    confirm = response.context.get("confirm_form")
    if confirm is None:
        return response
    return admin_client.post(admin_url(model, "process_import"), confirm.initial)


@pytest.mark.django_db
def test_activity_export_neutralises_formulas(admin_client):
    decision = factories.DecisionFactory(
        convention=factories.ConventionFactory(code="BC"), meeting_number=17, number=22
    )
    factories.ActivityFactory(
        title="=cmd|' /C calc'!A0",
        narrative="- first item\n- second item",
        decisions=[decision],
    )

    row = next(csv.DictReader(io.StringIO(export_csv(admin_client, Activity))))

    assert row["title"] == "'=cmd|' /C calc'!A0"
    assert row["narrative"] == "'- first item\n- second item"
    assert row["biennium"] == "2024\u20132025"
    assert row["decisions"] == "BC-17/22"
    assert row["conventions"] == "MC"


@pytest.mark.django_db
def test_activity_export_lists_partners_and_events(admin_client):
    activity = factories.ActivityFactory()
    factories.PartnershipFactory(
        activity=activity,
        organization=factories.OrganizationFactory(name="UNITAR"),
        role="donor",
    )
    factories.EventFactory(activity=activity, title="Launch webinar")

    row = next(csv.DictReader(io.StringIO(export_csv(admin_client, Activity))))

    assert row["partners"] == "UNITAR (Donor)"
    assert row["events"] == "Launch webinar (2024-04-10)"


@pytest.mark.django_db
def test_admin_export_offers_xlsx(admin_client):
    form = admin_client.get(admin_url(Activity, "export")).context["form"]
    assert "xlsx" in {label for _value, label in form.fields["format"].choices}


@pytest.mark.django_db
def test_exported_activities_import_back_unchanged(admin_client):
    decision = factories.DecisionFactory()
    activity = factories.ActivityFactory(
        title="+Plus title", narrative="- a list\n- of items", decisions=[decision]
    )
    exported = export_csv(admin_client, Activity)
    Activity.objects.filter(pk=activity.pk).update(title="Changed", narrative="")

    response = import_csv(admin_client, Activity, exported)

    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.title == "+Plus title"
    assert activity.narrative == "- a list\n- of items"
    assert list(activity.decisions.all()) == [decision]


IMPORT_HEADER = (
    "slug,title,thematic_area,kind,status,biennium,position,conventions,"
    "secretariats,decisions,publication_status,narrative\n"
)


@pytest.mark.django_db
def test_activities_import_from_a_spreadsheet_with_history(admin_client):
    area = factories.ThematicAreaFactory(slug="gender")
    factories.ConventionFactory(code="BC")
    factories.ConventionFactory(code="RC")
    factories.SecretariatFactory(code="BRS")
    decision = factories.DecisionFactory(
        convention=factories.ConventionFactory(code="MC"), meeting_number=5, number=10
    )
    content = IMPORT_HEADER + (
        'gender-plan,Gender plan,gender,programmatic,ongoing,2024\u20132025,1,"BC,RC",'
        "BRS,MC\u20115/10,draft,Text\n"
    )

    response = import_csv(admin_client, Activity, content)

    assert response.status_code == 302
    activity = Activity.objects.get(slug="gender-plan")
    assert activity.thematic_area == area
    assert activity.biennium == 2024
    assert {c.code for c in activity.conventions.all()} == {"BC", "RC"}
    assert list(activity.decisions.all()) == [decision]
    assert activity.history.latest().history_user.is_superuser


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("row", "message"),
    [
        (
            "x,X,gender,programmatic,ongoing,2025\u20132026,1,BC,BRS,,draft,\n",
            "Enter a biennium such as 2024\u20132025",
        ),
        ("x,X,gender,programmatic,ongoing,2024,1,ZZ,BRS,,draft,\n", "Unknown"),
        (
            "x,X,gender,programmatic,ongoing,2024,1,BC,BRS,BC-99,draft,\n",
            # Issue 14: the message names the input and lists the accepted forms.
            "“BC-99” is not a decision symbol. Accepted forms",
        ),
        ("x,X,gender,programmatic,ongoing,2024,1,BC,BRS,BC-1/1,draft,\n", "Unknown"),
        ("x,X,gender,programmatic,wrong,2024,1,BC,BRS,,draft,\n", "not a valid choice"),
        ("x,,gender,programmatic,ongoing,2024,1,BC,BRS,,draft,\n", "cannot be blank"),
    ],
)
def test_a_bad_import_row_is_reported_and_nothing_is_imported(
    admin_client, row, message
):
    factories.ThematicAreaFactory(slug="gender")
    factories.ConventionFactory(code="BC")
    factories.SecretariatFactory(code="BRS")
    good = "ok,OK,gender,programmatic,ongoing,2024,1,BC,BRS,,draft,\n"

    response = import_csv(admin_client, Activity, IMPORT_HEADER + good + row)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Activity.objects.exists()


@pytest.mark.django_db
def test_agreement_import_refuses_recovered_above_invoiced(admin_client):
    factories.SecretariatFactory(code="BRS")
    factories.SecretariatFactory(code="MC")
    content = (
        "slug,title,provider,recipient,biennium,invoiced_amount,recovered_amount\n"
        "a,Services,BRS,MC,2024,100,150\n"
    )

    response = import_csv(admin_client, ServiceAgreement, content)

    assert "The recovered amount cannot exceed the invoiced amount." in (
        response.content.decode()
    )
    assert not ServiceAgreement.objects.exists()


@settings(database=None, max_examples=300)
@given(
    st.text(max_size=20)
    | st.builds(
        "".join, st.lists(st.sampled_from(["'", *FORMULA_TRIGGERS, "a"]), max_size=6)
    )
)
def test_formula_escaping_round_trips_and_never_leaves_a_formula(text):
    escaped = escape_formula(text)

    assert unescape_formula(escaped) == text
    assert not escaped.startswith(FORMULA_TRIGGERS)
