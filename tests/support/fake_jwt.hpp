#pragma once

// A JWT-shaped text with chosen claims and a signature of no key: enough for
// code that only reads claims (the client never verifies a token), never for
// an IdP.

#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include <oauth2cc/clock.hpp>
#include <oauth2cc/source/client_assertion.hpp>

namespace oauth2cc_test {

inline std::string fake_jwt(const nlohmann::json& claims) {
  return oauth2cc::detail::signing_input(R"({"alg":"RS256","typ":"JWT"})", claims.dump()) + ".bm90LWEtc2lnbmF0dXJl";
}

// Seconds since the epoch of a wall time, for `exp` and `iat` claims.
inline std::int64_t epoch(oauth2cc::WallTime time) {
  return std::chrono::duration_cast<std::chrono::seconds>(time.time_since_epoch()).count();
}

}  // namespace oauth2cc_test
