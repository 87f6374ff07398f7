#pragma once

// A token as a source would hand it to a CachePolicy: issued at `issued`,
// living `lifetime`.

#include <oauth2cc/clock.hpp>
#include <oauth2cc/token.hpp>

#include <chrono>   // seconds
#include <string>   // string
#include <utility>  // move

namespace oauth2cc_test {

inline oauth2cc::Token token_issued_at(oauth2cc::SteadyTime issued, std::chrono::seconds lifetime,
                                       std::string value = "token") {
  oauth2cc::Token token;
  token.value = std::move(value);
  token.type = "Bearer";
  token.issued_at = issued;
  token.expires_at = issued + lifetime;
  return token;
}

}  // namespace oauth2cc_test
