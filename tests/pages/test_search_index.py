import pytest
from django.db import connection

from activities.models import Activity
from tests import factories


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the GIN index exists on PostgreSQL only"
)
def test_keyword_search_uses_the_gin_index(db):
    factories.ActivityFactory(narrative="Webinars on dental amalgam.")
    query = Activity.objects.order_by().search("amalgam").values("pk")
    sql, params = query.query.sql_with_params()

    with connection.cursor() as cursor:
        # On a tiny table the planner prefers a scan; forbid it to see the index match.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())

    assert "activities_activity_search" in plan
    assert query.count() == 1
