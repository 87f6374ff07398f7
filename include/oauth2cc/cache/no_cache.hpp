#pragma once

#include <oauth2cc/clock.hpp>
#include <oauth2cc/concepts.hpp>
#include <oauth2cc/token.hpp>

namespace oauth2cc {

// Every call fetches a new token (callers arriving during a fetch still share
// it). For IdPs that issue one-time tokens, and for debugging.
struct NoCache {
  SteadyTime refresh_at(const Token& token) const noexcept { return token.issued_at; }
};

static_assert(CachePolicy<NoCache>);

}  // namespace oauth2cc
