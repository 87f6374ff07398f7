#pragma once

// An OAuth2 token endpoint for one confidential client (RFC 6749 §4.4, client
// credentials with client_secret_basic), issuing short-lived signed JWTs.

#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>

#include <oauth2cc/secret.hpp>

#include "hs256_signer.hpp"
#include "local_server.hpp"

namespace oauth2cc_demo {

struct TokenEndpointSettings {
  std::string client_id;
  oauth2cc::Secret client_secret;
  std::string audience;  // the `aud` claim: who the tokens are for
  std::chrono::seconds lifetime{4};
};

class TokenEndpoint {
 public:
  // Starts serving POST /token on 127.0.0.1 at once.
  TokenEndpoint(const Hs256Signer& signer, TokenEndpointSettings settings);

  std::string url() const { return server_.url("/token"); }
  std::uint64_t tokens_issued() const;

 private:
  void handle(const httplib::Request& request, httplib::Response& response);
  bool authenticated(const httplib::Request& request) const;

  const Hs256Signer& signer_;
  TokenEndpointSettings settings_;
  mutable std::mutex mutex_;
  std::uint64_t issued_ = 0;
  LocalServer server_;  // last: stops (and so stops calling handle) before the rest goes
};

}  // namespace oauth2cc_demo
