"""scripts/audit-dependencies: pip-audit over requirements/lock.txt in `make test`. Here, with
no internet, the vulnerability service cannot be reached; the script must say so rather than
pass as if it had audited, and fail when told the audit is required."""

import subprocess
import sys
from importlib.machinery import SourceFileLoader
from importlib.util import module_from_spec, spec_from_loader
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "audit-dependencies"
_loader = SourceFileLoader("audit_dependencies", str(SCRIPT))
audit = module_from_spec(spec_from_loader("audit_dependencies", _loader))
_loader.exec_module(audit)


def _run(**env) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(SCRIPT), sys.executable],
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", **env},
        timeout=120,
        check=False,
    )


def test_an_unreachable_service_is_said_plainly_and_fails_when_required():
    if audit.reachable():  # a machine with the internet audits for real instead
        result = _run()
        assert "No known vulnerabilities found" in result.stdout + result.stderr
        return
    relaxed, required = _run(), _run(AUDIT_REQUIRED="1")
    assert relaxed.returncode == 0 and "NOT RUN" in relaxed.stdout
    assert required.returncode == 1 and "NOT RUN" in required.stdout


def test_accepted_advisories_are_read_from_the_file(tmp_path, monkeypatch):
    accepted = tmp_path / "accepted.txt"
    accepted.write_text(
        "# comment\nGHSA-xxxx-yyyy-zzzz  # somepkg: not reachable from our code, until 2027-01\n\n"
        "PYSEC-2026-1\n"
    )
    monkeypatch.setattr(audit, "ACCEPTED", accepted)
    assert audit.accepted_ids() == ["GHSA-xxxx-yyyy-zzzz", "PYSEC-2026-1"]


def test_the_project_file_of_accepted_advisories_parses():
    assert isinstance(audit.accepted_ids(), list)
