"""CI's pip-audit step: a known vulnerability fails it; an unreachable advisory database is said, not failed."""

import importlib.util

from django.conf import settings

spec = importlib.util.spec_from_file_location("audit_dependencies", settings.BASE_DIR / ".ci" / "audit_dependencies.py")
audit = importlib.util.module_from_spec(spec)
spec.loader.exec_module(audit)

DJANGO = {"name": "django", "version": "5.2.19"}
NOT_FOUND = {"name": "gunicorn", "version": "27.0.1", "skip_reason": "Dependency not found on PyPI and could not be audited"}


def test_a_known_vulnerability_fails_the_step():
    report = {"dependencies": [DJANGO | {"vulns": [{"id": "PYSEC-0000-1"}]}, NOT_FOUND]}
    code, lines = audit.verdict("pypi", report)
    assert code == 1 and any("VULNERABLE django" in line for line in lines)


def test_no_known_vulnerability_passes_and_names_what_was_not_audited():
    code, lines = audit.verdict("pypi", {"dependencies": [DJANGO | {"vulns": []}, NOT_FOUND]})
    assert code == 0 and "gunicorn" in lines[-1]


def test_an_unreachable_database_is_said_and_does_not_decide(monkeypatch, capsys):
    assert audit.verdict("osv", None)[0] is None
    assert audit.verdict("pypi", {"dependencies": [NOT_FOUND]})[0] is None
    monkeypatch.setattr(audit, "pip_audit", lambda service: None)
    assert audit.main() == 0
    assert "NOT RUN" in capsys.readouterr().out


def test_pip_audit_is_pinned_and_in_ci():
    assert any(line.startswith("pip-audit==") for line in (settings.BASE_DIR / "requirements-dev.txt").read_text().splitlines())
    assert "audit_dependencies.py" in (settings.BASE_DIR / ".ci" / "run").read_text()
