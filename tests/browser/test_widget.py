"""The booking widget in real Chromium: a page served from another local port embeds the
snippet and books inside the iframe, in the page's language, with no cookie from our site;
a page whose origin the company did not list gets nothing (the browser refuses the frame)."""

import functools
import http.server
import threading

import pytest

from booking.models import Booking
from tests.factories import CompanyFactory, SlotFactory, TourFactory
from tests.notify.receiver import free_port

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def partner_site(tmp_path):
    """Serves tmp_path over HTTP on a port of its own: another origin than the live server."""
    port = free_port()
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(tmp_path))
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield tmp_path, f"http://127.0.0.1:{port}"
    server.shutdown()
    server.server_close()


def _embed(directory, live_url: str, company_slug: str, lang: str = "de") -> None:
    (directory / "index.html").write_text(
        f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><title>Gård</title>'
        f"</head><body><h1>Velkommen på gården</h1>"
        f'<script src="{live_url}/static/js/widget.js" data-company="{company_slug}" async>'
        f"</script></body></html>",
        encoding="utf-8",
    )


def test_a_listed_site_embeds_the_widget_and_books(live_server, page, partner_site):
    directory, site = partner_site
    company = CompanyFactory(name="Lolle Frugt", widget_origins=site)
    slot = SlotFactory(tour=TourFactory(company=company, title="Æbletur"), capacity=10)
    _embed(directory, live_server.url, company.slug, lang="de")

    page.goto(f"{site}/index.html")
    frame = page.frame_locator("iframe")
    frame.get_by_role("heading", name="Besuchen Sie Lolle Frugt").wait_for()
    page.screenshot(path=directory / "departures.png", full_page=True)
    frame.get_by_role("link", name="Buchen").first.click()
    frame.get_by_label("Anzahl Personen").fill("3")
    frame.get_by_label("Ihr Name").fill("Jürgen Müller")
    frame.get_by_role("textbox", name="E-Mail").fill("juergen@example.com")
    page.screenshot(path=directory / "form.png", full_page=True)
    frame.get_by_role("button", name="Buchen").click()
    frame.get_by_role("heading", name="Ihre Buchung ist bestätigt").wait_for()
    page.screenshot(path=directory / "booked.png", full_page=True)

    booking = Booking.objects.get()
    assert (booking.slot_id, booking.party_size, booking.language) == (slot.pk, 3, "de")
    assert (booking.channel, booking.origin) == (Booking.Channel.WIDGET, site)
    # No cookie from our site was needed, nor set: third-party cookies may be blocked.
    assert [c for c in page.context.cookies() if c["domain"] == "127.0.0.1"] == []
    # The frame was sized to its content by the postMessage handshake.
    height = page.evaluate("document.querySelector('iframe').getBoundingClientRect().height")
    assert height > 320


def test_a_site_not_on_the_list_gets_no_widget(live_server, page, partner_site):
    directory, _site = partner_site
    company = CompanyFactory(widget_origins="https://www.gaard.dk")
    SlotFactory(tour=TourFactory(company=company, title="Æbletur"))
    _embed(directory, live_server.url, company.slug)
    refused = []
    page.on("console", lambda message: refused.append(message.text))

    page.goto(f"{_site}/index.html")
    page.wait_for_timeout(1500)
    frame = page.frames[-1]
    assert frame is not page.main_frame
    assert "Æbletur" not in frame.content()
    assert any("frame-ancestors" in text for text in refused), refused
