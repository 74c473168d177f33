from django.db import migrations, models
from django.db.models import Q


class Migration(migrations.Migration):
    """A report's revision number is its ``revision``; ``version`` is the optimistic
    lock counter everywhere else."""

    dependencies = [
        ("reports", "0003_masthead_outline_footnotes_docx"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="report", name="reports_report_revision_linked"
        ),
        migrations.RenameField(
            model_name="report", old_name="version", new_name="revision"
        ),
        migrations.RenameField(
            model_name="historicalreport", old_name="version", new_name="revision"
        ),
        migrations.AlterField(
            model_name="report",
            name="revision",
            field=models.PositiveSmallIntegerField(
                default=0,
                help_text="0 for the original, 1 for Rev.1, ...",
                verbose_name="revision",
            ),
        ),
        migrations.AlterField(
            model_name="historicalreport",
            name="revision",
            field=models.PositiveSmallIntegerField(
                default=0,
                help_text="0 for the original, 1 for Rev.1, ...",
                verbose_name="revision",
            ),
        ),
        migrations.AddConstraint(
            model_name="report",
            constraint=models.CheckConstraint(
                condition=Q(revision=0, replaces__isnull=True)
                | Q(revision__gte=1, replaces__isnull=False),
                name="reports_report_revision_linked",
                violation_error_message=(
                    "A revision (Rev.1 or later) names the report it corrects, "
                    "and an original does not."
                ),
            ),
        ),
    ]
