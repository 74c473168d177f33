"""The permission matrix: every role × model × action, in the admin and in the API.

Roles are the groups the migration creates (brsportal/roles.py). Records belong to the
BRS Secretariat alone (activity, decision, meeting), to both (a service agreement is
between the two) or to nobody in particular (an organization), so the matrix also shows
that an editor of one secretariat never changes the other's records.
"""

import pytest
from django.apps import apps as django_apps
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth.models import Group
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from activities.models import Activity, PublicationStatus, ServiceAgreement
from brsportal import roles
from decisions.models import Decision, Meeting, Organization
from reports.models import Report
from tests import factories
from tests.api.conftest import if_match

ROLES = ["brs_editor", "mc_editor", "report_editor", "viewer", "administrator"]
ACTIONS = ["view", "add", "change", "delete", "publish"]
MODELS = [Activity, ServiceAgreement, Decision, Meeting, Organization, Report]
GROUP_OF_ROLE = {
    "brs_editor": roles.BRS_EDITORS,
    "mc_editor": roles.MINAMATA_EDITORS,
    "report_editor": roles.REPORT_EDITORS,
    "viewer": roles.VIEWERS,
    "administrator": roles.ADMINISTRATORS,
}
EDITORS = {"brs_editor", "mc_editor"}
# Whose records: BRS alone, both secretariats, or shared reference data.
OWNERS = {
    Activity: {"brs_editor"},
    Decision: {"brs_editor"},
    Meeting: {"brs_editor"},
    ServiceAgreement: EDITORS,
    Organization: EDITORS,
}
PUBLISHABLE = {Activity, ServiceAgreement, Report}


def expected(role: str, model, action: str) -> bool:
    """The rule the portal promises, cell by cell."""
    if action == "publish" and model not in PUBLISHABLE:
        return False  # reference data has no publication state
    if role == "administrator" or action == "view":
        return True
    if model is Report:
        # Report editors prepare and issue reports; issued ones are never deleted.
        return role == "report_editor" and action in {"add", "change", "publish"}
    if action == "publish":
        return role == "report_editor" and model in PUBLISHABLE
    if role not in EDITORS:
        return False
    if action == "add":
        return True
    return role in OWNERS[model]


CELLS = [(r, m, a) for r in ROLES for m in MODELS for a in ACTIONS]


def test_the_matrix_has_every_cell():
    assert len(CELLS) == len(ROLES) * len(MODELS) * len(ACTIONS) == 150


@pytest.fixture
def people(db):
    # Transactional tests (the browser ones) flush the groups the migration made.
    roles.sync_role_groups(django_apps)
    brs = factories.SecretariatFactory(code="BRS")
    mc = factories.SecretariatFactory(code="MC")
    users = {}
    for role in ROLES:
        user = factories.UserFactory(username=role, is_staff=True)
        user.groups.add(Group.objects.get(name=GROUP_OF_ROLE[role]))
        if role == "brs_editor":
            brs.members.add(user)
        if role == "mc_editor":
            mc.members.add(user)
        users[role] = user
    return users


def make_record(model, **changes):
    """A record owned as OWNERS says, in a state every action can apply to."""
    brs = factories.SecretariatFactory(code="BRS")
    mc = factories.SecretariatFactory(code="MC")
    bc = factories.ConventionFactory(code="BC")
    draft = PublicationStatus.DRAFT
    if model is Activity:
        return factories.ActivityFactory(
            conventions=[bc], secretariats=[brs], publication_status=draft, **changes
        )
    if model is ServiceAgreement:
        agreement = factories.ServiceAgreementFactory(
            provider=brs, recipient=mc, publication_status=draft, **changes
        )
        agreement.meetings.add(factories.MeetingFactory(convention=bc))
        return agreement
    if model is Decision:
        return factories.DecisionFactory(convention=bc, **changes)
    if model is Meeting:
        return factories.MeetingFactory(convention=bc, **changes)
    if model is Organization:
        return factories.OrganizationFactory(**changes)
    return factories.QuarterlyReportFactory(**changes)


def title_field(model) -> str:
    return "name" if model is Organization else "title"


# -- the admin -------------------------------------------------------------------


def admin_url(model, view: str, *args) -> str:
    opts = model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)


def change_form_data(client, url: str) -> dict:
    """The change form as the browser would post it back, unchanged."""
    form = client.get(url).context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        value = form[name].value() if value is None else form[name].value()
        if value is None:
            continue
        if isinstance(value, (list, tuple)):
            data[name] = [str(v) for v in value]
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
        else:
            data[name] = str(value)
    context = client.get(url).context
    for formset in context.get("inline_admin_formsets", []):
        management = formset.formset.management_form
        for name in management.fields:
            data[f"{management.prefix}-{name}"] = str(management[name].value())
        # Post back no blank extra rows: only the rows that exist.
        initial = management["INITIAL_FORMS"].value()
        data[f"{management.prefix}-TOTAL_FORMS"] = str(initial)
    return data


def admin_answer(client, model, action: str) -> bool:
    """Did the admin let the user do it? Judged by its effect on the database."""
    if action == "view":
        return client.get(admin_url(model, "changelist")).status_code == 200
    if action == "add":
        return client.get(admin_url(model, "add")).status_code == 200
    record = make_record(model)
    if action == "change":
        url = admin_url(model, "change", record.pk)
        page = client.get(url)
        if page.status_code != 200 or not page.context.get("has_change_permission"):
            return False
        data = change_form_data(client, url)
        data[title_field(model)] = "Changed by the matrix"
        client.post(url, data)
        record.refresh_from_db()
        return getattr(record, title_field(model)) == "Changed by the matrix"
    if action == "delete":
        client.post(admin_url(model, "delete", record.pk), {"post": "yes"})
        return not model.objects.filter(pk=record.pk).exists()
    # publish: the changelist action (report editors), or issuing for reports
    name = "issue_selected" if model is Report else "publish_selected"
    data = {"action": name, ACTION_CHECKBOX_NAME: [record.pk], "confirm": "yes"}
    client.post(admin_url(model, "changelist"), data)
    record.refresh_from_db()
    if model is Report:
        return record.is_issued
    return getattr(record, "publication_status", None) == PublicationStatus.PUBLISHED


@pytest.mark.parametrize(
    ("role", "model", "action"),
    [c for c in CELLS if c[1] is not Report or c[2] != "publish"],
    ids=lambda v: getattr(v, "__name__", v),
)
def test_admin_answers_each_cell_as_the_matrix_says(
    client, people, role, model, action
):
    client.force_login(people[role])
    assert admin_answer(client, model, action) is expected(role, model, action)


@pytest.mark.parametrize("role", ROLES)
def test_admin_issues_a_report_only_for_report_editors_and_administrators(
    client, people, role
):
    client.force_login(people[role])
    assert admin_answer(client, Report, "publish") is expected(role, Report, "publish")


def test_an_editors_change_list_never_shows_the_other_secretariats_records(
    client, people
):
    brs_only = make_record(Activity, title="Only BRS")
    client.force_login(people["mc_editor"])
    page = client.get(admin_url(Activity, "changelist"))
    assert brs_only.title not in page.content.decode()
    client.force_login(people["brs_editor"])
    page = client.get(admin_url(Activity, "changelist"))
    assert brs_only.title in page.content.decode()


def test_a_joint_activity_is_changed_by_editors_of_both_secretariats(client, people):
    activity = make_record(Activity)
    activity.secretariats.add(factories.SecretariatFactory(code="MC"))
    for role in ("brs_editor", "mc_editor"):
        assert people[role].has_perm("activities.change_activity", activity)


def test_an_editor_cannot_publish_through_the_change_form(client, people):
    activity = make_record(Activity)
    client.force_login(people["brs_editor"])
    url = admin_url(Activity, "change", activity.pk)
    data = change_form_data(client, url)
    data["publication_status"] = PublicationStatus.PUBLISHED
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Only report editors or administrators" in response.content.decode()
    activity.refresh_from_db()
    assert activity.publication_status == PublicationStatus.DRAFT


def test_an_editor_sends_a_draft_for_review(client, people):
    activity = make_record(Activity)
    client.force_login(people["brs_editor"])
    data = {"action": "send_for_review", ACTION_CHECKBOX_NAME: [activity.pk]}
    client.post(admin_url(Activity, "changelist"), data)
    activity.refresh_from_db()
    assert activity.publication_status == PublicationStatus.IN_REVIEW


# -- the API ---------------------------------------------------------------------

API_PATH = {
    Activity: "activities",
    ServiceAgreement: "service-agreements",
    Decision: "decisions",
    Meeting: "meetings",
    Organization: "organizations",
}
API_WRITABLE = {Activity, ServiceAgreement}


def api_client(user) -> APIClient:
    client = APIClient()
    token, _ = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def new_payload(model) -> dict:
    api = "http://testserver/api/v1/"
    area = factories.ThematicAreaFactory(slug="outreach")
    factories.ConventionFactory(code="BC")
    if model is Activity:
        return {
            "slug": "a-new-activity",
            "title": "A new activity",
            "thematic_area": f"{api}thematic-areas/{area.slug}/",
            "biennium": 2026,
            "conventions": [f"{api}conventions/BC/"],
            "secretariats": [f"{api}secretariats/BRS/", f"{api}secretariats/MC/"],
        }
    meeting = factories.MeetingFactory()
    return {
        "slug": "a-new-agreement",
        "title": "Services for a meeting",
        "provider": f"{api}secretariats/BRS/",
        "recipient": f"{api}secretariats/MC/",
        "meetings": [f"{api}meetings/{meeting.slug}/"],
        "biennium": 2026,
    }


def api_answer(client, model, action: str) -> bool:
    base = f"/api/v1/{API_PATH[model]}/"
    if action == "add":
        response = client.post(base, new_payload(model), format="json")
        return response.status_code == 201
    record = make_record(model)
    if model in API_WRITABLE:
        record.publication_status = PublicationStatus.PUBLISHED
        record.save()
    url = f"{base}{record.slug}/"
    if action == "view":
        return client.get(url).status_code == 200
    if action == "change":
        response = client.patch(
            url, {title_field(model): "Changed"}, format="json", **if_match(record)
        )
        return response.status_code == 200
    if action == "delete":
        return client.delete(url, **if_match(record)).status_code == 204
    record.publication_status = PublicationStatus.IN_REVIEW
    record.save()
    return client.post(f"{url}publish/", **if_match(record)).status_code == 200


API_CELLS = [
    (r, m, a)
    for r, m, a in CELLS
    if m in API_PATH and (m in API_WRITABLE or a == "view")
]


@pytest.mark.parametrize(
    ("role", "model", "action"), API_CELLS, ids=lambda v: getattr(v, "__name__", v)
)
def test_api_answers_each_cell_as_the_matrix_says(people, role, model, action):
    client = api_client(people[role])
    assert api_answer(client, model, action) is expected(role, model, action)


# Issue 14: decisions, meetings and documents are written through the API too (see
# test_reference_data_writes_follow_the_admin_scope); organizations stay read-only.
@pytest.mark.parametrize("model", [Organization])
def test_reference_data_is_read_only_in_the_api_even_for_administrators(people, model):
    record = make_record(model)
    client = api_client(people["administrator"])
    url = f"/api/v1/{API_PATH[model]}/{record.slug}/"
    assert client.delete(url).status_code == 405


def test_reference_data_writes_follow_the_admin_scope(people):
    """Issue 14: decisions, meetings and documents are written through the API with
    the admin's permissions and record scope."""
    brs = factories.SecretariatFactory(code="BRS")
    mc = factories.SecretariatFactory(code="MC")
    factories.ConventionFactory(code="BC", secretariat=brs)
    minamata = factories.ConventionFactory(code="MC", secretariat=mc)
    body = {"symbol": "BC-17/41", "title": "Joint work"}

    viewer = api_client(people["viewer"]).post(
        "/api/v1/decisions/", body, format="json"
    )
    other = api_client(people["mc_editor"]).post(
        "/api/v1/decisions/", body, format="json"
    )
    own = api_client(people["brs_editor"]).post(
        "/api/v1/decisions/", body, format="json"
    )
    # Writes of an existing record send the ETag they read (issue 20).
    moved = api_client(people["brs_editor"]).patch(
        "/api/v1/decisions/bc-17-41/",
        {"symbol": "MC-5/41"},
        format="json",
        HTTP_IF_MATCH=own["ETag"],
    )
    theirs = factories.DecisionFactory(convention=minamata, meeting_number=5)
    foreign = api_client(people["brs_editor"]).patch(
        f"/api/v1/decisions/{theirs.slug}/",
        {"title": "Changed"},
        format="json",
        HTTP_IF_MATCH="*",
    )

    assert viewer.status_code == 403
    assert other.status_code == 403
    assert own.status_code == 201, own.json()
    assert moved.status_code == 403
    assert foreign.status_code == 403
    assert [d.symbol for d in Decision.objects.order_by("pk")] == [
        "BC-17/41",
        theirs.symbol,
    ]
