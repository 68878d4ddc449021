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

}  // namespace roja::server
