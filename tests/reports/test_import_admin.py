"""Staff import a document in the admin: upload, review, confirm."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from activities.models import Activity, ThematicArea
from reports.models import Report
from tests import factories

from .import_docs import docx_from_text

pytestmark = pytest.mark.django_db
SEEDS = Path(settings.BASE_DIR).parent / "shared" / "seeds"
UPLOAD = reverse("admin:reports_report_import")
PREVIEW = reverse("admin:reports_report_import_preview")
TEXT = (
    "\tA.\tMercury wastes\n"
    "1. The secretariats held two webinars on mercury waste in 2024.[footnoteRef:1] "
    "[1: https://www.brsmeas.org/webinars.]\n"
    "\tB.\tSomething the portal has no area for\n"
    "2. The secretariats shared a calendar of meetings in 2024 and 2025.\n"
)


@pytest.fixture
def area():
    return factories.ThematicAreaFactory(slug="mercury-wastes", name="Mercury wastes")


def upload(client, content: bytes, name: str = "past.txt", **data):
    return client.post(
        UPLOAD, {"file": SimpleUploadedFile(name, content), **data}, follow=True
    )


def confirm(client, response, changes: dict | None = None):
    """Post the preview's formset back, with the reviewer's changes per row."""
    formset = response.context["formset"]
    data = {
        "form-TOTAL_FORMS": str(formset.total_form_count()),
        "form-INITIAL_FORMS": str(formset.initial_form_count()),
    }
    for index, form in enumerate(formset.forms):
        values = {**form.initial, **(changes or {}).get(index, {})}
        for name, value in values.items():
            if name == "include" and not value:
                continue
            data[f"form-{index}-{name}"] = "" if value is None else value
    return client.post(PREVIEW, data, follow=True)


def test_the_preview_shows_what_was_read_and_writes_nothing(admin_client, area):
    response = upload(admin_client, TEXT.encode())
    page = response.content.decode()
    assert response.redirect_chain[-1][0] == PREVIEW
    assert "1 placed, 0 matching earlier records, 1 not placed" in page
    assert "no thematic area" in page
    assert "https://www.brsmeas.org/webinars." in page
    assert not Activity.objects.exists()


def test_staff_fix_a_proposal_then_confirm_and_the_drafts_are_written(
    admin_client, staff_user, area
):
    other = factories.ThematicAreaFactory(slug="outreach", name="Outreach")
    preview = upload(admin_client, TEXT.encode(), make_report="no")
    response = confirm(
        admin_client,
        preview,
        {1: {"area": other.slug, "title": "Shared calendar", "include": True}},
    )
    assert response.status_code == 200
    assert "2 new activities" in response.content.decode()
    fixed = Activity.objects.get(title="Shared calendar")
    assert fixed.thematic_area == other
    assert fixed.publication_status == "draft"
    webinar = Activity.objects.get(thematic_area=area)
    assert webinar.references.get().url == "https://www.brsmeas.org/webinars"
    record = webinar.history.get()
    assert record.history_user == staff_user
    assert record.history_change_reason == "Imported from past.txt"
    assert not Report.objects.exists()


def test_a_dropped_proposal_is_not_written(admin_client, area):
    preview = upload(admin_client, TEXT.encode(), make_report="no")
    confirm(admin_client, preview, {0: {"include": False}})
    assert not Activity.objects.exists()


def test_a_record_gone_between_preview_and_confirmation_writes_nothing(
    admin_client, area
):
    preview = upload(admin_client, TEXT.encode(), make_report="yes", biennium="2024")
    ThematicArea.objects.filter(pk=area.pk).delete()
    response = confirm(admin_client, preview)
    assert "Select a valid choice" in response.content.decode()
    assert not Activity.objects.exists()
    assert not Report.objects.exists()


def test_a_seed_docx_is_imported_with_a_draft_report(admin_client):
    paths = sorted(SEEDS.glob("003_*.txt"))
    if not paths:
        pytest.skip("seed 003 not found")
    factories.ThematicAreaFactory(slug="gender", name="Gender")
    content = docx_from_text(paths[0].read_text(encoding="utf-8"))
    preview = upload(admin_client, content, name="joint-report.docx", slug="jr")
    assert "2 placed" in preview.content.decode()
    response = confirm(admin_client, preview)
    report = Report.objects.get(slug="jr")
    assert response.redirect_chain[-1][0] == reverse(
        "admin:reports_report_change", args=[report.pk]
    )
    assert Activity.objects.filter(thematic_area__slug="gender").count() == 2
    again = upload(admin_client, content, name="joint-report.docx", slug="jr")
    assert "0 placed, 2 matching earlier records" in again.content.decode()


def test_editors_without_the_report_permission_cannot_import(client):
    client.force_login(factories.UserFactory(is_staff=True))
    assert client.get(UPLOAD).status_code == 403
    assert client.get(PREVIEW).status_code == 403


def test_the_report_list_links_to_the_import(admin_client):
    response = admin_client.get(reverse("admin:reports_report_changelist"))
    assert UPLOAD in response.content.decode()
