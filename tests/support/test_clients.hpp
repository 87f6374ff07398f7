#pragma once

// The clients tests/idp/idp.mjs registers (its CLIENTS list), for the tests
// that run against that IdP; kept equal to the list by hand (a client that
// differs fails its test with invalid_client). Clients a test registers for
// itself (idp.mjs --clients) stay in that test.

#include <string>  // string

namespace oauth2cc_test {

// client_secret_basic. The secrets of these two need form-encoding before
// HTTP Basic (RFC 6749 §2.3.1).
inline const std::string basic_id = "oauth2cc-basic";
inline const std::string basic_secret = "b4sic%&+= :/-secret";
// client_secret_post.
inline const std::string post_id = "oauth2cc-post";
inline const std::string post_secret = "p0st%&+= :/-secret";
// client_secret_basic, allowed scope api:read only: for invalid_scope.
inline const std::string readonly_id = "oauth2cc-readonly";
inline const std::string readonly_secret = "readonly-secret";
// client_secret_basic, DPoP-bound tokens only (RFC 9449 §5.2).
inline const std::string dpop_id = "oauth2cc-dpop";
inline const std::string dpop_secret = "dpop-secret";
// client_secret_basic; may exchange tokens (RFC 8693) and get client_credentials ones.
inline const std::string exchange_id = "oauth2cc-exchange";
inline const std::string exchange_secret = "exch4nge-secret";
// A public client (auth method none) that may only exchange tokens.
inline const std::string exchange_public_id = "oauth2cc-exchange-public";

// The resource (RFC 8707) whose tokens are JWTs, the audience /protected accepts.
inline const std::string api = "urn:oauth2cc:api";

}  // namespace oauth2cc_test
