"""Stored dates stay within the portal's world (1900-2100): refused by the model, the
API and the database; and a record stored before the rule existed does not take the
calendar feed down."""

import contextlib
import datetime
import logging

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from icalendar import Calendar

from activities.models import Event, ServiceAgreement
from decisions.models import Decision, Meeting
from tests import factories
from tests.api.conftest import if_match, token_client

EDGES = [datetime.date(1899, 12, 31), datetime.date(2101, 1, 1)]
INSIDE = [datetime.date(1900, 1, 1), datetime.date(2100, 12, 31)]


@pytest.mark.parametrize("day", EDGES)
@pytest.mark.parametrize(
    ("factory", "field"),
    [
        (factories.MeetingFactory, "start_date"),
        (factories.EventFactory, "start_date"),
        (factories.DecisionFactory, "adopted_on"),
        (factories.ServiceAgreementFactory, "completed_on"),
    ],
)
def test_a_date_outside_the_range_is_refused_by_the_model(db, factory, field, day):
    record = factory()
    setattr(record, field, day)
    if field == "start_date":
        record.end_date = None

    with pytest.raises(ValidationError) as refused:
        record.full_clean()

    assert "1 January 1900 to 31 December 2100" in str(
        refused.value.message_dict[field]
    )


@pytest.mark.parametrize("day", INSIDE)
def test_the_first_and_last_day_of_the_range_are_accepted(db, day):
    meeting = factories.MeetingFactory(start_date=day, end_date=day)

    meeting.full_clean()


@pytest.mark.parametrize(
    ("model", "values"),
    [
        (Meeting, {"start_date": datetime.date(9999, 12, 31)}),
        (Event, {"start_date": datetime.date(9999, 12, 15)}),
        (Decision, {"adopted_on": datetime.date(1, 1, 1)}),
        (ServiceAgreement, {"signed_on": datetime.date(9999, 1, 1)}),
    ],
)
def test_the_database_refuses_a_date_outside_the_range(db, model, values):
    record = {
        Meeting: factories.MeetingFactory,
        Event: factories.EventFactory,
        Decision: factories.DecisionFactory,
        ServiceAgreement: factories.ServiceAgreementFactory,
    }[model]()

    with pytest.raises(IntegrityError), transaction.atomic():
        model.objects.filter(pk=record.pk).update(**values)


def test_an_event_dated_at_the_edge_of_the_range_is_refused_by_the_api(db):
    user = factories.UserFactory(is_superuser=True, is_staff=True)
    activity = factories.ActivityFactory(slug="edge")
    event = {"kind": "webinar", "title": "Far away", "date_precision": "month"}

    response = token_client(user).patch(
        "/api/v1/activities/edge/",
        {"events": [{**event, "start_date": "9999-12-15"}]},
        format="json",
        **if_match(activity),
    )

    assert response.status_code == 400
    assert "start_date" in response.json()["events"]["0"]
    assert not Event.objects.filter(activity=activity).exists()


@contextlib.contextmanager
def check_constraints_off(table: str, constraint: str):
    """A row stored before the constraint existed (an old backup, a manual fix)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA ignore_check_constraints = 1")
            try:
                yield
            finally:
                cursor.execute("PRAGMA ignore_check_constraints = 0")
        else:  # the test's transaction restores the constraint
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(f'ALTER TABLE "{table}" DROP CONSTRAINT "{constraint}"')
            yield


def test_the_calendar_feed_leaves_out_a_damaged_record_and_logs_it(client, db, caplog):
    good = factories.MeetingFactory(
        slug="good", start_date=datetime.date(2030, 5, 1), end_date=None
    )
    damaged = factories.MeetingFactory(slug="damaged")
    event = factories.EventFactory(title="Fine webinar")
    with check_constraints_off("decisions_meeting", "decisions_meeting_dates_in_range"):
        Meeting.objects.filter(pk=damaged.pk).update(
            start_date=datetime.date(9999, 12, 31), end_date=None
        )
    with check_constraints_off("activities_event", "activities_event_dates_in_range"):
        broken = factories.EventFactory(activity=event.activity, title="Month edge")
        Event.objects.filter(pk=broken.pk).update(
            start_date=datetime.date(9999, 12, 15),
            date_precision=Event.DatePrecision.MONTH,
            end_date=None,
        )

    with caplog.at_level(logging.ERROR, logger="activities.calendar"):
        response = client.get(
            reverse("decisions:calendar_ics"), {"start_after": "2000-01-01"}
        )

    assert response.status_code == 200
    uids = {str(c["uid"]) for c in Calendar.from_ical(response.content).walk("VEVENT")}
    assert f"meeting-{good.slug}@brsportal" in uids
    assert f"event-{event.pk}@brsportal" in uids
    assert f"meeting-{damaged.slug}@brsportal" not in uids
    assert f"event-{broken.pk}@brsportal" not in uids
    assert "left out Meeting" in caplog.text
    assert "left out Event" in caplog.text
