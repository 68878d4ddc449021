// `rojactl feed verify URL|DIR (--key FILE… | --ca FILE [--subject S]) [--feed ID] [--tls-ca F]`:
// checks a published feed with rojad's own code (FeedSource, the candidate guards) — signature
// over the exact manifest bytes first, then the manifest, feed id, expiry, then every payload's
// size, SHA-256 and entry count — and prints what it found.
#pragma once

#include <ostream>
#include <span>
#include <string_view>

namespace roja::ctl {

int run_feed_verify(std::span<const std::string_view> args, std::ostream& out, std::ostream& err);
void print_feed_verify_usage(std::ostream& out);

}  // namespace roja::ctl
