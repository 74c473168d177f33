from django.urls import path

from . import views

app_name = "decisions"

urlpatterns = [
    path("decisions/", views.DecisionListView.as_view(), name="list"),
    # path: a typed symbol such as BC-17/22 contains a slash; it redirects to the slug.
    path("decisions/<path:slug>/", views.DecisionDetailView.as_view(), name="detail"),
    path("conventions/", views.ConventionListView.as_view(), name="conventions"),
    path(
        "conventions/<str:code>/",
        views.ConventionDetailView.as_view(),
        name="convention",
    ),
    path("meetings/", views.MeetingListView.as_view(), name="meetings"),
    path("meetings/calendar.ics", views.calendar_ics, name="calendar_ics"),
    path("meetings/<slug:slug>/", views.MeetingDetailView.as_view(), name="meeting"),
    path("documents/", views.DocumentListView.as_view(), name="documents"),
    path(
        "documents/<path:symbol>/",
        views.DocumentDetailView.as_view(),
        name="document",
    ),
]
