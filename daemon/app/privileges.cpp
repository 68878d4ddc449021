#include "daemon/app/privileges.hpp"

#include <grp.h>
#include <linux/capability.h>
#include <pwd.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <stdexcept>
#include <vector>

#include "daemon/log/log.hpp"

namespace roja::app {

namespace {

struct Account {
    std::string name;
    uid_t uid = 0;
    gid_t gid = 0;
};

[[noreturn]] void fail(const std::string& what) {
    throw std::runtime_error(what + ": " + std::strerror(errno));
}

std::optional<Account> find_account(const std::string& name) {
    std::vector<char> buffer(16384);
    passwd entry{};
    passwd* found = nullptr;
    const int rc = getpwnam_r(name.c_str(), &entry, buffer.data(), buffer.size(), &found);
    if (rc != 0) {
        errno = rc;
        fail("looking up user " + name);
    }
    if (found == nullptr) return std::nullopt;
    return Account{name, found->pw_uid, found->pw_gid};
}

std::string name_of(uid_t uid) {
    std::vector<char> buffer(16384);
    passwd entry{};
    passwd* found = nullptr;
    if (getpwuid_r(uid, &entry, buffer.data(), buffer.size(), &found) != 0 || found == nullptr)
        return {};
    return found->pw_name;
}

// Both capability words at once (version 3: 64 capabilities in two 32-bit halves). A seccomp
// filter that denies capset (SystemCallFilter=~@privileged) makes this a no-op, not an error:
// the caller reports what is left.
void try_set_no_capabilities() {
    __user_cap_header_struct header{_LINUX_CAPABILITY_VERSION_3, 0};
    __user_cap_data_struct data[2]{};
    (void)syscall(SYS_capset, &header, data);
}

// Groups first (they need root), then the gid, then the uid: the order that leaves no way back.
void become(const Account& account) {
    if (initgroups(account.name.c_str(), account.gid) != 0)
        fail("setting the groups of " + account.name);
    if (setresgid(account.gid, account.gid, account.gid) != 0)
        fail("setting gid " + std::to_string(account.gid));
    if (setresuid(account.uid, account.uid, account.uid) != 0)
        fail("setting uid " + std::to_string(account.uid));
}

// Trust, but check: every id is the new one, root cannot be regained, no capability is left.
void verify(const Account& account) {
    uid_t ruid = 0, euid = 0, suid = 0;
    gid_t rgid = 0, egid = 0, sgid = 0;
    getresuid(&ruid, &euid, &suid);
    getresgid(&rgid, &egid, &sgid);
    const bool ids_ok = ruid == account.uid && euid == account.uid && suid == account.uid &&
                        rgid == account.gid && egid == account.gid && sgid == account.gid;
    if (!ids_ok) throw std::runtime_error("privilege drop to " + account.name + " did not take");
    if (account.uid != 0 && setuid(0) == 0)
        throw std::runtime_error("root could be regained after the drop");
    if (effective_capabilities() != 0) throw std::runtime_error("capabilities left after the drop");
}

ServingIdentity current_identity() {
    ServingIdentity identity;
    identity.uid = geteuid();
    identity.gid = getegid();
    identity.user = name_of(identity.uid);
    identity.capabilities = effective_capabilities();
    return identity;
}

// Not root: whoever started us chose the uid (systemd's User=); the bind is done, so shed the
// CAP_NET_BIND_SERVICE it gave us.
ServingIdentity keep_user(const std::optional<std::string>& user) {
    const std::string current = name_of(geteuid());
    if (user && *user != current)
        throw std::runtime_error("--user " + *user + ": rojad runs as " +
                                 (current.empty() ? "uid " + std::to_string(geteuid()) : current) +
                                 ", not root, and cannot switch");
    if (effective_capabilities() != 0) try_set_no_capabilities();
    return current_identity();
}

}  // namespace

std::uint64_t effective_capabilities() {
    __user_cap_header_struct header{_LINUX_CAPABILITY_VERSION_3, 0};
    __user_cap_data_struct data[2]{};
    if (syscall(SYS_capget, &header, data) != 0) fail("reading capabilities");
    return (std::uint64_t{data[1].effective} << 32) | data[0].effective;
}

ServingIdentity drop_privileges(const std::optional<std::string>& user,
                                const std::function<void(uid_t, gid_t)>& before_change) {
    if (geteuid() != 0) return keep_user(user);
    if (user && *user == "root") {
        ServingIdentity identity = current_identity();
        identity.stayed_root = true;
        identity.root_requested = true;
        return identity;
    }
    const std::string name = user ? *user : std::string(kServiceUser);
    const std::optional<Account> account = find_account(name);
    if (!account) {
        if (user) throw std::runtime_error("--user " + name + ": no such user");
        ServingIdentity identity = current_identity();
        identity.stayed_root = true;
        return identity;
    }
    if (before_change) before_change(account->uid, account->gid);
    become(*account);
    verify(*account);
    // rojad never runs another program; should something make it, no setuid bit gives root back.
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) fail("setting no_new_privs");
    ServingIdentity identity = current_identity();
    identity.changed_user = true;
    return identity;
}

void log_serving_identity(const ServingIdentity& identity) {
    char caps[19];
    std::snprintf(caps, sizeof caps, "%016llx",
                  static_cast<unsigned long long>(identity.capabilities));
    const std::string uid = std::to_string(identity.uid), gid = std::to_string(identity.gid);
    if (identity.root_requested) {
        log::info("running_as_root", {{"reason", "--user root"}});
        return;
    }
    if (identity.stayed_root) {
        log::warning("running_as_root",
                     {{"reason", "no user " + std::string(kServiceUser)},
                      {"advice", "create it (sysusers.d/roja.conf) or pass --user"}});
        return;
    }
    log::info(identity.changed_user ? "privileges_dropped" : "privileges_kept",
              {{"user", identity.user}, {"uid", uid}, {"gid", gid}, {"capabilities", caps}});
}

}  // namespace roja::app
