"""A session number over 999 (1029 typed for 10, 29) cannot be cited or addressed:
it is cleared before 0004 forbids it, so the meeting stays and staff can enter the
number again (the meeting's history keeps what was typed). Its own migration: on
PostgreSQL, rows updated in a migration cannot be altered in the same one."""

from django.db import migrations


def clear_impossible_meeting_numbers(apps, schema_editor):
    Meeting = apps.get_model("decisions", "Meeting")
    Meeting.objects.filter(number__gt=999).update(number=None)


class Migration(migrations.Migration):
    dependencies = [("decisions", "0004_informea_terms")]

    operations = [
        migrations.RunPython(
            clear_impossible_meeting_numbers, migrations.RunPython.noop
        ),
    ]
