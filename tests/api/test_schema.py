"""The OpenAPI schema validates, and the docs page is served entirely from our own static
files, so it renders with no network beyond the site itself."""

import re
from html.parser import HTMLParser

import pytest
import yaml
from django.contrib.staticfiles import finders
from django.core.management import call_command


def test_schema_validates_without_warnings(tmp_path):
    out = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    schema = yaml.safe_load(out.read_text())
    operations = {
        f"{method.upper()} {path}"
        for path, methods in schema["paths"].items()
        for method in methods
    }
    assert "POST /api/v1/bookings/" in operations
    assert "GET /api/v1/slots/" in operations
    assert all(p.startswith("/api/v1/") for p in schema["paths"])


def test_schema_is_served_as_json_and_yaml(client):
    as_json = client.get("/api/schema/?format=json")
    as_yaml = client.get("/api/schema/")
    assert as_json.status_code == as_yaml.status_code == 200
    assert as_json.json()["openapi"].startswith("3.")
    assert yaml.safe_load(as_yaml.content)["info"]["title"] == "Klyngebesøg API"


class _Assets(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        for name, value in attrs:
            if name in {"src", "href"} and value:
                self.urls.append(value)


def test_docs_page_loads_only_our_own_static_files(client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    parser = _Assets()
    parser.feed(html)

    assert len(parser.urls) >= 3  # the CSS, the bundle, the preset
    # The start-up script comes from the page's own address (the split view, for the CSP).
    assert "/api/docs/?script=" in parser.urls
    for url in parser.urls:
        if url == "/api/docs/?script=":
            continue
        assert url.startswith("/static/"), url
        assert finders.find(url.removeprefix("/static/")), f"{url} is not in our static files"
    assert not re.search(r"https?://(?!testserver)", html)


@pytest.mark.browser
def test_docs_render_in_a_browser_with_the_network_cut_off(live_server, browser):
    # The shared browser (tests/conftest.py): a second Playwright started in the same thread
    # fails while the shared one runs, and pytest-django's ordering decides which runs first.
    outside: list[str] = []
    context = browser.new_context()
    page = context.new_page()

    def only_local(route) -> None:
        if route.request.url.startswith(live_server.url):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    page.route("**/*", only_local)
    page.goto(f"{live_server.url}/api/docs/")
    page.wait_for_selector("text=/api/v1/bookings/", timeout=15_000)
    assert page.locator(".opblock").count() >= 10
    context.close()
    assert outside == []
