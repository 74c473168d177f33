"""Two people write the same record at the same moment, on whichever database the suite
runs on (CI runs it on SQLite and on PostgreSQL): every round ends in one success and
one refusal (412 with a stale If-Match, 428 without one), never a server error and
never a lost update: the stored record is the winner's."""

from __future__ import annotations

import json
import threading
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.db import connection
from django.test import Client
from rest_framework.authtoken.models import Token

from activities.models import Activity, CostSaving, ServiceAgreement, Synergy
from brsportal.preconditions import etag
from tests import factories, summary

ROUNDS = 50


@dataclass
class Target:
    path: str
    model: type
    pk: int
    field: str


@pytest.fixture
def targets(transactional_db) -> list[Target]:
    brs = factories.SecretariatFactory(code="BRS")
    activity = factories.ActivityFactory(slug="contested", secretariats=[brs])
    synergy = factories.SynergyFactory(activity=activity)
    saving = factories.CostSavingFactory(activity=activity)
    agreement = factories.ServiceAgreementFactory(slug="contested-services")
    return [
        Target("/api/v1/activities/contested/", Activity, activity.pk, "title"),
        Target(f"/api/v1/synergies/{synergy.pk}/", Synergy, synergy.pk, "description"),
        Target(f"/api/v1/cost-savings/{saving.pk}/", CostSaving, saving.pk, "note"),
        Target(
            "/api/v1/service-agreements/contested-services/",
            ServiceAgreement,
            agreement.pk,
            "title",
        ),
    ]


@pytest.fixture
def writers(targets) -> list[Client]:
    user = factories.UserFactory(
        username="busy-editor", is_staff=True, is_superuser=True
    )
    token = Token.objects.create(user=user).key
    return [Client(HTTP_AUTHORIZATION=f"Token {token}") for _ in range(2)]


def at_once(calls: list[Callable[[], int]]) -> list[int | str]:
    """Run the calls in threads released together; each answer's status code (or
    the exception it raised, as text)."""
    barrier = threading.Barrier(len(calls))
    answers: list[int | str] = [""] * len(calls)

    def run(index: int) -> None:
        try:
            barrier.wait()
            answers[index] = calls[index]()
        except Exception as error:  # reported as the round's outcome
            answers[index] = repr(error)
        finally:
            connection.close()  # this thread's own connection

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return answers


def patch(client: Client, target: Target, value: str, if_match: str | None):
    headers = {"HTTP_IF_MATCH": if_match} if if_match else {}
    body = json.dumps({target.field: value})

    def call() -> int:
        response = client.patch(
            target.path, body, content_type="application/json", **headers
        )
        return response.status_code

    return call


def test_two_writers_at_once_end_in_one_success_and_one_refusal(targets, writers):
    outcomes: Counter[tuple] = Counter()
    for number in range(ROUNDS):
        target = targets[number % len(targets)]
        read = etag(target.model.objects.get(pk=target.pk))
        # Every fifth round the second writer is a client that sends no If-Match.
        second_sends = number % 5 != 4
        values = [f"round {number} by writer {i}" for i in (0, 1)]
        answers = at_once(
            [
                patch(writers[0], target, values[0], read),
                patch(writers[1], target, values[1], read if second_sends else None),
            ]
        )

        outcomes[tuple(sorted(map(str, answers)))] += 1
        expected_refusal = 412 if second_sends else 428
        assert sorted(answers, key=str) == sorted([200, expected_refusal], key=str), (
            number,
            target.path,
            answers,
        )
        stored = getattr(target.model.objects.get(pk=target.pk), target.field)
        assert stored == values[answers.index(200)], "the success was lost"

    summary.note(
        f"two writers at once on {connection.vendor}: {ROUNDS} rounds, "
        f"outcomes {dict(outcomes)}, 0 server errors, 0 lost updates"
    )
    assert sum(outcomes.values()) == ROUNDS
