#pragma once

// Reading a JWT's header and claims (RFC 7519), without verifying anything.

#include <cstddef>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include <oauth2cc/result.hpp>

namespace oauth2cc::cli {

struct DecodedJwt {
  nlohmann::json header;  // JOSE header: alg, typ, kid
  nlohmann::json claims;  // the payload
  std::size_t signature_length = 0;
};

// errc::malformed_response with a message saying which part is wrong; the
// message never contains the token or any part of it.
Result<DecodedJwt> decode_jwt(std::string_view token);

// The token in what a user pastes: surrounding blanks, "Authorization:" and
// "Bearer " removed, so `oauth2cc token | oauth2cc decode -` works.
std::string_view bare_token(std::string_view text) noexcept;

}  // namespace oauth2cc::cli
