from unittest import mock

from django.db import DatabaseError


def test_health_answers_ok_when_the_database_answers(client, db):
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_health_answers_503_when_the_database_fails(client, db):
    with mock.patch("brsportal.health.connection.cursor", side_effect=DatabaseError):
        response = client.get("/health/")
    assert response.status_code == 503
    assert response.json()["database"] == "unavailable"
