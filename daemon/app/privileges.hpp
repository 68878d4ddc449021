// Leaving root once the sockets are bound. Under systemd rojad starts as `roja` with only
// CAP_NET_BIND_SERVICE; started as root without it (a SysV script, a container, `sudo rojad`)
// it binds its ports, then becomes the `roja` user with no capabilities at all.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace roja::app {

inline constexpr std::string_view kServiceUser = "roja";

// Who rojad serves as after start-up: what the log says and what a test can check.
struct ServingIdentity {
    uid_t uid = 0;
    gid_t gid = 0;
    std::string user;                // empty when the uid has no passwd entry
    std::uint64_t capabilities = 0;  // effective set, one bit per CAP_*
    bool changed_user = false;       // setuid happened here
    bool stayed_root = false;        // root on purpose (--user root) or for want of the user
    bool root_requested = false;     // --user root
};

// What to become, from `--user` and the current uid:
//  - not root: keep the uid that systemd's User= (or the caller) chose, shed every capability;
//  - root and `--user root`: stay root, on purpose;
//  - root and `--user NAME`: NAME, which must exist;
//  - root and no `--user`: `roja` when it exists, else stay root (logged as a warning by the
//    caller: `make run` as root on a developer machine has no roja user).
// Must run before any worker thread starts: capabilities are per thread. `before_change` runs,
// still as root, just before the switch to another user, with that user's uid and gid (to hand
// it the state directory). Throws std::runtime_error when a change fails or does not verify
// (start-up only).
ServingIdentity drop_privileges(const std::optional<std::string>& user,
                                const std::function<void(uid_t, gid_t)>& before_change = {});

// One log line: who rojad serves as, and a warning when that is root.
void log_serving_identity(const ServingIdentity& identity);

// The effective capability set of this thread (CAP_* bits).
std::uint64_t effective_capabilities();

}  // namespace roja::app
