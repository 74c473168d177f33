"""The one DRF router: every API endpoint is registered here, under /api/v1/.

Also here: the InforMEA feed (/api/informea/), the OpenAPI schema (/api/schema/) and its
documentation page (/api/docs/, Swagger UI served from drf-spectacular-sidecar's local
static files, its start-up script a separate file so the CSP needs no inline script).
Resources are found by stable identifiers: conventions and secretariats by code,
decisions by symbol slug (bc-17-22), documents by UN symbol with its slashes
(documents/UNEP/CHW.17/INF/54/), synergies and cost savings by number, the rest by slug.
"""

from django.urls import NoReverseMatch, include, path, re_path
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import APIRootView, DefaultRouter
from rest_framework.urlpatterns import format_suffix_patterns
from rest_framework.views import APIView

from activities import views as activity_views
from activities import viewsets as activities
from activities.api_search import SearchViewSet
from brsportal.links import resolved
from decisions import informea
from decisions import viewsets as decisions


@extend_schema(exclude=True)
class NotFoundView(APIView):
    """Any other address under /api/: a JSON 404, not the site's HTML error page."""

    permission_classes = []

    def dispatch_not_found(self, request: Request, *args, **kwargs) -> None:
        raise NotFound

    get = post = put = patch = delete = dispatch_not_found


class RootView(APIRootView):
    """DRF's list of the API's lists, with links that do not carry ``?format=``."""

    def get(self, request: Request, *args, **kwargs) -> Response:
        namespace = request.resolver_match.namespace
        links = {}
        for key, url_name in self.api_root_dict.items():
            name = f"{namespace}:{url_name}" if namespace else url_name
            try:
                links[key] = resolved(name, args, kwargs, request, kwargs.get("format"))
            except NoReverseMatch:
                continue
        return Response(links)


class Router(DefaultRouter):
    """The API's one router: format suffixes only for the documented formats, so
    ``/x.api`` is not a way round the schema into the browsable renderer."""

    APIRootView = RootView
    include_format_suffixes = False

    def get_urls(self) -> list:
        return format_suffix_patterns(super().get_urls(), allowed=["json", "csv"])


router = Router()
router.register("conventions", decisions.ConventionViewSet)
router.register("secretariats", decisions.SecretariatViewSet)
router.register("organizations", decisions.OrganizationViewSet)
router.register("meetings", decisions.MeetingViewSet)
router.register("documents", decisions.DocumentViewSet)
router.register("decisions", decisions.DecisionViewSet)
router.register("thematic-areas", activities.ThematicAreaViewSet)
router.register("activities", activities.ActivityViewSet, basename="activity")
router.register("synergies", activities.SynergyViewSet, basename="synergy")
router.register("cost-savings", activities.CostSavingViewSet, basename="costsaving")
router.register("search", SearchViewSet, basename="search")
router.register(
    "service-agreements",
    activities.ServiceAgreementViewSet,
    basename="serviceagreement",
)

urlpatterns = [
    path("v1/", include(router.urls)),
    path(
        "informea/decisions/",
        informea.InforMEADecisionList.as_view(),
        name="informea-decisions",
    ),
    path(
        "informea/meetings/",
        informea.InforMEAMeetingList.as_view(),
        name="informea-meetings",
    ),
    path(
        "iati/activities.xml",
        activity_views.iati_activities_xml,
        name="iati-activities",
    ),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(url_name="schema"),
        name="api-docs",
    ),
    re_path(r"^", NotFoundView.as_view()),
]
