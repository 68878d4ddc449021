"""The Prometheus alert rules docs/operations.md tells operators to install: `promtool check rules`
accepts them, and every roja_ metric they use is one rojad's /metrics page really has."""
import os
import re
import subprocess
import tempfile
import unittest
import urllib.request

import roja_harness as rh

DOC = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "docs", "operations.md")


def alert_rules():
    with open(DOC) as f:
        text = f.read()
    match = re.search(r"```yaml\n(# roja-alerts\.yml\n.*?)```", text, re.S)
    if not match:
        raise AssertionError("docs/operations.md has no ```yaml block starting with # roja-alerts.yml")
    return match.group(1)


class AlertRules(rh.RojadOverNsd):
    @classmethod
    def setUpClass(cls):
        e = rh.env()
        cls.admin = (e.ip, rh.free_port(e.ip))
        cls.nsd = rh.Nsd(e).start()
        cls.rojad = rh.start_rojad([cls.nsd.server], extra=["--admin-listen", f"{cls.admin[0]}:{cls.admin[1]}"])

    def test_promtool_accepts_the_documented_rules(self):
        with tempfile.NamedTemporaryFile("w", suffix=".yml") as f:
            f.write(alert_rules())
            f.flush()
            p = subprocess.run(["promtool", "check", "rules", f.name], capture_output=True, text=True, timeout=60)
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)

    def test_every_metric_the_rules_use_exists(self):
        with urllib.request.urlopen(f"http://{self.admin[0]}:{self.admin[1]}/metrics", timeout=10) as r:
            families = set(re.findall(r"^# TYPE (\S+)", r.read().decode(), re.M))
        used = set(re.findall(r"\b(roja_[a-z_]+)", alert_rules()))
        self.assertTrue(used, "the rules use roja_ metrics")
        self.assertEqual(sorted(used - families), [], "metrics the rules use but rojad does not export")


if __name__ == "__main__":
    rh.main()
