"""Fixtures shared by the feed tests: a test CA and certificates made by openssl, and the scripted
HTTPS server (https_server.py) on this test's loopback address."""
import hashlib
import json
import os
import subprocess
import sys
import time

import roja_harness as h

HERE = os.path.dirname(os.path.abspath(__file__))


def run(*cmd):
    p = subprocess.run([str(c) for c in cmd], capture_output=True, timeout=60)
    if p.returncode != 0:
        raise AssertionError(f"{cmd} exited {p.returncode}\n{p.stderr.decode(errors='replace')}")


class Pki:
    """A test CA and certificates for the servers and the client, made by openssl."""

    def __init__(self, d, ip):
        self.d = d
        os.makedirs(d, exist_ok=True)
        self.ca = self.path("ca.pem")
        run("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
            "-nodes", "-keyout", self.path("ca.key"), "-out", self.ca, "-days", "2",
            "-subj", "/CN=Roja Test CA", "-addext", "basicConstraints=critical,CA:TRUE",
            "-addext", "keyUsage=critical,keyCertSign,cRLSign")
        self.server = self.issue("server", f"/CN={ip}", f"subjectAltName=IP:{ip}\n"
                                 "extendedKeyUsage=serverAuth\n")
        self.other = self.issue("other", "/CN=other.test", "subjectAltName=DNS:other.test\n"
                                "extendedKeyUsage=serverAuth\n")
        self.client = self.issue("client", "/CN=roja-subscriber", "extendedKeyUsage=clientAuth\n")

    def path(self, name):
        return os.path.join(self.d, name)

    def issue(self, name, subject, extensions):
        key, csr, pem, ext = (self.path(name + s) for s in (".key", ".csr", ".pem", ".ext"))
        with open(ext, "w") as f:
            f.write(extensions)
        run("openssl", "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-keyout", key, "-out", csr, "-subj", subject)
        run("openssl", "x509", "-req", "-in", csr, "-CA", self.ca, "-CAkey", self.path("ca.key"),
            "-CAcreateserial", "-out", pem, "-days", "2", "-extfile", ext)
        return pem, key


class HttpsServer:
    def __init__(self, e, name, cert, root, client_ca=None):
        self.log = e.path(f"{name}.log")
        out = e.path(f"{name}.stdout")
        cmd = [sys.executable, os.path.join(HERE, "https_server.py"), "--ip", e.ip,
               "--cert", cert[0], "--key", cert[1], "--root", root, "--log", self.log]
        if client_ca:
            cmd += ["--client-ca", client_ca]
        self.proc = h.spawn(cmd, out, e.path(f"{name}.stderr"))
        e.logs.append((f"https server {name}", self.log))
        self.port = self._wait_port(out)
        self.base = f"https://{e.ip}:{self.port}"

    def _wait_port(self, out):
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with open(out) as f:
                text = f.read()
            if text.startswith("port ") and text.endswith("\n"):
                return int(text.split()[1])
            if self.proc.poll() is not None:
                raise h.HarnessError(f"https_server.py exited {self.proc.returncode}")
            time.sleep(0.05)
        raise h.HarnessError("https_server.py did not start listening")

    def requests(self):
        with open(self.log) as f:
            return [line.split()[1] for line in f if line.startswith("request ")]


def rojactl(*args):
    exe = os.environ.get("ROJACTL")
    if not exe:
        raise AssertionError("ROJACTL is not set (the path of the rojactl binary)")
    p = subprocess.run([exe, *map(str, args)], capture_output=True, text=True, timeout=60)
    if p.returncode != 0:
        raise AssertionError(f"rojactl {args} exited {p.returncode}\n{p.stdout}\n{p.stderr}")
    return p.stdout


def utc(seconds_from_now):
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() + seconds_from_now))


class Publisher:
    """Writes signed feed versions into a directory the way an authority would: payload files, a
    manifest with their sizes, SHA-256 and entry counts, and a minisign signature made by
    `rojactl feed sign` (which the real minisign verifies: see test_feed_tools.py)."""

    def __init__(self, directory, feed_id, key):
        self.dir = directory
        self.feed_id = feed_id
        self.key = key  # secret key file
        os.makedirs(directory, exist_ok=True)

    def manifest(self, serial, lists, issued=-60, expires=7 * 86400, csv_lists=()):
        """`lists`: {list id: [names]}, or for the ids in `csv_lists` [(type, value)] rows of a
        CSV list (ids made up). Returns the manifest bytes (not yet signed)."""
        entries = []
        for list_id, names in lists.items():
            is_csv = list_id in csv_lists
            lines = (["id,type,value"] + [f"{list_id}-{i},{t},{v}" for i, (t, v) in enumerate(names)]
                     if is_csv else names)
            body = "".join(n + "\n" for n in lines).encode()
            with open(os.path.join(self.dir, list_id + ".txt"), "wb") as f:
                f.write(body)
            entries.append({"id": list_id, "authority": "AKEP", "title": f"{list_id} orders", "format": "csv" if is_csv else "plain",
                            "path": list_id + ".txt", "size": len(body),
                            "sha256": hashlib.sha256(body).hexdigest(), "entries": len(names)})
        manifest = {"format": "roja-feed/1", "feed": self.feed_id, "serial": serial, "issued_at": utc(issued),
                    "expires_at": utc(expires), "lists": entries}
        text = json.dumps(manifest, indent=2).encode() + b"\n"
        with open(self.path("manifest.json"), "wb") as f:
            f.write(text)
        return text

    def sign(self, key=None):
        rojactl("feed", "sign", self.dir, "--secret", key or self.key)

    def publish(self, serial, lists, **kw):
        text = self.manifest(serial, lists, **kw)
        self.sign()
        return text

    def path(self, name):
        return os.path.join(self.dir, name)
