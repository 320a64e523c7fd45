"""Production settings and site-wide HTTP hardening (issue 13, findings 8 and 10): the
Content-Security-Policy with its nonce, HTTPS-only defaults, Secure cookies over TLS, methods
no view should answer, and `check --deploy` clean under the documented environment."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.django_db


def _page_nonces(html: str) -> set[str]:
    return set(re.findall(r'<(?:script|link)[^>]* nonce="([^"]+)"', html))


def test_every_page_sends_a_nonce_policy_and_its_files_carry_the_nonce(client):
    response = client.get("/en/")
    policy = response["Content-Security-Policy"]
    nonce = re.search(r"script-src 'self' 'nonce-([^']+)'", policy).group(1)
    assert f"style-src 'self' 'nonce-{nonce}'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "object-src 'none'" in policy
    assert "unsafe-inline" not in policy
    html = response.content.decode()
    assert _page_nonces(html) == {nonce}
    # Every script and stylesheet of the page carries it; nothing inline is left.
    assert html.count("<script") == html.count(f'nonce="{nonce}"></script>')
    assert "<style" not in html
    assert not re.search(r"\son[a-z]+=", html)
    # A new nonce for every response.
    assert client.get("/en/")["Content-Security-Policy"] != policy


def test_templates_hold_no_inline_script_style_or_handler():
    """Pages (not mails: mail clients need inline styles and run no script)."""
    offenders = []
    for path in (ROOT / "templates").rglob("*.html"):
        if "/email/" in str(path):
            continue
        text = path.read_text()
        if re.search(r"<script(?![^>]*\ssrc=)[^>]*>", text) or "<style" in text:
            offenders.append(f"{path.relative_to(ROOT)}: inline script or style")
        if re.search(r"\son(?:click|change|submit|input|load|error)=", text):
            offenders.append(f"{path.relative_to(ROOT)}: inline handler")
        if re.search(r'\sstyle="', text):
            offenders.append(f"{path.relative_to(ROOT)}: style attribute")
    assert offenders == []


def test_api_docs_page_has_no_inline_script_and_its_start_script_is_javascript(client):
    page = client.get("/api/docs/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "<style" not in html
    assert re.findall(r"<script(?![^>]*\ssrc=)", html) == []
    script = client.get("/api/docs/?script=")
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    assert "SwaggerUIBundle" in script.content.decode()


def test_options_on_the_api_docs_is_not_a_server_error(client):
    response = client.options("/api/docs/")
    assert response.status_code == 200
    assert "GET" in response["Allow"]


@pytest.mark.parametrize("path", ["/", "/en/", "/api/v1/tours/", "/healthz"])
def test_trace_and_unknown_methods_are_refused(client, path):
    for method in ("TRACE", "CONNECT", "PROPFIND"):
        response = client.generic(method, path)
        assert response.status_code == 405, (method, path)
        assert "GET" in response["Allow"]
        assert "TRACE" not in response["Allow"]


def test_control_get_and_head_still_answer(client):
    assert client.get("/en/").status_code == 200
    assert client.head("/en/").status_code == 200


def test_cookies_are_secure_whenever_the_request_came_over_tls(settings):
    settings.SESSION_COOKIE_SECURE = False  # as SECURE_COOKIES=0 (make serve)
    settings.CSRF_COOKIE_SECURE = False
    client = Client()
    response = client.get("/en/accounts/login/", secure=True)
    assert response.cookies["csrftoken"]["secure"] is True
    # Control: over plain HTTP the setting rules, so a trial on http://127.0.0.1 can log in.
    response = Client().get("/en/accounts/login/")
    assert response.cookies["csrftoken"]["secure"] == ""


def _settings_under(**env) -> dict:
    """The settings a fresh process reads from this environment (no DEBUG unless given)."""
    base = {k: v for k, v in os.environ.items() if not k.startswith(("DEBUG", "SECURE_"))}
    code = (
        "import json; from django.conf import settings as s; print(json.dumps({k: getattr(s, k)"
        " for k in ['SECURE_SSL_REDIRECT', 'SECURE_HSTS_SECONDS', 'SECURE_HSTS_PRELOAD',"
        " 'SECURE_HSTS_INCLUDE_SUBDOMAINS', 'SESSION_COOKIE_SECURE', 'DEBUG']}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); " + code],
        env=base | {"DJANGO_SETTINGS_MODULE": "config.settings", "SECRET_KEY": "k" * 50} | env,
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    import json

    return json.loads(result.stdout)


def test_https_only_by_default_in_production_and_settable_from_the_environment():
    production = _settings_under(DEBUG="0")
    assert production["SECURE_SSL_REDIRECT"] is True
    assert production["SECURE_HSTS_SECONDS"] == 31_536_000
    assert production["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert production["SESSION_COOKIE_SECURE"] is True
    trial = _settings_under(DEBUG="0", SECURE_SSL_REDIRECT="0", SECURE_HSTS_SECONDS="0")
    assert trial["SECURE_SSL_REDIRECT"] is False
    assert trial["SECURE_HSTS_SECONDS"] == 0
    development = _settings_under(DEBUG="1")
    assert development["SECURE_SSL_REDIRECT"] is False
    assert development["SECURE_HSTS_SECONDS"] == 0


def test_plain_http_is_redirected_but_the_health_check_is_not(settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31_536_000
    client = Client()  # after the settings: SecurityMiddleware reads them when it is made
    response = client.get("/en/")
    assert response.status_code == 301
    assert response["Location"].startswith("https://")
    assert client.get("/healthz").status_code == 200
    secure = client.get("/en/", secure=True)
    assert secure["Strict-Transport-Security"].startswith("max-age=31536000")


def test_check_deploy_is_clean_under_the_documented_production_environment():
    result = subprocess.run(
        [sys.executable, "scripts/check-deploy", sys.executable],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_control_check_deploy_fails_when_the_environment_drops_https():
    """The same script fails once the environment turns HTTPS off: it can fail."""
    result = subprocess.run(
        [sys.executable, "scripts/check-deploy", sys.executable, "SECURE_SSL_REDIRECT=0"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "security.W008" in result.stderr + result.stdout


def test_check_deploy_warns_when_rate_limits_would_be_counted_per_process():
    result = subprocess.run(
        [sys.executable, "scripts/check-deploy", sys.executable, "REDIS_URL="],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "core.W001" in result.stderr + result.stdout
