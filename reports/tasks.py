"""Background tasks of the reports app (Django's tasks framework).

Issuing renders a report's PDF, seconds for a long report. The admin enqueues
``issue_report``; with ``TASKS_BACKEND=database`` a ``manage.py db_worker`` process
runs it, otherwise it runs at once in the request (brsportal/settings.py).
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.tasks import task

from .models import Report


@task
def issue_report(report_id: int, user_id: int | None = None) -> str:
    """Issue the report as the given user; returns the PDF's SHA-256."""
    user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    report = Report.objects.get(pk=report_id)
    report.issue(user)
    return report.sha256
