"""pip-audit over the pinned requirements, for CI (.ci/run) and by hand (README).

Fails (exit 1) when an advisory database answers and lists a known vulnerability in a pinned
package. When no database answers (a county network, a mirror without PyPI's vulnerability data,
no route to OSV) it says so plainly and passes: "nothing audited" must never read as "no
vulnerabilities". pip-audit says "Dependency not found on PyPI" for each package it could not look
up; a run where every package was skipped counts as unreachable.
"""

import json
import subprocess
import sys

REQUIREMENTS = "requirements-dev.txt"  # includes requirements.txt
SERVICES = ("pypi", "osv")


def pip_audit(service):
    command = [sys.executable, "-m", "pip_audit", "-r", REQUIREMENTS, "--no-deps", "--disable-pip"]
    command += ["--progress-spinner", "off", "--format", "json", "--vulnerability-service", service]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)
        return json.loads(done.stdout)
    except (subprocess.TimeoutExpired, ValueError):
        return None


def verdict(service, report):
    """(exit code or None when this service told nothing, lines to print)."""
    if report is None:
        return None, [f"pip-audit ({service}): the advisory database could not be reached."]
    dependencies = report.get("dependencies", [])
    audited = [dependency for dependency in dependencies if "skip_reason" not in dependency]
    if not audited:
        return None, [f"pip-audit ({service}): no package could be looked up; the advisory database is not reachable from here."]
    vulnerable = [dependency for dependency in audited if dependency.get("vulns")]
    lines = [f"pip-audit ({service}): {len(audited)} of {len(dependencies)} pinned packages audited."]
    for dependency in vulnerable:
        ids = ", ".join(vuln["id"] for vuln in dependency["vulns"])
        lines.append(f"  VULNERABLE {dependency['name']} {dependency['version']}: {ids}")
    skipped = [dependency["name"] for dependency in dependencies if "skip_reason" in dependency]
    if skipped:
        lines.append(f"  not audited (unknown to {service}): {', '.join(skipped)}")
    return (1 if vulnerable else 0), lines


def main():
    for service in SERVICES:
        code, lines = verdict(service, pip_audit(service))
        print("\n".join(lines))
        if code is not None:
            return code
    print("pip-audit: NOT RUN - no advisory database reachable; the dependencies are unaudited (CI goes on).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
