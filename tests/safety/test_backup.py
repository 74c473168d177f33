import datetime
import tarfile

import pytest
from django.apps import apps
from django.core import serializers
from django.core.management import CommandError, call_command

from activities.models import Activity
from decisions.models import Convention, Decision
from reports.models import Report
from tests import factories

DOMAIN_APPS = ("decisions", "activities", "reports")


def domain_models() -> list:
    return [
        model
        for name in DOMAIN_APPS
        for model in apps.get_app_config(name).get_models()
    ]


def snapshot() -> dict[str, str]:
    return {
        model._meta.label: serializers.serialize(
            "json", model.objects.order_by("pk"), use_natural_foreign_keys=True
        )
        for model in domain_models()
    }


def wipe() -> None:
    Decision.recalls.through.objects.all().delete()
    # Children before parents: PROTECT forbids the other order.
    for name in ("reports", "activities", "decisions"):
        for model in reversed(list(apps.get_app_config(name).get_models())):
            model._base_manager.all().delete()
    for model in domain_models():
        model._base_manager.all().delete()


@pytest.fixture
def records(db):
    decision = factories.DecisionFactory()
    later = factories.DecisionFactory(meeting_number=18)
    later.recalls.add(decision)
    activity = factories.ActivityFactory(decisions=[decision])
    factories.EventFactory(activity=activity)
    factories.ReferenceFactory(activity=activity, document=factories.DocumentFactory())
    factories.PartnershipFactory(activity=activity)
    factories.SynergyFactory(activity=activity)
    factories.CostSavingFactory(activity=activity)
    factories.ServiceLineFactory()
    factories.DocumentSymbolFactory()
    return activity


def test_backup_restored_into_an_empty_database_gives_back_every_record(
    records, tmp_path
):
    before = snapshot()
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", str(archive), stdout=None)
    wipe()
    assert all(not model.objects.exists() for model in domain_models())

    call_command("restore", str(archive))

    assert snapshot() == before


def test_backup_gives_back_timestamps_to_the_microsecond(records, tmp_path):
    # A row saved under 1 ms past the second once came back as a different value
    # (Django's JSON keeps milliseconds only): the backup must keep every value.
    stamp = datetime.datetime(2026, 11, 23, 17, 53, 0, 400, tzinfo=datetime.UTC)
    Convention.objects.update(updated_at=stamp)
    Activity.objects.update(updated_at=stamp.replace(microsecond=123456))
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", str(archive), stdout=None)
    wipe()

    call_command("restore", str(archive))

    assert set(Convention.objects.values_list("updated_at", flat=True)) == {stamp}
    assert Activity.objects.get().updated_at == stamp.replace(microsecond=123456)


def test_the_biennial_report_renders_identically_after_backup_and_restore(
    records, tmp_path
):
    planned = factories.ActivityFactory(
        biennium=2026, status="planned", narrative="Planned joint webinars."
    )
    factories.ReferenceFactory(activity=planned, marker="9")
    report = factories.ReportFactory()
    before = report.render_html()
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", str(archive))
    wipe()

    call_command("restore", str(archive))

    restored = Report.objects.get(slug=report.slug)
    assert restored.render_html() == before
    assert planned.narrative in before  # the report really holds the records


def test_restore_refuses_a_database_that_already_has_records(records, tmp_path):
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", str(archive))
    with pytest.raises(CommandError, match="already holds records"):
        call_command("restore", str(archive))


def test_restore_rejects_a_file_that_is_not_a_backup(db, tmp_path):
    bogus = tmp_path / "bogus.tar.gz"
    bogus.write_bytes(b"not a tar file")
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("restore", str(bogus))


def test_restore_ignores_paths_that_escape_the_media_folder(db, tmp_path, settings):
    archive = tmp_path / "evil.tar.gz"
    payload = tmp_path / "data.json"
    payload.write_text("[]")
    evil = tmp_path / "evil.txt"
    evil.write_text("owned")
    with tarfile.open(archive, "w:gz") as tar:
        tar.add(payload, arcname="data.json")
        tar.add(evil, arcname="../../evil.txt")
    call_command("restore", str(archive))
    assert not (tmp_path.parent.parent / "evil.txt").exists()
