// The kernel's floor for a UDP DNS server, a baseline for dns_floor_bench.py (not a product
// part): it answers every query with the same A record and nothing else — no policy, no cache,
// no upstream, no counters — through the same recvmmsg/sendmmsg batches and epoll wait as
// rojad's UDP listener. Its answers per CPU-second are what the machine's UDP path allows any
// server; rojad's figure divided by this one is the share its own work leaves.
//
// Usage: udp_floor_server ADDRESS PORT
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace {

constexpr int kBatch = 32;  // UdpListener::kBatch
constexpr std::size_t kMaxPacket = 512;
constexpr std::size_t kHeader = 12;
// The answer record: a pointer to the question's name, A, IN, TTL 60, 127.0.0.80.
constexpr std::array<std::uint8_t, 16> kAnswer = {0xc0, 12, 0, 1, 0,   1, 0, 0,
                                                  0,    60, 0, 4, 127, 0, 0, 80};

// Writes the answer to `query` into `out`; 0 when the query has no complete question.
std::size_t answer(const std::uint8_t* query, std::size_t length, std::uint8_t* out) {
    std::size_t end = kHeader;
    while (end < length && query[end] != 0) end += query[end] + 1u;
    end += 5;  // the root label, type and class
    if (end > length || end + kAnswer.size() > kMaxPacket) return 0;
    std::memcpy(out, query, end);
    out[2] = static_cast<std::uint8_t>(0x80 | (query[2] & 0x79));  // QR, opcode and RD kept
    out[3] = 0x80;                                                 // RA, NOERROR
    out[6] = 0, out[7] = 1;                                        // one answer
    out[8] = out[9] = out[10] = out[11] = 0;                       // no authority, no additional
    std::memcpy(out + end, kAnswer.data(), kAnswer.size());
    return end + kAnswer.size();
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 3) {
        std::fprintf(stderr, "usage: udp_floor_server ADDRESS PORT\n");
        return 2;
    }
    const int fd = ::socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);
    const int one = 1, buffer = 4 << 20;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof one);
    ::setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &buffer, sizeof buffer);
    ::setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &buffer, sizeof buffer);
    sockaddr_in local{};
    local.sin_family = AF_INET;
    local.sin_port = htons(static_cast<std::uint16_t>(std::atoi(argv[2])));
    if (::inet_pton(AF_INET, argv[1], &local.sin_addr) != 1 ||
        ::bind(fd, reinterpret_cast<const sockaddr*>(&local), sizeof local) != 0) {
        std::perror("udp_floor_server: bind");
        return 1;
    }
    const int poller = ::epoll_create1(0);
    epoll_event interest{};
    interest.events = EPOLLIN | EPOLLET;
    ::epoll_ctl(poller, EPOLL_CTL_ADD, fd, &interest);

    static std::uint8_t in[kBatch][kMaxPacket], out[kBatch][kMaxPacket];
    static sockaddr_storage peers[kBatch];
    static iovec in_iov[kBatch], out_iov[kBatch];
    static mmsghdr in_msgs[kBatch], out_msgs[kBatch];
    for (int i = 0; i < kBatch; ++i) {
        in_iov[i] = {in[i], kMaxPacket};
        in_msgs[i].msg_hdr.msg_iov = &in_iov[i];
        in_msgs[i].msg_hdr.msg_iovlen = 1;
        out_msgs[i].msg_hdr.msg_iov = &out_iov[i];
        out_msgs[i].msg_hdr.msg_iovlen = 1;
    }
    std::fprintf(stderr, "udp_floor_server: listening on %s:%s\n", argv[1], argv[2]);
    for (;;) {
        epoll_event ready;
        if (::epoll_wait(poller, &ready, 1, -1) < 0) continue;
        for (int count = kBatch; count == kBatch;) {  // drain, a batch at a time
            for (int i = 0; i < kBatch; ++i) {
                in_msgs[i].msg_hdr.msg_name = &peers[i];
                in_msgs[i].msg_hdr.msg_namelen = sizeof peers[i];
            }
            count = ::recvmmsg(fd, in_msgs, kBatch, MSG_DONTWAIT, nullptr);
            if (count <= 0) break;
            unsigned replies = 0;
            for (int i = 0; i < count; ++i) {
                const std::size_t length = answer(in[i], in_msgs[i].msg_len, out[replies]);
                if (length == 0) continue;
                out_iov[replies] = {out[replies], length};
                out_msgs[replies].msg_hdr.msg_name = &peers[i];
                out_msgs[replies].msg_hdr.msg_namelen = in_msgs[i].msg_hdr.msg_namelen;
                ++replies;
            }
            for (unsigned sent = 0; sent < replies;) {
                const int n = ::sendmmsg(fd, out_msgs + sent, replies - sent, MSG_DONTWAIT);
                sent += n > 0 ? static_cast<unsigned>(n) : 1u;  // a refused datagram is skipped
            }
        }
    }
}
