"""Privilege drop: rojad started as root binds its port, then serves as an unprivileged user with
no capabilities, in every thread (checked from /proc), and still answers and reloads. A dedicated
user (roja-privtest) is made for the test and removed after it, so the machine's `roja` user, if
any, is never touched."""
import glob
import os
import pwd
import subprocess
import time
import unittest

import roja_harness as rh
from roja_harness import dc

TEST_USER = "roja-privtest"


def ensure_user(name):
    """Creates a system user `name` unless it exists; returns whether it was made here."""
    try:
        pwd.getpwnam(name)
        return False
    except KeyError:
        subprocess.run(["useradd", "--system", "--no-create-home", "--home-dir", "/nonexistent",
                        "--shell", "/usr/sbin/nologin", name], check=True)
        return True


def wait_for(condition, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


def status_fields(path):
    fields = {}
    with open(path) as f:
        for line in f:
            key, _, value = line.partition(":")
            fields[key] = value.split()
    return fields


@unittest.skipUnless(os.geteuid() == 0, "the privilege drop needs rojad started as root")
class PrivilegeDrop(rh.RojadOverNsd):
    @classmethod
    def setUpClass(cls):
        cls.made_user = ensure_user(TEST_USER)
        cls.account = pwd.getpwnam(TEST_USER)
        e = rh.env()
        os.chmod(e.dir, 0o755)  # the dropped user re-reads the list on SIGHUP
        cls.list_path = e.write("lists/drop.txt", "listed.test\n")
        os.chmod(os.path.dirname(cls.list_path), 0o755)
        cls.nsd = rh.Nsd(e).start()
        cls.rojad = rh.start_rojad([cls.nsd.server], lists=[("plain", cls.list_path)], threads=2,
                                   extra=["--user", TEST_USER])

    @classmethod
    def tearDownClass(cls):
        try:
            super().tearDownClass()
        finally:
            if cls.made_user:
                subprocess.run(["userdel", TEST_USER], check=False)

    def thread_statuses(self):
        pid = self.rojad.proc.pid
        paths = sorted(glob.glob(f"/proc/{pid}/task/*/status"))
        self.assertGreaterEqual(len(paths), 3, "main thread and two workers")
        return [status_fields(p) for p in paths]

    def test_every_thread_has_the_users_ids_and_no_capability(self):
        uid, gid = str(self.account.pw_uid), str(self.account.pw_gid)
        for status in self.thread_statuses():
            self.assertEqual(status["Uid"], [uid] * 4, "real, effective, saved, fs uid")
            self.assertEqual(status["Gid"], [gid] * 4, "real, effective, saved, fs gid")
            self.assertNotIn("0", status["Groups"], "no supplementary group root")
            for caps in ("CapInh", "CapPrm", "CapEff", "CapAmb"):
                self.assertEqual(int(status[caps][0], 16), 0, caps)
            self.assertEqual(status["NoNewPrivs"], ["1"], "no setuid program could give root back")

    def test_the_log_says_who_rojad_serves_as(self):
        self.assertIn(f"privileges_dropped user={TEST_USER}", self.rojad.log())

    def test_it_still_answers_and_blocks(self):
        r = dc.query(self.rojad.server, "allowed.test", "A")
        want = dc.answer_rdata(dc.query(self.nsd.server, "allowed.test", "A"), "A")
        self.assertEqual(dc.answer_rdata(r, "A"), want)
        self.assertEqual(dc.answer_rdata(dc.query(self.rojad.server, "listed.test", "A"), "A"),
                         {self.env.warning_v4})

    def test_sighup_reload_runs_as_the_dropped_user(self):
        with open(self.list_path, "w") as f:
            f.write("listed.test\nsibling.test\n")
        self.rojad.sighup()
        self.assertTrue(wait_for(lambda: "reloaded" in self.rojad.log(), 10), self.rojad.log())
        self.assertEqual(dc.answer_rdata(dc.query(self.rojad.server, "sibling.test", "A"), "A"),
                         {self.env.warning_v4})


@unittest.skipUnless(os.geteuid() == 0, "needs root")
class UserChoice(rh.RojaTestCase):
    def rojad_command(self, *flags):
        """rojad on a free port; its upstream (port 9) is never asked: these tests do not query."""
        e = self.env
        port = rh.free_port(e.ip)
        return [os.environ["ROJAD"], "--listen", f"{e.ip}:{port}", "--upstream", f"{e.ip}:9",
                "--threads", "1", *flags]

    def test_an_unknown_user_stops_start_up_with_its_name(self):
        cmd = self.rojad_command("--user", "no-such-roja-user")
        r = subprocess.run(cmd, capture_output=True, text=True, timeout=20)
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertIn("no-such-roja-user: no such user", r.stderr)

    def test_user_root_stays_root_on_purpose(self):
        e = self.env
        cmd = self.rojad_command("--user", "root")
        p = rh.spawn(cmd, e.path("root.stdout"), e.path("root.stderr"))
        try:
            self.assertTrue(wait_for(lambda: "running_as_root" in rh.tail(e.path("root.stderr")), 10))
            self.assertEqual(status_fields(f"/proc/{p.pid}/status")["Uid"], ["0"] * 4)
        finally:
            rh.terminate(p)


if __name__ == "__main__":
    rh.main()
