// Socket options Asio has no portable name for.
#pragma once

namespace roja::server {

// SO_REUSEPORT: every worker binds its own socket on the same address and the kernel spreads
// clients over them. Throws boost::system::system_error (start-up only).
void set_reuse_port(int fd);

}  // namespace roja::server
