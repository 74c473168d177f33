"""An activity always belongs to at least one secretariat, whichever path writes it:
the admin, the API (administrators included) and the spreadsheet import."""

import pytest
from django.core.exceptions import ValidationError

from activities.models import Activity
from activities.models.activities import OWNER_REQUIRED
from tests import factories
from tests.activities.test_admin import IMPORT_HEADER, import_csv
from tests.api.conftest import if_match, token_client
from tests.decisions.admin_pages import admin_url, form_data

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def owned():
    return factories.ActivityFactory(
        slug="owned", secretariats=[factories.SecretariatFactory(code="MC")]
    )


def test_the_rule_refuses_no_secretariat_and_accepts_one(owned):
    with pytest.raises(ValidationError) as refused:
        Activity.check_owners([])

    assert refused.value.message_dict == {"secretariats": [str(OWNER_REQUIRED)]}
    Activity.check_owners(owned.secretariats.all())


@pytest.mark.parametrize("method", ["patch", "put"])
def test_an_administrator_cannot_empty_the_secretariats_through_the_api(owned, method):
    administrator = factories.UserFactory(is_superuser=True, is_staff=True)
    client = token_client(administrator)
    url = "/api/v1/activities/owned/"
    data = {**client.get(url).json(), "secretariats": []}

    response = getattr(client, method)(url, data, format="json", **if_match(owned))

    assert response.status_code == 400
    assert response.json() == {"secretariats": [str(OWNER_REQUIRED)]}
    assert list(owned.secretariats.values_list("code", flat=True)) == ["MC"]


def test_the_admin_refuses_an_activity_without_secretariat(admin_client, owned):
    url = admin_url(Activity, "change", owned.pk)
    data = form_data(admin_client.get(url))
    data["secretariats"] = []

    response = admin_client.post(url, data)

    assert response.status_code == 200
    assert str(OWNER_REQUIRED) in response.content.decode()
    assert owned.secretariats.exists()


@pytest.mark.parametrize(
    "row",
    [
        "owned,Owned,gender,programmatic,ongoing,2024,1,BC,,,draft,\n",
        "new,New,gender,programmatic,ongoing,2024,1,BC,,,draft,\n",
    ],
    ids=["emptied", "new-without-owner"],
)
def test_the_import_refuses_a_row_that_leaves_an_activity_without_owner(
    admin_client, owned, row
):
    factories.ThematicAreaFactory(slug="gender")
    factories.ConventionFactory(code="BC")

    response = import_csv(admin_client, Activity, IMPORT_HEADER + row)

    assert response.status_code == 200
    assert str(OWNER_REQUIRED) in response.content.decode()
    assert list(Activity.objects.values_list("slug", flat=True)) == ["owned"]
    assert owned.secretariats.exists()
