#include "daemon/server/socket_options.hpp"

#include <sys/socket.h>

#include <cerrno>

#include <boost/system/system_error.hpp>

namespace roja::server {

void set_reuse_port(int fd) {
    const int on = 1;
    if (::setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &on, sizeof(on)) != 0)
        throw boost::system::system_error(errno, boost::system::system_category(), "SO_REUSEPORT");
}

void enlarge_buffers(int fd, int bytes) noexcept {
    if (::setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &bytes, sizeof(bytes)) != 0)
        ::setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &bytes, sizeof(bytes));
    if (::setsockopt(fd, SOL_SOCKET, SO_SNDBUFFORCE, &bytes, sizeof(bytes)) != 0)
        ::setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &bytes, sizeof(bytes));
}

}  // namespace roja::server
