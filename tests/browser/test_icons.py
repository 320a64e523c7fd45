"""Every page names our icon, and the icon and /favicon.ico answer (issue 12, point 13)."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_page_names_our_icons_and_each_answers_as_an_image(live_server, page):
    failed: list[str] = []
    page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
    page.goto(f"{live_server.url}/de/")
    icons = page.eval_on_selector_all(
        "link[rel~=icon], link[rel=apple-touch-icon]", "links => links.map(l => l.href)"
    )
    assert len(icons) == 3
    assert any(href.endswith(".svg") for href in icons)
    for href in icons:
        response = page.request.get(href)
        assert response.status == 200, href
        assert response.headers["content-type"].startswith("image/"), href
    assert failed == []


def test_favicon_ico_at_the_root_is_ours(live_server, page):
    # Pages that name no icon (the admin, the API docs) make the browser ask for /favicon.ico.
    response = page.request.get(f"{live_server.url}/favicon.ico")
    assert response.status == 200
    assert response.headers["content-type"] in {"image/x-icon", "image/vnd.microsoft.icon"}
    assert response.body()[:4] == b"\x00\x00\x01\x00"  # an ICO file's header
