"""The Debian package, end to end: CPack builds roja_*.deb from this build, lintian finds no
error in it, and in a throw-away root (overlay_root.py: this machine's Debian 12 under a tmpfs
overlay, systemd as PID 1, no mirror needed) it installs, passes `rojad --check-config` and
`systemd-analyze verify`/`security`, serves as root-started daemon that drops to `roja` and as
the hardened rojad.service (Type=notify, STATUS=, reload, watchdog restart), and purges leaving
nothing but /var/lib/roja and the roja user, as docs/operations.md says."""
import glob
import os
import re
import signal
import socket
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "integration"))

import roja_harness as rh  # noqa: E402
from roja_harness import dc  # noqa: E402
import overlay_root  # noqa: E402

EXPOSURE_LIMIT = 2.0
# What purge may leave in the root, beside the state directory: dpkg's own records, logs, the
# man-db index, systemd's state, and the roja user in the account files (kept, as Debian does).
LEFT_BY_DESIGN = ("/var/lib/roja/", "/var/lib/dpkg/", "/var/log/", "/var/cache/man/",
                  "/var/cache/debconf/", "/var/lib/systemd/", "/etc/passwd", "/etc/group",
                  "/etc/shadow", "/etc/gshadow", "/etc/.pwd.lock", "/etc/subuid", "/etc/subgid")


def wait_for(condition, timeout, step=0.1):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(step)
    return condition()


def build_deb(out_dir):
    build = os.environ.get("ROJA_BUILD_DIR", "")
    if not os.path.exists(os.path.join(build, "CPackConfig.cmake")):
        raise rh.HarnessError(f"ROJA_BUILD_DIR={build!r} has no CPackConfig.cmake (configure first)")
    r = subprocess.run(["cpack", "-G", "DEB", "-B", out_dir], cwd=build, capture_output=True,
                       text=True, timeout=900)
    debs = glob.glob(os.path.join(out_dir, "roja_*.deb"))
    if r.returncode != 0 or len(debs) != 1:
        raise rh.HarnessError(f"cpack failed ({r.returncode}):\n{r.stdout[-3000:]}\n{r.stderr[-3000:]}")
    return debs[0]


def port_53_free(ip):
    """Port 53 lets the test see CAP_NET_BIND_SERVICE at work; another port still tests the rest."""
    for kind in (socket.SOCK_DGRAM, socket.SOCK_STREAM):
        with socket.socket(socket.AF_INET, kind) as s:
            try:
                s.bind((ip, 53))
            except OSError:
                return False
    return True


def status_fields(text):
    return {k: v.split() for k, _, v in (line.partition(":") for line in text.splitlines())}


class Package(rh.RojaTestCase):
    @classmethod
    def setUpClass(cls):
        e = rh.env()
        cls.deb = build_deb(e.path("deb"))
        cls.nsd = rh.Nsd(e).start()
        cls.port = 53 if port_53_free(e.ip) else rh.free_port(e.ip)
        cls.server = (e.ip, cls.port)
        cls.root = overlay_root.OverlayRoot(e.path("root"))
        e.logs.append(("container console", e.path("root", "container.log")))
        cls.root.start()
        cls.booted_files = cls.root.upper_files()
        cls.root.copy_in(cls.deb, "/tmp/roja.deb")
        cls.root.run(["dpkg", "-i", "/tmp/roja.deb"])

    @classmethod
    def tearDownClass(cls):
        try:
            if hasattr(cls, "root"):
                cls.root.stop()
        finally:
            if hasattr(cls, "nsd"):
                cls.nsd.stop()

    # ------------------------------------------------------------------ helpers
    def inside(self, *cmd, check=True, input=None):
        return self.root.run(list(cmd), check=check, input=input)

    def service_config(self):
        return f"""server:
  listen: ["{self.server[0]}:{self.server[1]}"]
  threads: 2
access:
  allow: ["127.0.0.0/8"]
upstream:
  servers: ["{self.nsd.server[0]}:{self.nsd.server[1]}"]
lists:
  - id: example
    path: /usr/share/roja/example-list.txt
    format: plain
    action: nxdomain
    reason: blocked
"""

    def assert_serves(self):
        want = dc.answer_rdata(dc.query(self.nsd.server, "allowed.test", "A"), "A")
        self.assertEqual(dc.answer_rdata(dc.query(self.server, "allowed.test", "A"), "A"), want)
        blocked = dc.query(self.server, "blocked.example", "A")
        self.assertEqual(dc.rcode_text(blocked), "NXDOMAIN")
        self.assertEqual([ede.code for ede in dc.ede_options(blocked)], [15], "EDE 15 Blocked")

    def roja_ids(self):
        uid = self.inside("id", "-u", "roja").stdout.strip()
        gid = self.inside("id", "-g", "roja").stdout.strip()
        return uid, gid

    def assert_unprivileged(self, status, uid, gid):
        self.assertEqual(status["Uid"], [uid] * 4)
        self.assertEqual(status["Gid"], [gid] * 4)
        for caps in ("CapInh", "CapPrm", "CapEff", "CapAmb"):
            self.assertEqual(int(status[caps][0], 16), 0, caps)
        self.assertEqual(status["NoNewPrivs"], ["1"])

    def systemd_show(self, prop):
        return self.inside("systemctl", "show", "-P", prop, "rojad.service").stdout.strip()

    # ------------------------------------------------------------------ the scenario, in order
    def test_1_lintian_reports_no_error(self):
        r = subprocess.run(["lintian", "--fail-on", "error", self.deb], capture_output=True, text=True,
                           timeout=300)
        errors = [line for line in r.stdout.splitlines() if line.startswith("E:")]
        self.assertEqual(errors, [], r.stdout)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)

    def test_2_install_makes_the_user_and_state_dir_and_leaves_rojad_stopped(self):
        self.assertEqual(self.inside("dpkg-query", "-W", "-f=${Status}", "roja").stdout, "install ok installed")
        passwd = self.inside("getent", "passwd", "roja").stdout.strip().split(":")
        self.assertEqual((passwd[5], passwd[6]), ("/var/lib/roja", "/usr/sbin/nologin"))
        self.assertEqual(self.inside("stat", "-c", "%U:%G %a", "/var/lib/roja").stdout.strip(), "roja:roja 750")
        conffiles = self.inside("dpkg-query", "-W", "-f=${Conffiles}", "roja").stdout
        self.assertIn("/etc/roja/roja.yaml", conffiles)
        self.assertEqual(self.inside("systemctl", "is-enabled", "rojad", check=False).stdout.strip(), "disabled")
        self.assertEqual(self.inside("systemctl", "is-active", "rojad", check=False).stdout.strip(), "inactive")
        self.inside("man", "-w", "rojad", "rojactl", "rojahub", "roja.yaml")

    def test_3_the_installed_unit_verifies_and_scores_below_2(self):
        r = self.inside("systemd-analyze", "verify", "/lib/systemd/system/rojad.service", check=False)
        self.assertEqual((r.returncode, r.stdout + r.stderr), (0, ""))
        r = self.inside("systemd-analyze", "security", "--no-pager", "rojad.service")
        score = float(re.search(r"Overall exposure level for rojad.service: ([0-9.]+)", r.stdout).group(1))
        print(f"\nsystemd-analyze security rojad.service: {score}", file=sys.stderr)
        self.assertLess(score, EXPOSURE_LIMIT, r.stdout)

    def test_4_check_config_accepts_the_shipped_and_example_configs(self):
        for path in ["/etc/roja/roja.yaml"] + sorted(
                self.inside("sh", "-c", "ls /usr/share/doc/roja/examples/*.yaml").stdout.split()):
            r = self.inside("rojad", "--check-config", path, check=False)
            self.assertEqual(r.returncode, 0, f"{path}: {r.stdout}{r.stderr}")
            self.assertEqual(r.stdout.strip(), f"{path}: OK")
        hub = "/usr/share/doc/roja/examples/hub/hub.yaml"
        r = self.inside("rojahub", "--check-config", hub, check=False)
        self.assertEqual(r.returncode, 0, f"{hub}: {r.stdout}{r.stderr}")

    def test_5_started_as_root_without_systemd_it_serves_as_roja(self):
        self.root.write("/etc/roja/roja.yaml", self.service_config())
        nsenter = self.root.spawn(["rojad", "--config", "/etc/roja/roja.yaml"], "rojad-root")
        try:
            self.assertIsNotNone(rh.wait_answering(self.server, nsenter, timeout=15),
                                 rh.tail(self.env.path("root", "rojad-root.stderr")))
            pid = overlay_root.OverlayRoot._children(nsenter.pid)[0]
            with open(f"/proc/{pid}/status") as f:
                self.assert_unprivileged(status_fields(f.read()), *self.roja_ids())
            self.assert_serves()
            os.kill(pid, signal.SIGTERM)  # nsenter passes rojad's exit status on
            self.assertEqual(nsenter.wait(timeout=10), 0)
        finally:
            rh.terminate(nsenter)
        self.assertIn("privileges_dropped user=roja", rh.tail(self.env.path("root", "rojad-root.stderr")))

    def test_6_as_a_service_it_notifies_sheds_its_capability_reloads_and_is_watched(self):
        self.root.write("/etc/roja/roja.yaml", self.service_config())
        self.inside("systemctl", "start", "rojad")  # Type=notify: returns after READY=1
        self.assertEqual(self.inside("systemctl", "is-active", "rojad").stdout.strip(), "active")
        pid = self.systemd_show("MainPID")
        status = status_fields(self.inside("cat", f"/proc/{pid}/status").stdout)
        self.assert_unprivileged(status, *self.roja_ids())
        self.assertEqual(status["Seccomp"], ["2"], "SystemCallFilter= applies")
        self.assertRegex(self.systemd_show("StatusText"), r"^policy 1: 1 lists, \d+ entries$")
        self.assert_serves()

        self.inside("systemctl", "reload", "rojad")
        self.assertTrue(wait_for(lambda: self.systemd_show("StatusText").startswith("policy 2:"), 10),
                        self.systemd_show("StatusText"))
        self.assert_serves()
        # A reload that cannot read a list keeps policy 2 and says so in the Status line.
        self.root.write("/etc/roja/roja.yaml", self.service_config().replace(
            "/usr/share/roja/example-list.txt", "/etc/roja/missing-list.txt"))
        self.inside("systemctl", "reload", "rojad")
        self.assertTrue(wait_for(lambda: self.systemd_show("StatusText").startswith(
            "policy 2; last reload failed:"), 10), self.systemd_show("StatusText"))
        self.assert_serves()
        self.root.write("/etc/roja/roja.yaml", self.service_config())

        # A frozen rojad stops its pings; systemd kills and restarts it (a shorter WatchdogSec only
        # so the test waits seconds, not half a minute).
        self.root.write("/etc/systemd/system/rojad.service.d/test-watchdog.conf", "[Service]\nWatchdogSec=2s\n")
        self.addCleanup(self.inside, "systemctl", "daemon-reload")
        self.addCleanup(self.inside, "rm", "-r", "/etc/systemd/system/rojad.service.d")
        self.inside("systemctl", "daemon-reload")
        self.inside("systemctl", "restart", "rojad")
        frozen = self.systemd_show("MainPID")
        restarts = int(self.systemd_show("NRestarts"))
        self.inside("kill", "-STOP", frozen)
        self.assertTrue(wait_for(lambda: int(self.systemd_show("NRestarts")) > restarts
                                 and self.systemd_show("ActiveState") == "active", 60),
                        self.root.journal("rojad", lines=20))
        self.assertNotEqual(self.systemd_show("MainPID"), frozen)
        self.assertIn("rojad.service: Watchdog timeout", self.root.journal("rojad"))
        self.assertTrue(wait_for(lambda: dc.try_query(self.server, "allowed.test", "A") is not None, 10))
        self.assert_serves()

    def test_7_purge_leaves_only_the_state_directory(self):
        package_files = [p.split()[-1][1:] for p in subprocess.run(
            ["dpkg-deb", "-c", self.deb], capture_output=True, text=True, check=True).stdout.splitlines()
            if not p.startswith("d")]
        self.inside("dpkg", "--purge", "roja")
        self.assertEqual(self.inside("systemctl", "is-active", "rojad", check=False).stdout.strip(), "inactive")
        for path in package_files + ["/etc/roja"]:
            self.assertNotEqual(self.inside("test", "-e", path, check=False).returncode, 0, f"{path} remains")
        self.assertEqual(self.inside("stat", "-c", "%U", "/var/lib/roja").stdout.strip(), "roja")
        left = sorted(p for p in self.root.upper_files() - self.booted_files
                      if not p.startswith(LEFT_BY_DESIGN))
        self.assertEqual(left, [], "files the package left behind")


if __name__ == "__main__":
    try:
        overlay_root.check_possible()
    except overlay_root.Unavailable as why:
        print(f"SKIPPED: the throw-away root cannot be made here: {why}")
        sys.exit(77)  # CTest: skipped (SKIP_RETURN_CODE)
    rh.main()
