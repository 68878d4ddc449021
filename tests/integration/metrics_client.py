"""Reading rojad's admin listener from the tests: /metrics parsed into samples, API calls with a
bearer token, and `promtool check metrics` (Debian's prometheus package)."""
import json
import re
import subprocess
import urllib.error
import urllib.request

_SAMPLE = re.compile(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})? (\S+)$')
_LABEL = re.compile(r'([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"')


def http(admin, method, path, token=None, body=None, timeout=10.0):
    """(status, headers, body bytes) of one request; HTTP errors are returned, not raised."""
    url = f"http://{admin[0]}:{admin[1]}{path}"
    req = urllib.request.Request(url, method=method, data=body)
    if token is not None:
        req.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers), err.read()


def api_json(admin, method, path, token=None):
    status, _, body = http(admin, method, path, token)
    return status, json.loads(body) if body else None


def scrape(admin, token=None):
    status, _, body = http(admin, "GET", "/metrics", token)
    if status != 200:
        raise AssertionError(f"/metrics answered {status}: {body[:200]!r}")
    return body.decode()


def samples(page):
    """{(name, frozenset of (label, value)): float} of every sample line."""
    out = {}
    for line in page.splitlines():
        if not line or line.startswith("#"):
            continue
        m = _SAMPLE.match(line)
        if not m:
            raise AssertionError(f"not a sample line: {line!r}")
        labels = frozenset(_LABEL.findall(m.group(3) or ""))
        out[(m.group(1), labels)] = float(m.group(4))
    return out


def value(parsed, name, **labels):
    """The sample `name` with exactly these labels (0 when absent)."""
    return parsed.get((name, frozenset(labels.items())), 0.0)


def total(parsed, name, **labels):
    """The sum over every sample of `name` whose labels include these."""
    want = set(labels.items())
    return sum(v for (n, ls), v in parsed.items() if n == name and want <= set(ls))


def promtool_check(page):
    """(returncode, output) of `promtool check metrics` on the page."""
    p = subprocess.run(["promtool", "check", "metrics"], input=page.encode(), capture_output=True, timeout=60)
    return p.returncode, (p.stdout + p.stderr).decode(errors="replace")
