from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.ReportListView.as_view(), name="list"),
    path("<slug:slug>.pdf", views.ReportPDFView.as_view(), name="pdf"),
    path("<slug:slug>.docx", views.ReportDocxView.as_view(), name="docx"),
    path("<slug:slug>/", views.ReportDetailView.as_view(), name="detail"),
]
