"""The staff role groups and their permissions (see brsportal/roles.py)."""

from django.db import migrations

from brsportal.roles import sync_role_groups


def create_groups(apps, schema_editor) -> None:
    sync_role_groups(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("authtoken", "0004_alter_tokenproxy_options"),
        ("decisions", "0002_versions_and_meeting_messages"),
        ("activities", "0003_publish_permission_and_version"),
        ("reports", "0002_history_and_issue_permission"),
    ]

    operations = [migrations.RunPython(create_groups, migrations.RunPython.noop)]
