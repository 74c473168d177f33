import re

from django.urls import reverse

from brsportal.charts import Bar, bar_chart


def test_home_counts_only_published_activities(client, world):
    response = client.get(reverse("home"))

    assert response.context["activity_count"] == 2
    charts = {chart["title"]: chart["bars"] for chart in response.context["charts"]}
    by_convention = {bar.label: bar.value for bar in charts["Activities by convention"]}
    assert by_convention == {"Basel Convention": 2, "Minamata Convention": 1}
    by_area = {bar.label: bar.value for bar in charts["Activities by thematic area"]}
    assert by_area == {"Mercury wastes": 1, "Outreach": 1}


def test_home_charts_are_accessible_svg_with_a_table(client, world):
    html = client.get(reverse("home")).text

    assert html.count('role="img"') == 3
    assert "<title>Activities by convention</title>" in html
    assert 'aria-label="Activities by convention. Basel Convention: 2;' in html
    assert '<a href="/activities/?convention=BC">Basel Convention</a>' in html


def test_home_lists_upcoming_meetings_events_and_latest_activities(client, world):
    response = client.get(reverse("home"))

    assert list(response.context["upcoming_meetings"]) == [world["upcoming"]]
    events = [event.title for event in response.context["upcoming_events"]]
    assert events == ["Side event at COP-7"]
    latest = set(response.context["latest_activities"])
    assert latest == {world["activity"], world["plain"]}


def test_bar_chart_escapes_labels_and_scales_bars():
    svg = bar_chart("Counts", [Bar("<b>A</b>", 4), Bar("B", 2)])

    assert "&lt;b&gt;A&lt;/b&gt;" in svg
    widths = [float(w) for w in re.findall(r'<rect[^>]* width="([\d.]+)"', svg)]
    assert widths[0] == 2 * widths[1]


def test_pages_have_no_inline_script_or_style(client, world):
    for url in (
        reverse("home"),
        reverse("activities:list"),
        world["activity"].get_absolute_url(),
        world["decision"].get_absolute_url(),
        reverse("decisions:meetings"),
    ):
        html = client.get(url).text
        # Scripts only from files (htmx, vendored): nothing inline for a strict CSP.
        scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, flags=re.S)
        assert all(' src="/static/' in attrs and not body for attrs, body in scripts)
        assert " style=" not in html
        assert "<style" not in html
        assert '<html lang="en"' in html
        assert 'class="skip-link" href="#content"' in html
