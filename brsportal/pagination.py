"""Pagination of every API list: bounded page sizes, and cursors for the big tables.

Page numbers are fine for the small reference lists (conventions, meetings, documents):
``?page=3&page_size=100``. They are not fine for activities and decisions, the lists a
harvester walks end to end: ``?page=400`` makes the database count and skip 20,000 rows
(``OFFSET``), so every page is slower than the one before, and rows shift between pages
while records are edited. Those lists use cursor pagination instead: the ``next`` link
carries the position of the last row seen (its ``updated_at``), the next page is fetched
with ``WHERE updated_at < position ORDER BY updated_at, id LIMIT n`` on the indexed
``updated_at`` column, and takes the same time at any depth. A harvester that pulls only
what changed asks for ``?ordering=updated_at&updated_since=<its last run>`` and follows
``next`` until it is null. The rare ties on ``updated_at`` are resolved by DRF's cursor
offset, with ``id`` as the tie-breaker so the order is total.
"""

from rest_framework.exceptions import NotFound
from rest_framework.pagination import Cursor, CursorPagination, PageNumberPagination

from brsportal.params import CURSOR_MESSAGE, cursor_position, refuse, whole_number

MAX_PAGE_SIZE = 200


class StrictPageSizeMixin:
    """``page_size`` as a whole number from 1 to the maximum, or a 400 (DRF falls
    back to the default size, which a harvester would take for the last page)."""

    def get_page_size(self, request) -> int:
        text = request.query_params.get(self.page_size_query_param)
        if text is None:
            return self.page_size
        return whole_number(
            self.page_size_query_param, text, maximum=self.max_page_size
        )


class StandardPagination(StrictPageSizeMixin, PageNumberPagination):
    """Numbered pages of 50 rows; ``page_size`` may ask for up to 200."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE

    def get_page_number(self, request, paginator) -> int | str:
        """A page number is a whole number from 1 (or ``last``); one past the
        end is a 404, as DRF answers."""
        text = request.query_params.get(self.page_query_param)
        if not text or text in self.last_page_strings:
            return super().get_page_number(request, paginator)
        return whole_number(self.page_query_param, text)


class UpdatedCursorPagination(StrictPageSizeMixin, CursorPagination):
    """Cursor pages over the indexed ``updated_at`` column, newest changes first.

    20 rows by default, as on the public pages: an activity carries its partners,
    events, references and mandates, so a default page of 50 missed the latency
    target at bench size (bench/results/). Harvesters ask for ``page_size`` up to 200.
    """

    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE
    ordering = ("-updated_at", "-id")

    def get_ordering(self, request, queryset, view) -> tuple[str, ...]:
        """The requested direction on ``updated_at``, then ``id`` the same way."""
        first = super().get_ordering(request, queryset, view)[0]
        return (first, "-id" if first.startswith("-") else "id")

    def decode_cursor(self, request) -> Cursor | None:
        """DRF's cursor, with its position checked as the time it must be: a
        tampered cursor (``p=NaN``, a NUL, an offset of +99:00) is a 400, not a
        value the database is asked to compare (a 500)."""
        try:
            cursor = super().decode_cursor(request)
        except NotFound as error:
            raise refuse(self.cursor_query_param, CURSOR_MESSAGE) from error
        if cursor is None:
            return None
        return cursor._replace(position=cursor_position(cursor.position))
