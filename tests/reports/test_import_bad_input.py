"""Bad files give a clear message each, write nothing and never a 500."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from activities.models import Activity
from reports.models import Report
from tests import factories

from .bad_imports import BAD_FILES

pytestmark = pytest.mark.django_db


@pytest.fixture
def area(db):
    return factories.ThematicAreaFactory(slug="mercury-wastes", name="Mercury wastes")


@pytest.mark.parametrize(
    ("name", "make", "words"),
    [case[1:] for case in BAD_FILES],
    ids=[case[0] for case in BAD_FILES],
)
def test_the_command_refuses_a_bad_file_in_words(tmp_path, area, name, make, words):
    path = tmp_path / name
    path.write_bytes(make())
    with pytest.raises(CommandError, match="Nothing imported") as refused:
        call_command("import_report", str(path), stdout=StringIO())
    assert words in str(refused.value)
    assert not Activity.objects.exists()
    assert not Report.objects.exists()


@pytest.mark.parametrize(
    ("name", "make", "words"),
    [case[1:] for case in BAD_FILES],
    ids=[case[0] for case in BAD_FILES],
)
def test_the_admin_refuses_a_bad_file_in_words(admin_client, area, name, make, words):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile(name, make())
    response = admin_client.post(
        reverse("admin:reports_report_import"), {"file": upload}
    )
    assert response.status_code == 200
    assert words in response.content.decode()
    assert not Activity.objects.exists()
    assert not Report.objects.exists()
