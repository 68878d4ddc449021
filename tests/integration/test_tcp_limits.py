"""TCP abuse (RFC 7766 section 10): idle and slow clients are cut off by the idle deadline, a client
address cannot hold more than its share of connections, and other clients are served throughout."""
import socket
import struct

import roja_harness as rh
from roja_harness import dc

IDLE_SECONDS = 1


def connect(server, source):
    s = socket.create_connection(server, timeout=5, source_address=(source, 0))
    return s


def closed_within(sock, seconds):
    """True when the server closes `sock` within `seconds` (recv returns b'' or the reset)."""
    sock.settimeout(seconds)
    try:
        return sock.recv(1) == b""
    except ConnectionResetError:
        return True
    except socket.timeout:
        return False


class TcpLimits(rh.RojadOverNsd):
    @classmethod
    def setUpClass(cls):
        e = rh.env()
        cls.nsd = rh.Nsd(e).start()
        config = e.write("roja.yaml", f"""
access:
  allow: ["127.0.0.0/8"]
server:
  tcp:
    idle_timeout: {IDLE_SECONDS}s
    max_connections_per_client: 2
lists: []
""")
        cls.rojad = rh.start_rojad([cls.nsd.server], extra=["--config", config])

    def test_an_idle_connection_is_closed_after_the_idle_timeout(self):
        s = connect(self.rojad.server, self.env.other_ip)
        # Generous bound: the check is that the server closes it at all, not how fast.
        self.assertTrue(closed_within(s, IDLE_SECONDS + 4))
        s.close()

    def test_a_one_byte_a_second_sender_is_cut_off(self):
        s = connect(self.rojad.server, self.env.other_ip)
        query = dc.make_query("allowed.test", "A", True, 1232).to_wire()
        framed = struct.pack("!H", len(query)) + query
        cut = False
        for byte in framed:
            try:
                s.send(bytes([byte]))
            except (BrokenPipeError, ConnectionResetError):
                cut = True
                break
            if closed_within(s, 0.5):
                cut = True
                break
        self.assertTrue(cut, "a trickling client must not hold its connection open")
        s.close()

    def test_a_client_address_gets_at_most_its_share_of_connections(self):
        held = [connect(self.rojad.server, self.env.other_ip) for _ in range(2)]
        extra = connect(self.rojad.server, self.env.other_ip)
        self.assertTrue(closed_within(extra, 1.0), "the third connection of one address is refused")
        # another address is still served, over TCP and UDP
        r = dc.query(self.rojad.server, "allowed.test", "A", tcp=True, source=self.env.ip)
        self.assertEqual(dc.answer_rdata(r, "A"), {"198.51.100.1"})
        for s in held + [extra]:
            s.close()


if __name__ == "__main__":
    rh.main()
