from django.urls import path

from . import views

app_name = "activities"

urlpatterns = [
    path("", views.ActivityListView.as_view(), name="list"),
    # Before the activity slug, which could otherwise read "agreements".
    path("agreements/", views.ServiceAgreementListView.as_view(), name="agreements"),
    path("synergies/", views.SynergyListView.as_view(), name="synergies"),
    path("cost-savings/", views.CostSavingListView.as_view(), name="cost_savings"),
    path(
        "agreements/<slug:slug>/",
        views.ServiceAgreementDetailView.as_view(),
        name="agreement",
    ),
    path("<slug:slug>/", views.ActivityDetailView.as_view(), name="detail"),
]

# Partners and events have addresses of their own (/partners/, /events/).
partner_patterns = [
    path("", views.PartnerListView.as_view(), name="list"),
    path("<slug:slug>/", views.PartnerDetailView.as_view(), name="detail"),
]

event_patterns = [
    path("", views.EventListView.as_view(), name="list"),
    path("<int:pk>/", views.EventDetailView.as_view(), name="detail"),
]
