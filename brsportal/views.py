from django.views.generic import TemplateView


class HomeView(TemplateView):
    """What the portal is, with counts, upcoming meetings and the latest activities."""

    template_name = "home.html"
