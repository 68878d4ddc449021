"""A UDP proxy in front of a DNS server that loses an exact share of the answers (test fake).

NSD cannot be told to lose every Nth answer, so this stands between rojad and NSD: each query is
forwarded from a socket of its own (so answers find their way back), and answer number k
(counted from 1, over all queries) is dropped when k % every == 0. Runs in a thread of the test.
"""
import selectors
import socket
import threading


class LossyUdpProxy:
    def __init__(self, upstream, every, listen=("127.0.0.1", 0)):
        self.upstream, self.every = upstream, every
        self.front = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.front.bind(listen)
        self.address = self.front.getsockname()
        self.answers = self.dropped = 0
        self._selector = selectors.DefaultSelector()
        self._selector.register(self.front, selectors.EVENT_READ, None)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def start(self):
        self._thread.start()
        return self

    def stop(self):
        self._stop.set()
        self._thread.join(timeout=5)
        for key in list(self._selector.get_map().values()):
            key.fileobj.close()

    def _run(self):
        while not self._stop.is_set():
            for key, _ in self._selector.select(timeout=0.1):
                if key.data is None:
                    self._forward_query()
                else:
                    self._return_answer(key.fileobj, key.data)

    def _forward_query(self):
        query, client = self.front.recvfrom(65535)
        back = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        back.connect(self.upstream)
        back.send(query)
        self._selector.register(back, selectors.EVENT_READ, client)

    def _return_answer(self, back, client):
        try:
            answer = back.recv(65535)
        except OSError:
            answer = None
        self._selector.unregister(back)
        back.close()
        if answer is None:
            return
        self.answers += 1
        if self.answers % self.every == 0:
            self.dropped += 1
            return
        self.front.sendto(answer, client)
