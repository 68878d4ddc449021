// Socket options Asio has no portable name for.
#pragma once

namespace roja::server {

// SO_REUSEPORT: every worker binds its own socket on the same address and the kernel spreads
// clients over them. Throws boost::system::system_error (start-up only).
void set_reuse_port(int fd);

// Asks for large socket buffers so a burst that arrives while the worker is descheduled waits
// in the kernel instead of being dropped. Best effort: beyond net.core.rmem_max only a process
// with CAP_NET_ADMIN gets more (SO_RCVBUFFORCE); failures are ignored.
void enlarge_buffers(int fd, int bytes) noexcept;

}  // namespace roja::server
