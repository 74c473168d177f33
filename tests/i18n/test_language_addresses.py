from django.urls import reverse
from django.utils import translation

from tests import factories


def test_english_pages_keep_their_unprefixed_addresses(client, db):
    response = client.get("/activities/", HTTP_ACCEPT_LANGUAGE="fr")

    assert response.status_code == 200
    assert '<html lang="en" dir="ltr">' in response.text


def test_french_page_lives_under_fr_and_says_it_is_french(client, db):
    with translation.override("fr"):
        address = reverse("activities:list")

    response = client.get(address)

    assert address == "/fr/activities/"
    assert response["Content-Language"] == "fr"
    assert '<html lang="fr" dir="ltr">' in response.text


def test_arabic_page_is_right_to_left(client, db):
    response = client.get("/ar/activities/")

    assert '<html lang="ar" dir="rtl">' in response.text


def test_every_page_links_to_itself_in_the_six_languages(client, db):
    html = client.get("/zh-hans/activities/?status=ongoing").text

    for code, address in [
        ("ar", "/ar/activities/?status=ongoing"),
        ("zh-hans", "/zh-hans/activities/?status=ongoing"),
        ("en", "/activities/?status=ongoing"),
        ("fr", "/fr/activities/?status=ongoing"),
        ("ru", "/ru/activities/?status=ongoing"),
        ("es", "/es/activities/?status=ongoing"),
    ]:
        assert f'<a href="{address}" lang="{code}" hreflang="{code}"' in html


def test_a_prefix_that_is_not_one_of_the_six_languages_is_a_404(client, db):
    assert client.get("/de/activities/").status_code == 404
    assert client.get("/xx/").status_code == 404


def test_pages_are_cached_per_language(client, db):
    factories.ActivityFactory(title="Joint webinar")
    client.get("/activities/")

    french = client.get("/fr/activities/")

    assert '<html lang="fr"' in french.text
    assert '<html lang="en"' in client.get("/activities/").text


def test_api_language_comes_from_lang_or_accept_language(client, db):
    assert client.get("/api/v1/", {"lang": "ar"})["Content-Language"] == "ar"
    by_header = client.get("/api/v1/", HTTP_ACCEPT_LANGUAGE="ru-RU,ru;q=0.9")
    assert by_header["Content-Language"] == "ru"
    assert "Accept-Language" in by_header["Vary"]


def test_api_refuses_an_unknown_lang_with_a_400_naming_it(client, db):
    response = client.get("/api/v1/activities/", {"lang": "klingon"})

    assert response.status_code == 400
    assert "en, fr, es, ar, zh-hans, ru" in response.json()["lang"][0]


def test_admin_answers_in_the_language_of_its_address(admin_client):
    assert '<html lang="ar" dir="rtl"' in admin_client.get("/ar/admin/").text


def test_french_page_speaks_french_with_the_conventions_un_names(client, db):
    html = client.get("/fr/").text

    assert "Activités" in html
    assert "Convention de Minamata sur le mercure" in html
    assert "Aller au contenu" in html


def test_arabic_and_chinese_pages_count_in_their_language(client, db):
    factories.ActivityFactory(title="Joint webinar")

    assert "عُثر على نشاط واحد" in client.get("/ar/activities/").text
    assert "找到 1 项活动" in client.get("/zh-hans/activities/").text


def test_english_records_on_a_french_page_are_marked_english(client, db):
    address = factories.ActivityFactory(title="Joint webinar").get_absolute_url()

    html = client.get(f"/fr{address}").text
    english = client.get(address).text

    assert '<h1 lang="en" dir="ltr">Joint webinar</h1>' in html
    assert "<h1>Joint webinar</h1>" in english


def test_bienniums_are_isolated_left_to_right_on_arabic_pages(client, db):
    factories.ActivityFactory(title="Joint webinar", biennium=2024)

    html = client.get("/ar/activities/").text

    assert '<bdi dir="ltr">2024–2025</bdi>' in html
