// The `upstream` section turned into one worker's UpstreamOptions: the pool's limits are split
// across the workers, every other value is the same for each.
#pragma once

#include "config/config.hpp"
#include "daemon/upstream/upstream_options.hpp"

namespace roja::upstream {

UpstreamOptions options_from_config(const config::UpstreamConfig& config, unsigned workers);

}  // namespace roja::upstream
