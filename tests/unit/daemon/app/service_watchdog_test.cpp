#include "daemon/app/service_watchdog.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace roja;
namespace asio = boost::asio;

namespace {

// Two workers that run only when the test polls them, and a recorder in place of sd_notify.
struct Rig {
    asio::io_context main_io, worker_a, worker_b;
    std::vector<std::string> sent;
    app::ServiceWatchdog watchdog{main_io,
                                  {worker_a.get_executor(), worker_b.get_executor()},
                                  std::chrono::seconds(30),
                                  [this](std::string_view state) { sent.emplace_back(state); }};

    int pings() const {
        int n = 0;
        for (const auto& s : sent) n += s == "WATCHDOG=1";
        return n;
    }
    void run_both() {
        worker_a.poll();
        worker_b.poll();
        worker_a.restart();
        worker_b.restart();
    }
};

}  // namespace

TEST_CASE("the watchdog pings only after every worker ran its probe") {
    Rig rig;
    rig.watchdog.start();
    CHECK_FALSE(rig.watchdog.tick());  // nobody ran yet
    CHECK(rig.pings() == 0);
    rig.run_both();
    CHECK(rig.watchdog.tick());
    CHECK(rig.pings() == 1);
    rig.run_both();
    CHECK(rig.watchdog.tick());
    CHECK(rig.pings() == 2);
}

TEST_CASE("one stuck worker stops the pings and is named, and a recovered one resumes them") {
    Rig rig;
    rig.watchdog.start();
    rig.run_both();
    REQUIRE(rig.watchdog.tick());
    rig.worker_a.poll();  // worker b is stuck
    rig.worker_a.restart();
    CHECK_FALSE(rig.watchdog.tick());
    CHECK_FALSE(rig.watchdog.tick());
    CHECK(rig.pings() == 1);
    CHECK(rig.watchdog.stalled_workers() == std::vector<std::size_t>{1});
    CHECK(rig.sent.back() == "STATUS=worker 1 stalled: watchdog not fed");
    rig.run_both();  // b turns again: its one queued probe runs
    CHECK(rig.watchdog.tick());
    CHECK(rig.pings() == 2);
}

TEST_CASE("a stuck worker gets no pile of probes: one stays queued until it runs") {
    Rig rig;
    rig.watchdog.start();
    for (int i = 0; i < 5; ++i) {
        rig.worker_a.poll();
        rig.worker_a.restart();
        rig.watchdog.tick();
    }
    CHECK(rig.worker_b.poll() == 1);
}

TEST_CASE("without WATCHDOG_USEC there is no watchdog") {
    unsetenv("WATCHDOG_USEC");
    CHECK_FALSE(app::ServiceWatchdog::interval_from_systemd().has_value());
}
