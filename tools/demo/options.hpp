#pragma once

// The demo's command line.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace oauth2cc_demo {

struct DemoOptions {
  int batches = 20;
  int spans_per_batch = 5;
  // With the default lifetime, refreshes (every 2 s) fall between batches, not on one.
  std::chrono::milliseconds interval{300};
  std::chrono::seconds token_lifetime{4};
  // The receiver revokes the token presented with this request (1-based; 0:
  // never). Unset: half way through the batches, or never with --serve-only.
  std::optional<std::uint64_t> revoke_at;
  std::string config_file;  // a real IdP, from a collector-style config
  std::string extension;    // which oauth2client extension of config_file
  std::string endpoint;     // a real OTLP/HTTP traces endpoint instead of the embedded receiver
  bool serve_only = false;  // only the token endpoint and the receiver, until stdin closes
  bool help = false;
};

// "250ms", "4s", "2m": a whole number and a unit. nullopt otherwise.
std::optional<std::chrono::milliseconds> parse_duration(std::string_view text);

// Throws std::invalid_argument naming the bad argument and what is expected.
DemoOptions parse_options(const std::vector<std::string_view>& args);

extern const char* const demo_usage;

}  // namespace oauth2cc_demo
