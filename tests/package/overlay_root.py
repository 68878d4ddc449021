"""A throw-away Debian 12 root for the package test: this machine's own root under an overlay
whose upper layer is a tmpfs, in new mount, PID, UTS, IPC and cgroup namespaces, with systemd
as its PID 1. Installing, starting and purging a package there changes nothing on the machine;
the upper layer is exactly what the package left behind.

Why not debootstrap: it needs a Debian mirror, and tests stay on loopback. The overlay gives the
same Debian 12 packages the machine has, in a root that dies with the test.

The network namespace is the machine's (rojad serves the test's 127.0.0.N, NSD runs beside it),
so the container's bounding set has no CAP_NET_ADMIN, and no capability that reaches past its
namespaces (modules, clock, raw I/O, reboot). /proc/sys and /sys are read-only, and systemd's
cgroups live under one cgroup of its own that is removed afterwards. It boots a target that pulls
sysinit.target and nothing else; the units that would touch the kernel are masked.
"""
import os
import shutil
import signal
import subprocess
import time

import roja_harness as rh

CGROUP2 = "/sys/fs/cgroup/unified"   # Debian 12's hybrid layout; cgroup2 at /sys/fs/cgroup on pure v2
MASKED = ["systemd-modules-load.service", "systemd-sysctl.service", "systemd-udevd.service",
          "systemd-udev-trigger.service", "systemd-udev-settle.service", "systemd-timesyncd.service",
          "systemd-networkd.service", "systemd-resolved.service", "systemd-remount-fs.service",
          "systemd-binfmt.service", "proc-sys-fs-binfmt_misc.automount", "sys-kernel-debug.mount",
          "sys-kernel-tracing.mount", "sys-kernel-config.mount", "sys-fs-fuse-connections.mount",
          "dev-hugepages.mount", "swap.target", "getty.target", "systemd-firstboot.service",
          "systemd-hwdb-update.service", "systemd-random-seed.service", "systemd-pcrphase-sysinit.service",
          "cryptsetup.target", "veritysetup.target", "integritysetup.target", "remote-fs.target",
          "e2scrub_reap.service", "ldconfig.service"]
DROPPED_CAPS = ["net_admin", "sys_module", "sys_time", "sys_boot", "sys_rawio", "wake_alarm",
                "sys_pacct", "syslog", "mac_admin", "mac_override", "audit_control", "audit_read",
                "sys_nice", "block_suspend", "bpf", "perfmon", "lease", "linux_immutable"]
DEVICES = ["null", "zero", "full", "random", "urandom", "tty"]

TARGET = """[Unit]
Description=Roja package test: sysinit and nothing else
Requires=sysinit.target
After=sysinit.target
AllowIsolate=yes
"""

# Runs as PID 1 of the new namespaces, builds the root, then becomes systemd.
INNER = """set -eu
T={tmp}
mount -t tmpfs -o mode=0755 tmpfs "$T"
mkdir "$T/upper" "$T/work" "$T/root"
mount -t overlay overlay -o "lowerdir=/,upperdir=$T/upper,workdir=$T/work" "$T/root"
R="$T/root"
mount -t proc proc "$R/proc"
mount --bind "$R/proc/sys" "$R/proc/sys"; mount -o remount,bind,ro "$R/proc/sys"
mount --bind /proc/sysrq-trigger "$R/proc/sysrq-trigger" 2>/dev/null && mount -o remount,bind,ro "$R/proc/sysrq-trigger" || true
mount -t sysfs -o ro sysfs "$R/sys"
mount -t cgroup2 cgroup2 "$R/sys/fs/cgroup"
mount -t tmpfs -o mode=0755,nosuid tmpfs "$R/dev"
for d in {devices}; do touch "$R/dev/$d"; mount --bind "/dev/$d" "$R/dev/$d"; done
mkdir "$R/dev/pts" "$R/dev/shm"
mount -t devpts -o newinstance,ptmxmode=0666,mode=0620 devpts "$R/dev/pts"
ln -s pts/ptmx "$R/dev/ptmx"
mount -t tmpfs -o mode=1777 tmpfs "$R/dev/shm"
mount -t tmpfs -o mode=0755,nosuid,nodev tmpfs "$R/run"
mount -t tmpfs -o mode=1777,nosuid,nodev tmpfs "$R/tmp"
mkdir -p "$R/etc/systemd/system"
rm -f "$R/usr/sbin/policy-rc.d"   # a machine's "start no daemon" policy is not a clean system's
for u in {masked}; do ln -sf /dev/null "$R/etc/systemd/system/$u"; done
cat > "$R/etc/systemd/system/roja-test.target" <<'EOF'
{target}EOF
echo ready > {ready}
export container=roja-package-test
exec setpriv --bounding-set {caps} chroot "$R" /lib/systemd/systemd --system --unit=roja-test.target \\
    --log-target=journal-or-kmsg --show-status=false
"""


class Unavailable(Exception):
    """This machine cannot make the root (not root, no overlayfs, no cgroup2): skip, say why."""


def check_possible():
    if os.geteuid() != 0:
        raise Unavailable("needs root (namespaces, overlayfs, dpkg)")
    for tool in ("unshare", "nsenter", "setpriv", "dpkg", "/lib/systemd/systemd"):
        if shutil.which(tool) is None and not os.access(tool, os.X_OK):
            raise Unavailable(f"{tool} is missing")
    if not os.path.exists(os.path.join(CGROUP2, "cgroup.procs")):
        raise Unavailable(f"no cgroup2 hierarchy at {CGROUP2}")
    with open("/proc/filesystems") as f:
        if "overlay" not in f.read():
            raise Unavailable("the kernel has no overlayfs")


class OverlayRoot:
    def __init__(self, workdir):
        self.workdir = workdir
        self.mnt = os.path.join(workdir, "ns")     # the tmpfs, seen only inside the namespace
        os.makedirs(self.mnt)
        self.cgroup = os.path.join(CGROUP2, f"roja-package-test-{os.getpid()}")
        self.proc = None
        self.pid1 = None

    # ------------------------------------------------------------------ life cycle
    def start(self, timeout=60.0):
        os.mkdir(self.cgroup)
        ready = os.path.join(self.workdir, "ready")
        script = os.path.join(self.workdir, "inner.sh")
        with open(script, "w") as f:
            f.write(INNER.format(tmp=self.mnt, ready=ready, devices=" ".join(DEVICES),
                                 masked=" ".join(MASKED), target=TARGET,
                                 caps=",".join("-" + c for c in DROPPED_CAPS)))
        outer = (f"echo $$ > {self.cgroup}/cgroup.procs && exec unshare --mount --pid --fork --uts "
                 f"--ipc --cgroup --propagation private --kill-child sh {script}")
        self.proc = rh.spawn(["sh", "-c", outer], os.path.join(self.workdir, "container.log"))
        self.pid1 = self._wait_pid1(ready, timeout)
        deadline = time.monotonic() + timeout
        state = ""
        while time.monotonic() < deadline:
            state = self.run(["systemctl", "is-system-running"], check=False).stdout.strip()
            if state in ("running", "degraded"):
                return self
            time.sleep(0.2)
        raise rh.HarnessError(f"systemd in the overlay root did not finish booting ({state!r}):\n"
                              + self.console_tail())

    def _wait_pid1(self, ready, timeout):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise rh.HarnessError("the overlay root did not come up:\n"
                                      + rh.tail(os.path.join(self.workdir, "container.log")))
            if os.path.exists(ready):
                children = self._children(self.proc.pid)
                if children:
                    return children[0]
            time.sleep(0.05)
        raise rh.HarnessError("the overlay root did not come up in time")

    @staticmethod
    def _children(pid):
        try:
            with open(f"/proc/{pid}/task/{pid}/children") as f:
                return [int(x) for x in f.read().split()]
        except FileNotFoundError:
            return []

    def stop(self):
        """Kills PID 1 (the kernel then kills the rest of the namespace), removes the cgroups."""
        if self.pid1 is not None:
            try:
                os.kill(self.pid1, signal.SIGKILL)
            except ProcessLookupError:
                pass
        if self.proc is not None:
            rh.terminate(self.proc, grace=5)
        self.pid1 = self.proc = None
        deadline = time.monotonic() + 10
        while os.path.isdir(self.cgroup) and time.monotonic() < deadline:
            for path, _, _ in sorted(os.walk(self.cgroup), key=lambda w: -len(w[0])):
                try:
                    os.rmdir(path)
                except OSError:
                    pass
            if os.path.isdir(self.cgroup):
                time.sleep(0.1)

    # ------------------------------------------------------------------ inside
    def _enter(self, root=True):
        cmd = ["nsenter", "-t", str(self.pid1), "-m", "-u", "-i", "-p", "-C"]
        return cmd + (["-r", "-w"] if root else [])

    def run(self, cmd, check=True, timeout=120, root=True, input=None):
        """Runs `cmd` inside the root (root=False: in the namespace, outside the chroot, where
        the overlay's layers are visible under self.mnt)."""
        r = subprocess.run(self._enter(root) + cmd, capture_output=True, text=True, timeout=timeout,
                           input=input, env={"PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "LANG": "C.UTF-8"})
        if check and r.returncode != 0:
            raise AssertionError(f"{' '.join(cmd)} exited {r.returncode}:\n{r.stdout}\n{r.stderr}")
        return r

    def spawn(self, cmd, label):
        """A long-running process inside the root, tracked by the harness."""
        return rh.spawn(self._enter() + cmd, os.path.join(self.workdir, f"{label}.stdout"),
                        os.path.join(self.workdir, f"{label}.stderr"))

    def path(self, inside):
        """Where a path of the root is, seen from the namespace outside the chroot."""
        return os.path.join(self.mnt, "root", inside.lstrip("/"))

    def upper_files(self):
        """Every non-directory in the overlay's upper layer: what changed since the boot."""
        r = self.run(["find", os.path.join(self.mnt, "upper"), "-not", "-type", "d"], root=False)
        prefix = os.path.join(self.mnt, "upper")
        return {line[len(prefix):] for line in r.stdout.splitlines()}

    def copy_in(self, host_path, inside):
        self.run(["cp", host_path, self.path(inside)], root=False)

    def write(self, inside, text):
        self.run(["sh", "-c", f"mkdir -p \"$(dirname '{inside}')\" && cat > '{inside}'"], input=text)

    def journal(self, unit=None, lines=None):
        """The root's journal: systemd's own messages on a unit (start, watchdog) and its log."""
        cmd = ["journalctl", "--no-pager"] + (["-u", unit] if unit else []) + (["-n", str(lines)] if lines else [])
        return self.run(cmd, check=False).stdout

    def console_tail(self):
        return self.journal(lines=40) if self.pid1 else ""
