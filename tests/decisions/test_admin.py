import csv
import io

import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from simple_history.admin import SimpleHistoryAdmin

from decisions.models import (
    Decision,
    DecisionParagraph,
    Document,
    DocumentSymbol,
    Meeting,
)
from tests import factories
from tests.decisions.admin_pages import (
    admin_url,
    error_messages,
    form_data,
    inline_prefix,
    make,
    registered_models,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # Hashing the staff user's password with the production hasher costs a second.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


MODELS = registered_models("decisions")
IMPORT_EXPORT = {"decision", "meeting", "organization", "document"}


def test_every_model_of_the_app_is_in_the_admin_with_history():
    from django.apps import apps

    models = [
        model
        for model in apps.get_app_config("decisions").get_models()
        if not model.__name__.startswith("Historical")
    ]
    assert set(models) == set(MODELS)
    for model in models:
        model_admin = admin.site._registry[model]
        assert isinstance(model_admin, SimpleHistoryAdmin)
        assert model_admin.search_fields
        exports = hasattr(model_admin, "resource_classes")
        assert exports == (model._meta.model_name in IMPORT_EXPORT)


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


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_saving_an_unchanged_change_form_keeps_the_record(admin_client, model):
    obj = make(model)
    url = admin_url(model, "change", obj.pk)
    before = {f.attname: getattr(obj, f.attname) for f in model._meta.concrete_fields}

    response = admin_client.post(url, form_data(admin_client.get(url)))

    assert response.status_code == 302, error_messages(response)
    obj.refresh_from_db()
    after = {f.attname: getattr(obj, f.attname) for f in model._meta.concrete_fields}
    assert {k: v for k, v in after.items() if k not in {"updated_at", "version"}} == {
        k: v for k, v in before.items() if k not in {"updated_at", "version"}
    }


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_changelist_queries_do_not_grow_with_the_rows(admin_client, model):
    def queries_for(count: int) -> int:
        while model.objects.count() < count:
            make(model, model.objects.count())
        with CaptureQueriesContext(connection) as context:
            response = admin_client.get(admin_url(model, "changelist"))
        assert response.status_code == 200
        assert len(response.context["cl"].result_list) == count
        return len(context.captured_queries)

    assert queries_for(5) == queries_for(50)


# --- decisions -----------------------------------------------------------------------


@pytest.fixture
def decisions(db) -> dict[str, Decision]:
    basel = factories.ConventionFactory(code="BC")
    rotterdam = factories.ConventionFactory(code="RC")
    stockholm = factories.ConventionFactory(code="SC")
    return {
        "BC-17/22": factories.DecisionFactory(
            convention=basel, meeting_number=17, number=22, title="Synergies"
        ),
        "BC-17/2": factories.DecisionFactory(
            convention=basel, meeting_number=17, number=2, title="Cooperation"
        ),
        "RC-11/8": factories.DecisionFactory(
            convention=rotterdam, meeting_number=11, number=8, title="Budget"
        ),
        "SC-12/23": factories.DecisionFactory(
            convention=stockholm, meeting_number=12, number=23, title="Gender"
        ),
    }


def test_decision_list_shows_symbols(admin_client, decisions):
    response = admin_client.get(admin_url(Decision, "changelist"))

    content = response.content.decode()
    for symbol in decisions:
        assert f">{symbol}<" in content


@pytest.mark.parametrize(
    ("typed", "symbol"),
    [
        ("BC-17/22", "BC-17/22"),
        ("RC11/8", "RC-11/8"),
        ("RC\u201111/8", "RC-11/8"),
        (" SC-12/23. ", "SC-12/23"),
        ("bc 17/2", "BC-17/2"),
    ],
)
def test_decision_search_understands_a_typed_symbol(
    admin_client, decisions, typed, symbol
):
    response = admin_client.get(admin_url(Decision, "changelist"), {"q": typed})

    assert list(response.context["cl"].result_list) == [decisions[symbol]]


def test_decision_search_falls_back_to_words(admin_client, decisions):
    response = admin_client.get(admin_url(Decision, "changelist"), {"q": "synergies"})

    assert list(response.context["cl"].result_list) == [decisions["BC-17/22"]]


def test_decision_search_for_an_unknown_symbol_finds_nothing(admin_client, decisions):
    response = admin_client.get(admin_url(Decision, "changelist"), {"q": "MC-9/9"})

    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == []


def test_decision_autocomplete_accepts_a_typed_symbol(admin_client, decisions):
    response = admin_client.get(
        "/admin/autocomplete/",
        {
            "term": "RC11/8",
            "app_label": "activities",
            "model_name": "activity",
            "field_name": "decisions",
        },
    )

    assert response.status_code == 200
    assert [r["text"] for r in response.json()["results"]] == ["RC-11/8 Budget"]


def test_paragraph_search_understands_the_decision_symbol(admin_client, decisions):
    wanted = factories.DecisionParagraphFactory(
        decision=decisions["BC-17/22"], reference="9"
    )
    factories.DecisionParagraphFactory(decision=decisions["RC-11/8"], reference="9")

    response = admin_client.get(
        admin_url(DecisionParagraph, "changelist"), {"q": "BC-17/22"}
    )

    assert list(response.context["cl"].result_list) == [wanted]


def decision_post(admin_client, **changes: str) -> dict:
    """The add form as staff fill it in: the symbol as written (issue 14: the parts
    are read from it, no longer typed one by one)."""
    basel = factories.ConventionFactory(code="BC")
    data = form_data(admin_client.get(admin_url(Decision, "add")))
    data.update(convention=str(basel.pk), symbol="BC-17/22", title="Synergies")
    data.update(changes)
    return data


def test_duplicate_decision_symbol_is_a_form_error_and_nothing_is_saved(
    admin_client, decisions
):
    data = decision_post(admin_client, title="Again")

    response = admin_client.post(admin_url(Decision, "add"), data)

    assert response.status_code == 200
    assert "A decision with this symbol already exists." in error_messages(response)
    assert not Decision.objects.filter(title="Again").exists()


def test_decision_number_zero_is_a_form_error(admin_client):
    data = decision_post(admin_client, symbol="BC-17/0")

    response = admin_client.post(admin_url(Decision, "add"), data)

    messages = " ".join(error_messages(response))
    assert "Session and decision numbers run from 1 to 999." in messages
    assert "BC.Ex-1/1" in messages  # the accepted forms are shown
    assert not Decision.objects.exists()


def test_decision_with_paragraphs_is_added_with_its_inline(admin_client):
    data = decision_post(admin_client)
    prefix = inline_prefix(
        admin_client.get(admin_url(Decision, "add")), DecisionParagraph
    )
    data.update(
        {
            f"{prefix}-TOTAL_FORMS": "2",
            f"{prefix}-0-reference": "5 (d)",
            f"{prefix}-0-position": "1",
            f"{prefix}-1-reference": "9",
            f"{prefix}-1-position": "2",
        }
    )

    response = admin_client.post(admin_url(Decision, "add"), data)

    assert response.status_code == 302, error_messages(response)
    decision = Decision.objects.by_symbol("BC-17/22").get()
    assert [p.reference for p in decision.paragraphs.all()] == ["5 (d)", "9"]
    assert decision.history.count() == 1


def test_duplicate_paragraphs_in_the_inline_save_nothing(admin_client):
    data = decision_post(admin_client)
    prefix = inline_prefix(
        admin_client.get(admin_url(Decision, "add")), DecisionParagraph
    )
    data.update(
        {
            f"{prefix}-TOTAL_FORMS": "2",
            f"{prefix}-0-reference": "9",
            f"{prefix}-0-position": "1",
            f"{prefix}-1-reference": "9",
            f"{prefix}-1-position": "2",
        }
    )

    response = admin_client.post(admin_url(Decision, "add"), data)

    assert response.status_code == 200
    assert any("duplicate" in message for message in error_messages(response))
    assert not Decision.objects.exists()
    assert not DecisionParagraph.objects.exists()


def test_decision_history_shows_changes_and_reverts(admin_client, decisions):
    decision = decisions["BC-17/22"]
    url = admin_url(Decision, "change", decision.pk)
    data = form_data(admin_client.get(url))
    data["title"] = "Renamed"
    assert admin_client.post(url, data).status_code == 302
    original = decision.history.earliest()

    history = admin_client.get(admin_url(Decision, "history", decision.pk))
    revert_url = admin_url(Decision, "simple_history", decision.pk, original.pk)
    revert_page = admin_client.get(revert_url)
    response = admin_client.post(revert_url, form_data(revert_page))

    assert history.status_code == 200
    assert "Renamed" in history.content.decode()
    assert response.status_code == 302
    decision.refresh_from_db()
    assert decision.title == "Synergies"
    assert decision.history.count() == 3


def test_decision_change_page_links_to_the_public_page(admin_client, decisions):
    decision = decisions["BC-17/22"]
    from django.contrib.contenttypes.models import ContentType

    content_type = ContentType.objects.get_for_model(Decision)

    response = admin_client.get(f"/admin/r/{content_type.pk}/{decision.pk}/")

    assert response.status_code == 302
    assert response["Location"].endswith(decision.get_absolute_url())


# --- meetings and documents ----------------------------------------------------------


def meeting_post(admin_client, **changes: str) -> dict:
    data = form_data(admin_client.get(admin_url(Meeting, "add")))
    data.update(
        slug="bc-cop-17",
        kind="cop",
        convention=str(factories.ConventionFactory(code="BC").pk),
        number="17",
        title="BC COP-17",
        start_date="2025-04-28",
        end_date="2025-05-09",
        status="held",
    )
    data.update(changes)
    return data


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"end_date": "2025-04-27"}, "The end date cannot be before the start date."),
        ({"convention": ""}, "Choose the convention or the organization that meets."),
        ({"start_date": "2025-02-30"}, "Enter a valid date."),
        ({"number": "-1"}, "Ensure this value is greater than or equal to 0."),
        ({"slug": "not a slug!"}, "Enter a valid \u201cslug\u201d"),
    ],
)
def test_bad_meeting_shows_the_message_and_saves_nothing(
    admin_client, changes, message
):
    response = admin_client.post(
        admin_url(Meeting, "add"), meeting_post(admin_client, **changes)
    )

    assert response.status_code == 200
    assert any(message in error for error in error_messages(response))
    assert not Meeting.objects.exists()


def test_valid_meeting_is_added(admin_client):
    response = admin_client.post(admin_url(Meeting, "add"), meeting_post(admin_client))

    assert response.status_code == 302, error_messages(response)
    assert Meeting.objects.get().slug == "bc-cop-17"


def test_document_with_parallel_symbols_and_a_bad_one_saves_nothing(admin_client):
    page = admin_client.get(admin_url(Document, "add"))
    prefix = inline_prefix(page, DocumentSymbol)
    data = form_data(page)
    data.update(
        {
            "symbol": "UNEP/CHW.17/INF/54",
            f"{prefix}-TOTAL_FORMS": "2",
            f"{prefix}-0-symbol": "UNEP/FAO/RC/COP.12/INF/25",
            f"{prefix}-0-position": "1",
            f"{prefix}-1-symbol": "not a symbol",
            f"{prefix}-1-position": "2",
        }
    )

    response = admin_client.post(admin_url(Document, "add"), data)

    assert response.status_code == 200
    assert any("UNEP/CHW.17/INF/54" in m for m in error_messages(response))
    assert not Document.objects.exists()
    assert not DocumentSymbol.objects.exists()


def test_document_search_finds_a_parallel_symbol(admin_client):
    document = factories.DocumentFactory(symbol="UNEP/CHW.17/INF/54")
    factories.DocumentSymbolFactory(document=document, symbol="UNEP/POPS/COP.12/INF/44")
    factories.DocumentFactory()

    response = admin_client.get(
        admin_url(Document, "changelist"), {"q": "UNEP/POPS/COP.12/INF/44"}
    )

    assert list(response.context["cl"].result_list) == [document]


# --- export --------------------------------------------------------------------------


def export_csv(admin_client, model) -> list[dict[str, str]]:
    url = admin_url(model, "export")
    form = admin_client.get(url).context["form"]
    csv_choice = next(
        value for value, label in form.fields["format"].choices if label == "csv"
    )
    data = {"format": csv_choice, "resource": "0"}
    # Every column ticked; export_items is the optional selection from a list action.
    data.update(
        {name: "on" for name in form.fields if name not in {*data, "export_items"}}
    )
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_decision_export_neutralises_formulas_and_prints_symbols(admin_client):
    earlier = factories.DecisionFactory(
        convention=factories.ConventionFactory(code="BC"),
        meeting_number=16,
        number=1,
        title='=HYPERLINK("https://evil.example","click")',
    )
    later = factories.DecisionFactory(
        convention=earlier.convention,
        meeting_number=17,
        number=22,
        title="@SUM(A1:A9)",
        summary="-2+3",
    )
    later.recalls.add(earlier)

    rows = {row["symbol"]: row for row in export_csv(admin_client, Decision)}

    assert rows["BC-16/1"]["title"] == '\'=HYPERLINK("https://evil.example","click")'
    assert rows["BC-17/22"]["title"] == "'@SUM(A1:A9)"
    assert rows["BC-17/22"]["summary"] == "'-2+3"
    assert rows["BC-17/22"]["recalls"] == "BC-16/1"
    assert rows["BC-17/22"]["convention"] == "BC"
