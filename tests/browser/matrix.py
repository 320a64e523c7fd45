"""The browser matrix's harness: load one page in real Chromium, in one language at one
viewport, and check what a visitor on that device and in that language gets.

The checks, each reported as a list of findings (empty means passed):

- ``status``: the page answers 200, or redirects where it is meant to and lands on a 200.
- ``lang``: ``<html lang>`` is the page's language (screen readers pick their voice from it).
- ``overflow``: nothing widens the page past the viewport
  (``document.documentElement.scrollWidth <= window.innerWidth``); the findings name the widest
  elements that stick out of their parent, which is where a fix starts.
- ``untranslated``: in da and de, no visible text of ours is still the English source: a
  visible string equal to a msgid of our catalogue (``locale/<lang>/LC_MESSAGES/django.po``)
  whose translation differs from it, or is missing or fuzzy (gettext then shows the msgid).
- ``axe``: axe-core finds nothing critical or serious. axe-core is the copy shipped inside
  the pinned ``axe-playwright-python`` wheel (no CDN, no npm step); it is injected after load.
- ``resources``: the page asks nothing of another origin (no CDN, no third party), every
  resource it loads answers below 400, and no script error or console error occurs.

``load()`` checks one URL at one viewport; ``visit()`` loads it once and checks it at several
viewports, so the matrix's cases (one per check) read cached results.
"""

import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from urllib.parse import urlsplit

import polib

LANGS = ("da", "en", "de")
# Playwright's is_mobile stays off: Chromium's mobile emulation zooms out to fit a page that is
# too wide, which would grow innerWidth and hide the very overflow this looks for.
VIEWPORTS = {
    "phone360": {"width": 360, "height": 780},
    "phone390": {"width": 390, "height": 844},
    "desktop": {"width": 1280, "height": 900},
}
CHECKS = ("status", "lang", "overflow", "untranslated", "axe", "resources")
# The matrix runs axe at the narrower phone and on the desktop: 360 and 390 px are the same
# Bootstrap layout (below its 576 px breakpoint), so axe at 390 would repeat 360's findings at
# ~0.3 s a page.
AXE_VIEWPORTS = ("phone360", "desktop")
AXE_FAILING_IMPACTS = ("critical", "serious")
LOCALE_DIR = Path(__file__).resolve().parents[2] / "locale"
# Language names in their own language (the language menu) are meant to stay as they are.
OWN_LANGUAGE_NAMES = {"Dansk", "English", "Deutsch", "dansk", "english", "deutsch"}


@cache
def axe_script() -> str:
    return resources.files("axe_playwright_python").joinpath("axe.min.js").read_text()


# --- catalogues -------------------------------------------------------------------------------

_PLACEHOLDER = re.compile(r"%\([^)]+\)[sdif]|%[sdif]|\{[a-z_]*\}")
_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")


def _norm(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


@dataclass(frozen=True)
class Catalogue:
    """The English msgids that must not be seen on a page in this language."""

    lang: str
    plain: frozenset[str]
    patterns: re.Pattern | None
    # Strings that are some msgid's translation: "Name" is German for "name", not a finding.
    translations: frozenset[str] = frozenset()
    sources: dict = field(default_factory=dict, compare=False, hash=False)

    def match(self, text: str) -> str | None:
        """The msgid the visible text is (or None)."""
        if text in self.translations:
            return None
        if text in self.plain:
            return self.sources.get(text, text)
        if self.patterns is not None and (m := self.patterns.fullmatch(text)):
            return self.sources.get(m.lastgroup, m.lastgroup)
        return None


def _capfirst_variants(text: str) -> set[str]:
    # Field labels and headings are shown with a capital first letter (capfirst).
    return {text, text[:1].upper() + text[1:]}


def _plain_text(message: str) -> str:
    return _norm(_TAG.sub("", message.replace("%%", "%")))


def _untranslated_msgids(entry: polib.POEntry) -> list[str]:
    """The entry's English source strings that gettext does not show as they are."""
    if entry.obsolete or not entry.msgid:
        return []
    if entry.msgid_plural:
        forms = [entry.msgstr_plural.get(k, "") for k in sorted(entry.msgstr_plural)]
        missing = "fuzzy" in entry.flags or not all(forms)
        out = []
        if missing or forms[0] != entry.msgid:
            out.append(entry.msgid)
        if missing or (len(forms) > 1 and forms[-1] != entry.msgid_plural):
            out.append(entry.msgid_plural)
        return out
    if "fuzzy" in entry.flags or not entry.msgstr or entry.msgstr != entry.msgid:
        return [entry.msgid]
    return []


@cache
def catalogue(lang: str) -> Catalogue:
    po = polib.pofile(str(LOCALE_DIR / lang / "LC_MESSAGES" / "django.po"))
    plain: set[str] = set()
    translations: set[str] = set()
    sources: dict[str, str] = {}
    alternatives: list[tuple[int, str]] = []
    for entry in po:
        if "fuzzy" not in entry.flags:
            for translated in [entry.msgstr, *entry.msgstr_plural.values()]:
                if translated:
                    translations |= _capfirst_variants(_plain_text(translated))
        for msgid in _untranslated_msgids(entry):
            text = _plain_text(msgid)
            if sum(c.isalpha() for c in _PLACEHOLDER.sub("", text)) < 2:
                continue  # "%(count)d" or "·" alone says nothing about the language
            for variant in _capfirst_variants(text):
                if _PLACEHOLDER.search(variant):
                    name = f"m{len(alternatives)}"
                    parts = _PLACEHOLDER.split(variant)
                    body = r".+?".join(re.escape(p) for p in parts)
                    alternatives.append((len("".join(parts)), f"(?P<{name}>{body})"))
                    sources[name] = msgid
                else:
                    plain.add(variant)
                    # "Events" is reported as the msgid "Events", not as "events" capitalised.
                    if variant == text or variant not in sources:
                        sources[variant] = msgid
    # The most specific pattern first (most literal text): "From 10 to 40 people." is "From
    # %(min)d to %(max)d people.", not "%(start)s to %(end)s".
    alternatives.sort(key=lambda alternative: -alternative[0])
    joined = "|".join(body for _length, body in alternatives)
    pattern = re.compile(joined) if alternatives else None
    return Catalogue(
        lang=lang,
        plain=frozenset(plain),
        patterns=pattern,
        translations=frozenset(translations),
        sources=sources,
    )


# --- in-page probes ---------------------------------------------------------------------------

# The widest elements that stick out of the viewport, skipping those an ancestor clips or
# scrolls (they do not widen the page). "root" marks an element whose parent fits: the culprit.
OVERFLOW_JS = """
() => {
  const vw = window.innerWidth, sw = document.documentElement.scrollWidth;
  if (sw <= vw) return {vw, sw, offenders: []};
  const describe = (el) => {
    const parts = [];
    for (let e = el; e && e !== document.body && parts.length < 4; e = e.parentElement) {
      let s = e.tagName.toLowerCase();
      if (e.id) { parts.unshift(s + '#' + e.id); break; }
      const cls = [...e.classList].slice(0, 3).join('.');
      if (cls) s += '.' + cls;
      parts.unshift(s);
    }
    return parts.join(' > ');
  };
  const clipped = (el) => {
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      if (getComputedStyle(a).overflowX !== 'visible'
          && a.getBoundingClientRect().right <= vw + 0.5) return true;
    }
    return false;
  };
  const out = [];
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (!r.width || r.right <= vw + 0.5) continue;
    if (getComputedStyle(el).position === 'fixed' || clipped(el)) continue;
    const p = el.parentElement;
    const root = p === document.body || p.getBoundingClientRect().right <= vw + 0.5;
    const text = (el.innerText || el.value || '').replace(/\\s+/g, ' ').trim().slice(0, 50);
    out.push({selector: describe(el), right: Math.round(r.right), width: Math.round(r.width),
              root, text});
  }
  out.sort((a, b) => (b.root - a.root) || (b.right - a.right));
  return {vw, sw, offenders: out.slice(0, 6)};
}
"""

# Every string a person sees (or hears from a screen reader): visible text nodes, the text of
# visible elements whose text spans several nodes (a msgid with markup inside), button values,
# placeholders, options of visible menus, accessible names in aria-label/alt, the title.
# Text inside an element marked with another language (lang="en" on a part of the page, not
# on <html>) is meant to be in that language.
VISIBLE_TEXT_JS = """
(pageLang) => {
  const seen = new Set();
  const add = (text, el) => {
    const holder = el && el.closest('body [lang]');
    if (holder && holder.lang && holder.lang !== pageLang) return;
    text = (text || '').replace(/\\s+/g, ' ').trim();
    if (text) seen.add(text);
  };
  const visible = (el) => el.checkVisibility({checkOpacity: true, checkVisibilityCSS: true});
  add(document.title, document.documentElement);
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const el = n.parentElement;
    if (!el || el.closest('script,style,noscript,template')) continue;
    const shown = el.tagName === 'OPTION' ? visible(el.closest('select') || el) : visible(el);
    if (shown) add(n.data, el);
  }
  for (const el of document.body.querySelectorAll('*')) {
    if (el.closest('script,style,noscript,template,select')) continue;
    if (el.childNodes.length > 1 && el.children.length && visible(el)) {
      const text = el.innerText || '';
      if (text.length < 400) add(text, el);
    }
    if (el.matches('input[type=submit],input[type=button],input[type=reset]') && visible(el))
      add(el.value, el);
    for (const attr of ['placeholder', 'aria-label', 'alt', 'title'])
      if (el.hasAttribute(attr) && visible(el)) add(el.getAttribute(attr), el);
  }
  return [...seen];
}
"""

AXE_RUN_JS = """
async () => {
  const r = await axe.run(document, {resultTypes: ['violations']});
  return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
    count: v.nodes.length, targets: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
}
"""


# --- one page -------------------------------------------------------------------------------

# Checks of the load itself (status, <html lang>, requests): made once, at the first viewport.
LOAD_CHECKS = ("status", "lang", "resources")


@dataclass
class PageResult:
    url: str
    lang: str
    viewport: str
    findings: dict[str, list[str]] = field(default_factory=lambda: {c: [] for c in CHECKS})
    # axe's moderate and minor findings, kept for the notes but not failing the check.
    axe_minor: list[str] = field(default_factory=list)

    def failed(self) -> list[str]:
        return [check for check in CHECKS if self.findings[check]]


def _path(url: str) -> str:
    return urlsplit(url).path


def visit(
    page,
    url: str,
    *,
    lang: str,
    viewports: tuple[str, ...] = tuple(VIEWPORTS),
    redirect_to: str | None = None,
    axe_viewports: tuple[str, ...] = AXE_VIEWPORTS,
    status: int = 200,
) -> dict[str, PageResult]:
    """Loads ``url`` in ``page`` (whose context speaks ``lang``) at the first of ``viewports``,
    checks it, then resizes the page to each further viewport and checks the layout checks
    (overflow, untranslated, axe) again. The load checks are in the first viewport's result.
    ``redirect_to`` is the path an intended redirect lands on; ``status`` the answer meant
    (an error page's own: 403, 404).

    Resizing instead of reloading costs a fraction of a load and sees the same thing here:
    the pages are laid out by CSS media queries alone (no script measures the window)."""
    results = {v: PageResult(url=url, lang=lang, viewport=v) for v in viewports}
    first = results[viewports[0]]
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(url))
    resource_errors: list[str] = []

    def on_request(request):
        if not request.url.startswith((origin, "data:", "blob:", "about:")):
            resource_errors.append(f"off-site request: {request.url}")

    def on_response(response):
        # The favicon counts too: every page names ours, and /favicon.ico answers.
        if response.status >= 400 and response.request.resource_type != "document":
            resource_errors.append(f"{response.status} for {_path(response.url)}")

    def on_console(message):
        # "Failed to load resource" repeats a status the response listener names with its URL.
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            resource_errors.append(f"console error: {message.text[:200]}")

    def on_pageerror(error):
        resource_errors.append(f"script error: {str(error)[:200]}")

    listeners = {
        "request": on_request,
        "response": on_response,
        "console": on_console,
        "pageerror": on_pageerror,
    }
    for event, handler in listeners.items():
        page.on(event, handler)
    try:
        page.set_viewport_size(VIEWPORTS[viewports[0]])
        response = page.goto(url, wait_until="load")
        _check_status(first, response, page, redirect_to, status)
        actual = page.evaluate("document.documentElement.getAttribute('lang')")
        if actual != lang:
            first.findings["lang"].append(f'<html lang="{actual}">, expected "{lang}"')
        axe_loaded = False
        for viewport, result in results.items():
            if viewport != viewports[0]:
                # No wait needed: the probes read layout, which brings style and layout (and
                # so the media queries) up to the new size first.
                page.set_viewport_size(VIEWPORTS[viewport])
            _check_overflow(result, page)
            if lang != "en":
                _check_untranslated(result, page, lang)
            if viewport in axe_viewports:
                if not axe_loaded:
                    page.evaluate(axe_script())
                    axe_loaded = True
                _check_axe(result, page)
    finally:
        for event, handler in listeners.items():
            page.remove_listener(event, handler)
    first.findings["resources"].extend(dict.fromkeys(resource_errors))
    return results


def load(
    page,
    url: str,
    *,
    lang: str,
    viewport: str,
    redirect_to: str | None = None,
    run_axe: bool = True,
) -> PageResult:
    """One page, one language, one viewport: every check."""
    return visit(
        page,
        url,
        lang=lang,
        viewports=(viewport,),
        redirect_to=redirect_to,
        axe_viewports=(viewport,) if run_axe else (),
    )[viewport]


def _check_status(result: PageResult, response, page, redirect_to: str | None, expected: int = 200):
    if response is None:
        result.findings["status"].append("no response")
        return
    hops = []
    request = response.request.redirected_from
    while request is not None:
        hops.append(request)
        request = request.redirected_from
    landed = _path(page.url)
    if response.status != expected:
        result.findings["status"].append(f"{response.status} at {landed}, expected {expected}")
    if redirect_to is None and hops:
        result.findings["status"].append(f"redirected to {landed}")
    elif redirect_to is not None and landed != redirect_to:
        result.findings["status"].append(f"landed on {landed}, expected {redirect_to}")


def _check_overflow(result: PageResult, page) -> None:
    found = page.evaluate(OVERFLOW_JS)
    if found["sw"] <= found["vw"]:
        return
    result.findings["overflow"].append(f"scrollWidth {found['sw']} > innerWidth {found['vw']}")
    for o in found["offenders"]:
        mark = "culprit " if o["root"] else ""
        text = f' "{o["text"]}"' if o["text"] else ""
        result.findings["overflow"].append(
            f"{mark}{o['selector']} (width {o['width']}, right {o['right']}){text}"
        )


def _check_untranslated(result: PageResult, page, lang: str) -> None:
    cat = catalogue(lang)
    hits: dict[str, None] = {}
    for text in page.evaluate(VISIBLE_TEXT_JS, lang):
        if text in OWN_LANGUAGE_NAMES:
            continue
        for candidate in {text, text.rstrip(":"), *text.split(" · ")}:
            msgid = cat.match(candidate.strip())
            if msgid is not None:
                hits[_norm(msgid)] = None
    result.findings["untranslated"].extend(f'"{m}"' for m in sorted(hits))


def _check_axe(result: PageResult, page) -> None:
    for v in page.evaluate(AXE_RUN_JS):
        line = f"{v['id']} ({v['impact']}, {v['count']}x): {v['help']} [{'; '.join(v['targets'])}]"
        if v["impact"] in AXE_FAILING_IMPACTS:
            result.findings["axe"].append(line)
        else:
            result.axe_minor.append(line)
