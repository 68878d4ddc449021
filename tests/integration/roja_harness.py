"""Harness for Roja's integration tests: real rojad, real NSD, real clients, loopback only.

A test file is a plain unittest module that ends with `roja_harness.main()`. Each file gets its
own 127.0.0.N (derived from its name) and ephemeral ports, so CTest can run files in parallel; a
temp dir that is deleted on success and kept under $ROJA_BUILD_DIR/integration-output/<test> on
failure; and every process it starts dies with it (atexit, SIGTERM handler, PR_SET_PDEATHSIG).
"""
import atexit
import ctypes
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import unittest
import zlib

import dns_client as dc  # noqa: F401  (re-exported for the test files)
from query_recorder import QueryRecorder

HERE = os.path.dirname(os.path.abspath(__file__))
ZONES = os.path.join(HERE, "zones")
PROBE = ("probe.test", "A")  # a name no scenario uses, so readiness probes never warm a cache
WARNING_V6 = "::1"           # loopback, so nothing could ever be reached through it

_PROCS = []   # every Popen we started, for the last-resort cleanup
_ENV = None


class HarnessError(AssertionError):
    """A process would not start or stop as it must; an AssertionError so unittest says FAIL."""


# ------------------------------------------------------------------ processes
def _die_with_parent():
    # PR_SET_PDEATHSIG = 1: the child gets SIGKILL if this test process dies, even by SIGKILL
    # (as CTest's timeout does). Processes are only ever started from the main thread.
    ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)


def spawn(cmd, stdout_path, stderr_path=None, env=None):
    out = open(stdout_path, "ab")
    err = open(stderr_path, "ab") if stderr_path else subprocess.STDOUT
    try:
        p = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=out, stderr=err, env=env,
                             start_new_session=True, preexec_fn=_die_with_parent)
    finally:  # the child holds its own copies of the descriptors
        out.close()
        if stderr_path:
            err.close()
    _PROCS.append(p)
    return p


def terminate(p, grace=5.0):
    """SIGTERM, wait `grace` seconds, then SIGKILL the process group; returns (rc, clean)."""
    clean = True
    if p.poll() is None:
        p.send_signal(signal.SIGTERM)
        try:
            p.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            clean = False
    rc = p.wait(timeout=10) if clean else None
    _reap_group(p.pid, grace=2.0 if clean else 0.0)
    if rc is None:
        rc = p.wait(timeout=10)
    if p in _PROCS:
        _PROCS.remove(p)
    return rc, clean


def _reap_group(pgid, grace):
    """Give the rest of the group (NSD's server and xfrd) `grace` seconds, then SIGKILL it."""
    deadline = time.monotonic() + grace
    while True:
        try:
            os.killpg(pgid, 0)
        except (ProcessLookupError, PermissionError):
            return
        if time.monotonic() >= deadline:
            break
        time.sleep(0.05)
    try:
        os.killpg(pgid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def _kill_everything():
    for p in list(_PROCS):
        try:
            os.killpg(p.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        try:
            p.wait(timeout=5)
        except subprocess.TimeoutExpired:
            pass
    _PROCS.clear()


atexit.register(_kill_everything)
signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))


def free_port(ip):
    """An ephemeral port free for both UDP and TCP on `ip` right now."""
    for _ in range(50):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as t:
            t.bind((ip, 0))
            port = t.getsockname()[1]
            with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as u:
                try:
                    u.bind((ip, port))
                except OSError:
                    continue
            return port
    raise HarnessError(f"no free port on {ip}")


def wait_answering(server, proc=None, timeout=10.0, probe=PROBE):
    """Poll with dnspython until `server` answers anything; None if it exits or times out."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            return None
        r = dc.try_query(server, probe[0], probe[1], timeout=0.3)
        if r is not None:
            return r
        time.sleep(0.05)
    return None


def tail(path, lines=30):
    try:
        with open(path, errors="replace") as f:
            return "".join(f.readlines()[-lines:])
    except FileNotFoundError:
        return "(no log)"


# ------------------------------------------------------------------ per-file environment
class TestEnv:
    def __init__(self, name):
        self.name = name
        self.octet = 20 + zlib.crc32(name.encode()) % 200
        self.ip = f"127.0.0.{self.octet}"
        # another loopback source address that is not self.ip (for ACL tests)
        self.other_ip = f"127.0.1.{self.octet}"
        self.warning_v4 = f"127.80.0.{self.octet}"
        self.warning_v6 = WARNING_V6
        self.dir = tempfile.mkdtemp(prefix=f"roja-{name}-")
        self.logs = []  # (label, path) printed on failure

    def path(self, *parts):
        return os.path.join(self.dir, *parts)

    def write(self, rel, text):
        p = self.path(rel)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, "w") as f:
            f.write(text)
        return p

    def finish(self, ok):
        _kill_everything()
        if ok:
            shutil.rmtree(self.dir, ignore_errors=True)
            return
        for label, p in self.logs:
            print(f"\n--- {label}: last lines of {os.path.basename(p)} ---\n{tail(p)}", file=sys.stderr)
        build = os.environ.get("ROJA_BUILD_DIR")
        kept = self.dir
        if build:
            kept = os.path.join(build, "integration-output", self.name)
            shutil.rmtree(kept, ignore_errors=True)
            shutil.copytree(self.dir, kept)
            shutil.rmtree(self.dir, ignore_errors=True)
        print(f"\nfailed: logs, configs and lists kept in {kept}", file=sys.stderr)


def env():
    global _ENV
    if _ENV is None:
        _ENV = TestEnv(os.path.splitext(os.path.basename(sys.argv[0]))[0] or "interactive")
    return _ENV


# ------------------------------------------------------------------ NSD
NSD_CONF = """server:
  ip-address: {ip}@{port}
  port: {port}
  server-count: 1
  username: ""
  chroot: ""
  zonesdir: "{dir}"
  database: ""
  zonelistfile: "{dir}/zone.list"
  pidfile: "{dir}/nsd.pid"
  xfrdfile: "{dir}/xfrd.state"
  logfile: "{dir}/nsd.log"
  verbosity: 2
  do-ip6: no
  hide-version: yes
  refuse-any: no
remote-control:
  control-enable: no
zone:
  name: "{zone}"
  zonefile: "{zonefile}"
"""


class Nsd:
    """NSD in the foreground (`nsd -d`) serving one zone from tests/integration/zones (and
    `more_zones`, (zone, zonefile) pairs); `label` names its directory when a test runs two."""

    def __init__(self, e, zonefile="root.zone", zone=".", label="nsd", more_zones=()):
        self.env = e
        self.dir = e.path(label)
        os.makedirs(self.dir, exist_ok=True)
        shutil.copy(os.path.join(ZONES, zonefile), self.dir)
        self.server = (e.ip, free_port(e.ip))
        self.conf = os.path.join(self.dir, "nsd.conf")
        with open(self.conf, "w") as f:
            f.write(NSD_CONF.format(ip=e.ip, port=self.server[1], dir=self.dir, zone=zone,
                                    zonefile=zonefile))
            for name, file in more_zones:
                shutil.copy(os.path.join(ZONES, file), self.dir)
                f.write(f'zone:\n  name: "{name}"\n  zonefile: "{file}"\n')
        self.proc = None
        e.logs.append((label, os.path.join(self.dir, "nsd.log")))

    def start(self):
        self.proc = spawn(["nsd", "-d", "-c", self.conf], os.path.join(self.dir, "nsd.stdout"))
        if wait_answering(self.server, self.proc, timeout=15) is None:
            self.stop()
            raise HarnessError(f"NSD did not answer on {self.server}:\n"
                               + tail(os.path.join(self.dir, "nsd.log"))
                               + tail(os.path.join(self.dir, "nsd.stdout")))
        return self

    def stop(self):
        if self.proc is not None:
            terminate(self.proc)
            self.proc = None


# ------------------------------------------------------------------ rojad
class MissingRojad:
    """Stands in for a rojad that could not start: any use fails the test with the reason."""

    def __init__(self, reason):
        self.reason = reason

    def __getattr__(self, attr):
        raise HarnessError(f"rojad is not available: {self.reason}")

    def stop(self):
        return None


class Rojad:
    """rojad with its quick-start flags, stderr captured to <tmp>/<label>.stderr."""

    def __init__(self, e, upstreams, lists=(), warnings=None, allow=(), threads=1, extra=(),
                 label="rojad"):
        self.env = e
        self.label = label
        self.server = (e.ip, free_port(e.ip))
        if warnings is None:
            warnings = (e.warning_v4, e.warning_v6)
        cmd = [os.environ.get("ROJAD", ""), "--listen", f"{self.server[0]}:{self.server[1]}",
               "--threads", str(threads)]
        if os.geteuid() == 0:
            # Started as root, rojad would become the `roja` user where one exists and then
            # fail to re-read lists from this root-only temp dir on SIGHUP; tests that check
            # the drop pass their own --user (the last one wins).
            cmd += ["--user", "root"]
        for u in upstreams:
            cmd += ["--upstream", f"{u[0]}:{u[1]}"]
        for fmt, path in lists:
            cmd += ["--list", f"{fmt}:{path}"]
        for w in warnings:
            cmd += ["--warning-address", w]
        for a in allow:
            cmd += ["--allow", a]
        extra = list(extra)
        if "--state-dir" not in extra and not self._config_sets_state_dir(extra):
            # A config file means a state directory (default /var/lib/roja, locked by one rojad at
            # a time): each test rojad gets its own, so parallel tests never share one.
            cmd += ["--state-dir", e.path(f"{label}-state")]
        self.cmd = cmd + extra
        self.stderr = e.path(f"{label}.stderr")
        self.proc = None
        e.logs.append((label, self.stderr))

    @staticmethod
    def _config_sets_state_dir(extra):
        if "--config" not in extra:
            return False
        path = extra[extra.index("--config") + 1]
        try:
            with open(path) as f:
                return any(line.startswith("state_dir:") for line in f)
        except OSError:
            return False

    def start(self, timeout=10.0):
        binary = self.cmd[0]
        if not binary:
            raise HarnessError("ROJAD is not set (point it at the built binary, e.g. "
                               "ROJAD=build/daemon/rojad)")
        if not os.access(binary, os.X_OK):
            raise HarnessError(f"ROJAD={binary} is not an executable file (build rojad first)")
        with open(self.env.path(f"{self.label}.cmd"), "w") as f:
            f.write(" ".join(self.cmd) + "\n")
        self.proc = spawn(self.cmd, self.env.path(f"{self.label}.stdout"), self.stderr)
        if wait_answering(self.server, self.proc, timeout) is None:
            rc = self.proc.poll()
            terminate(self.proc, grace=1)
            state = f"exited with code {rc}" if rc is not None else f"did not answer in {timeout} s"
            raise HarnessError(f"rojad {state} ({' '.join(self.cmd)}); stderr:\n{tail(self.stderr)}")
        return self

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def sighup(self):
        self.proc.send_signal(signal.SIGHUP)

    def log(self):
        with open(self.stderr, errors="replace") as f:
            return f.read()

    def stop(self):
        """SIGTERM; rojad must exit 0 within 5 s."""
        if self.proc is None:
            return None
        rc, clean = terminate(self.proc, grace=5.0)
        self.proc = None
        if not clean:
            raise HarnessError(f"{self.label} did not exit within 5 s of SIGTERM")
        if rc != 0:
            raise HarnessError(f"{self.label} exited with code {rc} after SIGTERM:\n{tail(self.stderr)}")
        return rc


def start_rojad(*args, **kw):
    """A started Rojad, or a MissingRojad carrying the reason (so each test FAILs clearly)."""
    try:
        return Rojad(env(), *args, **kw).start()
    except HarnessError as err:
        return MissingRojad(str(err))


def start_recorder(upstream):
    """A QueryRecorder relay in front of `upstream`, on this file's address."""
    e = env()
    return QueryRecorder((e.ip, free_port(e.ip)), upstream)


# ------------------------------------------------------------------ test files
class RojaTestCase(unittest.TestCase):
    maxDiff = None

    @property
    def env(self):
        return env()


class RojadOverNsd(RojaTestCase):
    """A test class whose setUpClass starts `cls.nsd` and `cls.rojad`: both are stopped here,
    rojad first (it must exit cleanly), NSD even when that fails."""

    @classmethod
    def tearDownClass(cls):
        try:
            cls.rojad.stop()
        finally:
            cls.nsd.stop()


def main():
    """Run the calling module's tests; keep the temp dir on failure; exit non-zero on failure."""
    e = env()
    ok = False
    try:
        prog = unittest.main(module="__main__", exit=False, verbosity=2)
        ok = prog.result.wasSuccessful() and prog.result.testsRun > 0
    finally:
        e.finish(ok)
    sys.exit(0 if ok else 1)
