"""The matrix harness catches what it claims to, on pages made for the purpose (served by
Playwright's router, so no server and no database): a matrix that passes must mean the
pages pass, not that a check looks nowhere."""

import pytest
from django.utils import translation

from tests.browser import matrix

pytestmark = [pytest.mark.browser]

ORIGIN = "http://harness.test"


def _serve(page, pages: dict[str, tuple[int, str]]) -> None:
    def handle(route):
        path = route.request.url.removeprefix(ORIGIN)
        if not route.request.url.startswith(ORIGIN):
            route.abort()
        elif path in pages:
            status, body = pages[path]
            route.fulfill(status=status, body=body, content_type="text/html; charset=utf-8")
        else:
            route.fulfill(status=404, body="")

    page.route("**/*", handle)


def _german(text: str) -> str:
    with translation.override("de"):
        return translation.gettext(text)


BAD = """<!doctype html><html lang="en"><head><title>Events · Klyngebesøg</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<script src="https://cdn.example.net/lib.js"></script></head>
<body><main><h1>Events</h1>
<div class="wide" style="width: 600px">too wide</div>
<div style="overflow-x: auto"><table style="width: 900px"><tr><td>scrolls inside</td></tr>
</table></div>
<img src="/missing.png"><button></button>
<label>Language <select><option>English</option><option>Deutsch</option></select></label>
<p lang="en">Find my booking</p>
<script>undefinedFunction()</script>
</main></body></html>"""


def test_each_check_reports_what_is_wrong(page):
    _serve(page, {"/de/bad/": (200, BAD)})
    results = matrix.visit(page, f"{ORIGIN}/de/bad/", lang="de")
    phone, desktop = results["phone360"], results["desktop"]

    assert phone.findings["status"] == []
    assert phone.findings["lang"] == ['<html lang="en">, expected "de"']
    assert phone.findings["overflow"][0] == "scrollWidth 608 > innerWidth 360"  # 8 px body margin
    # The wide block is named; the table its scrolling parent clips is not.
    assert (
        phone.findings["overflow"][1] == 'culprit main > div.wide (width 600, right 608) "too wide"'
    )

    assert not any("table" in f for f in phone.findings["overflow"])
    assert desktop.findings["overflow"] == []
    # "Events" (title, heading) and "Language" (label); not the language names in their own
    # language, nor the paragraph marked as English.
    assert phone.findings["untranslated"] == ['"Events"', '"Language"']
    axe_rules = {line.split(" ")[0] for line in phone.findings["axe"]}
    assert {"image-alt", "button-name"} <= axe_rules
    assert "html-lang-valid" not in axe_rules  # "en" is valid, just not the page's language
    resources = phone.findings["resources"]
    assert "off-site request: https://cdn.example.net/lib.js" in resources
    assert "404 for /missing.png" in resources
    assert any(r.startswith("script error:") and "undefinedFunction" in r for r in resources)
    # The load's checks are made once, at the first viewport.
    assert desktop.findings["resources"] == desktop.findings["status"] == []


def test_a_good_page_passes_and_redirects_are_checked(page):
    good = f"""<!doctype html><html lang="de"><head><title>{_german("Events")}</title>
    <meta name="viewport" content="width=device-width, initial-scale=1"></head>
    <body><main><h1>{_german("Events")}</h1><p>{_german("Find my booking")}</p></main>
    </body></html>"""
    _serve(page, {"/de/good/": (200, good), "/de/gone/": (404, good)})
    result = matrix.load(page, f"{ORIGIN}/de/good/", lang="de", viewport="phone390")
    assert result.failed() == [], result.findings

    missing = matrix.load(page, f"{ORIGIN}/de/gone/", lang="de", viewport="desktop")
    assert missing.findings["status"] == ["404 at /de/gone/, expected 200"]
    elsewhere = matrix.load(
        page, f"{ORIGIN}/de/good/", lang="de", viewport="desktop", redirect_to="/de/other/"
    )
    assert elsewhere.findings["status"] == ["landed on /de/good/, expected /de/other/"]


def test_catalogue_knows_source_strings_and_translations():
    de = matrix.catalogue("de")
    assert de.match("Find my booking") == "Find my booking"
    assert de.match(_german("Find my booking")) is None
    assert de.match("Name") is None  # German for "name" is "Name": translated, not a finding
    da = matrix.catalogue("da")
    assert da.match("Call Engvang Frugt on +45 11 22 33 44.") == "Call %(company)s on %(phone)s."
    assert da.match("From 10 to 40 people.") == "From %(min)d to %(max)d people."
