"""The RPZ export's real consumers, started the same way by the tests and the end-to-end
benchmark: BIND 9.18 (a secondary with `response-policy`), Unbound 1.17 (`rpz:` with `primary:`)
and PowerDNS Recursor 4.8 (`rpzPrimary`). Each is a resolver forwarding to NSD that takes one
policy zone from rojad; everything on loopback."""
import os

import dns.message
import dns.query
import dns.rdatatype

import roja_harness as rh

KEY_NAME = "xfr-key"

NAMED_CONF = """{key}
options {{
  directory "{dir}";
  pid-file "{dir}/named.pid";
  session-keyfile "{dir}/session.key";
  managed-keys-directory "{dir}";
  listen-on port {port} {{ 127.0.0.1; }};
  listen-on-v6 {{ none; }};
  recursion yes;
  allow-query {{ any; }};
  allow-recursion {{ any; }};
  forward only;
  forwarders {{ {upstream_ip} port {upstream_port}; }};
  dnssec-validation no;
  notify no;
  # BIND applies a new RPZ version at most once a minute by default.
  response-policy {{ zone "{zone}" min-update-interval 0; }};
}};
controls {{ }};
logging {{ channel out {{ stderr; severity info; }}; category default {{ out; }};
  category xfer-in {{ out; }}; category rpz {{ out; }}; }};
zone "{zone}" {{
  type secondary;
  primaries {{ {primary_ip} port {primary_port}{key_clause}; }};
  file "{dir}/policy.rpz.db";
}};
"""

UNBOUND_CONF = """server:
  interface: {ip}@{port}
  port: {port}
  do-ip6: no
  access-control: 127.0.0.0/8 allow
  username: ""
  chroot: ""
  directory: "{dir}"
  pidfile: "{dir}/unbound.pid"
  use-syslog: no
  logfile: "{dir}/unbound.log"
  verbosity: 2
  module-config: "respip iterator"
  do-not-query-localhost: no
  qname-minimisation: no
  # Unbound answers the special-use "test." itself (RFC 6761); the test names live below it.
  local-zone: "test." nodefault
remote-control:
  control-enable: no
forward-zone:
  name: "."
  forward-addr: {upstream_ip}@{upstream_port}
rpz:
  name: "{zone}"
  primary: {primary_ip}@{primary_port}
  allow-notify: {primary_ip}
  zonefile: "{dir}/policy.rpz"
"""

PDNS_CONF = """local-address={ip}
local-port={port}
socket-dir={dir}
lua-config-file={dir}/rpz.lua
forward-zones=.={upstream_ip}:{upstream_port}
dont-query=
dnssec=off
allow-from=127.0.0.0/8
daemon=no
write-pid=no
disable-syslog=yes
loglevel=6
# Its packet cache keeps an answer (a policy NXDOMAIN too) for up to a minute: off, so the
# test sees the policy itself rather than the cache's memory of it.
disable-packetcache=yes
"""

PDNS_LUA = """rpzPrimary("{primary_ip}:{primary_port}", "{zone}",
  {{tsigname="{key}", tsigalgo="hmac-sha256", tsigsecret="{secret}", refresh={refresh}}})
"""


class Consumer:
    """One running resolver: `server` (address, port), `query()`, `stop()`."""

    def __init__(self, label, server, proc):
        self.label = label
        self.server = server
        self.proc = proc

    def query(self, name, rdtype="A", timeout=3):
        q = dns.message.make_query(name, rdtype)
        return dns.query.udp(q, self.server[0], port=self.server[1], timeout=timeout)

    def stop(self):
        rh.terminate(self.proc)


def _directory(e, label):
    d = e.path(label)
    os.makedirs(d, exist_ok=True)
    return d


def bind(e, label, upstream, primary, zone, secret=None, port=None):
    """named -g as a forwarding resolver, secondary of `zone` (TSIG with `secret` if given).
    It listens on 127.0.0.1 only: named binds the addresses an interface holds, not all 127/8."""
    d = _directory(e, label)
    server = ("127.0.0.1", port or rh.free_port("127.0.0.1"))
    key = f'key "{KEY_NAME}" {{ algorithm hmac-sha256; secret "{secret}"; }};' if secret else ""
    conf = os.path.join(d, "named.conf")
    with open(conf, "w") as f:
        f.write(NAMED_CONF.format(
            key=key, key_clause=f' key "{KEY_NAME}"' if secret else "", dir=d, port=server[1],
            zone=zone.rstrip("."), upstream_ip=upstream[0], upstream_port=upstream[1],
            primary_ip=primary[0], primary_port=primary[1]))
    log = os.path.join(d, "named.log")
    e.logs.append((label, log))
    return Consumer(label, server, rh.spawn(["named", "-g", "-u", "root", "-c", conf], log))


def unbound(e, label, upstream, primary, zone, port=None):
    """unbound -d with `zone` as RPZ from `primary` (1.17: no TSIG for transfers; NOTIFY from
    the primary's address is allowed)."""
    d = _directory(e, label)
    server = (e.ip, port or rh.free_port(e.ip))
    conf = os.path.join(d, "unbound.conf")
    with open(conf, "w") as f:
        f.write(UNBOUND_CONF.format(ip=server[0], port=server[1], dir=d, zone=zone,
                                    upstream_ip=upstream[0], upstream_port=upstream[1],
                                    primary_ip=primary[0], primary_port=primary[1]))
    e.logs.append((label, os.path.join(d, "unbound.log")))
    return Consumer(label, server,
                    rh.spawn(["unbound", "-d", "-c", conf], os.path.join(d, "stdout")))


def pdns(e, label, upstream, primary, zone, secret, refresh=1):
    """pdns_recursor with `zone` by rpzPrimary and TSIG (4.8 takes no NOTIFY for RPZ: it follows
    the zone by IXFR every `refresh` seconds)."""
    d = _directory(e, label)
    server = (e.ip, rh.free_port(e.ip))
    with open(os.path.join(d, "recursor.conf"), "w") as f:
        f.write(PDNS_CONF.format(ip=server[0], port=server[1], dir=d,
                                 upstream_ip=upstream[0], upstream_port=upstream[1]))
    with open(os.path.join(d, "rpz.lua"), "w") as f:
        f.write(PDNS_LUA.format(primary_ip=primary[0], primary_port=primary[1], zone=zone,
                                key=KEY_NAME, secret=secret, refresh=refresh))
    log = os.path.join(d, "pdns.log")
    e.logs.append((label, log))
    return Consumer(label, server, rh.spawn(["pdns_recursor", f"--config-dir={d}"], log))


def bind_rewrote(answer, zone):
    """Whether BIND answered from the policy zone: it adds the zone's SOA (in additional)."""
    return any(rrset.rdtype == dns.rdatatype.SOA and
               rrset.name.to_text().rstrip(".") == zone.rstrip(".")
               for rrset in answer.authority + answer.additional)
