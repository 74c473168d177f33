"""The portal's URLs plus the benchmark's peers over the same data:

- /bench/hello/, the cheapest Django answer: the ceiling;
- /bench/stock/activities/, a stock ``ListView`` of the published activities
  (20 a page, the portal's list item, nothing beyond ``select_related``);
- /bench/stock/api/activities/, a stock DRF ``ListAPIView`` of them (the API's
  fields that map to model fields, stock hyperlinks and nested serializers,
  nothing beyond ``select_related``).

Each list's figure then reads as a ratio to the stock way as well as to hello-world.
"""

from django.http import HttpRequest, HttpResponse
from django.urls import include, path
from django.views.generic import ListView
from rest_framework import generics, pagination, serializers

from activities.models import Activity, Event, Partnership, Reference


def hello(request: HttpRequest) -> HttpResponse:
    return HttpResponse(b"Hello, world", content_type="text/plain")


def stock_queryset():
    return (
        Activity.objects.published()
        .select_related("thematic_area")
        .order_by("-updated_at", "pk")
    )


class StockListView(ListView):
    paginate_by = 20
    template_name = "bench/activity_list.html"
    context_object_name = "activities"

    def get_queryset(self):
        return stock_queryset()


class StockPartnership(serializers.ModelSerializer):
    class Meta:
        model = Partnership
        fields = ["organization", "role", "note"]


class StockEvent(serializers.ModelSerializer):
    class Meta:
        model = Event
        fields = ["kind", "title", "start_date", "end_date", "meeting", "city"]


class StockReference(serializers.ModelSerializer):
    class Meta:
        model = Reference
        fields = ["marker", "text", "url", "document", "position"]


class StockActivitySerializer(serializers.HyperlinkedModelSerializer):
    partners = StockPartnership(source="partnerships", many=True, read_only=True)
    events = StockEvent(many=True, read_only=True)
    references = StockReference(many=True, read_only=True)

    class Meta:
        model = Activity
        fields = [
            "url",
            "slug",
            "title",
            "narrative",
            "thematic_area",
            "kind",
            "status",
            "biennium",
            "position",
            "conventions",
            "secretariats",
            "decisions",
            "partners",
            "events",
            "references",
            "publication_status",
            "created_at",
            "updated_at",
        ]
        extra_kwargs = {
            "url": {"lookup_field": "slug"},
            "thematic_area": {"lookup_field": "slug"},
            "conventions": {"lookup_field": "code"},
            "secretariats": {"lookup_field": "code"},
            "decisions": {"lookup_field": "slug"},
        }


class StockPagination(pagination.PageNumberPagination):
    page_size = 20


class StockListAPIView(generics.ListAPIView):
    serializer_class = StockActivitySerializer
    pagination_class = StockPagination
    filter_backends = []

    def get_queryset(self):
        return stock_queryset()


urlpatterns = [
    path("bench/hello/", hello, name="bench-hello"),
    path("bench/stock/activities/", StockListView.as_view(), name="bench-stock-list"),
    path(
        "bench/stock/api/activities/",
        StockListAPIView.as_view(),
        name="bench-stock-api-list",
    ),
    path("", include("brsportal.urls")),
]
