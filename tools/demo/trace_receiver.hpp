#pragma once

// A protected OTLP/HTTP trace receiver: POST /v1/traces with OTLP JSON,
// accepted only with a bearer token from the demo's token endpoint that is
// signed, unexpired, meant for this audience and not revoked (RFC 6750).

#include <cstdint>
#include <mutex>
#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "hs256_signer.hpp"
#include "local_server.hpp"

namespace oauth2cc_demo {

struct TraceReceiverSettings {
  std::string audience;                // the `aud` a token must carry
  std::uint64_t revoke_at_request = 0;  // revoke the token presented with this request (1-based); 0: never
};

struct TraceReceiverCounts {
  std::uint64_t requests = 0;  // every POST /v1/traces
  std::uint64_t accepted = 0;  // answered 200
  std::uint64_t rejected = 0;  // answered 401
  std::uint64_t spans = 0;     // spans in accepted requests
};

class TraceReceiver {
 public:
  // Starts serving POST /v1/traces on 127.0.0.1 at once.
  TraceReceiver(const Hs256Signer& signer, TraceReceiverSettings settings);

  std::string url() const { return server_.url("/v1/traces"); }
  TraceReceiverCounts counts() const;

 private:
  void handle(const httplib::Request& request, httplib::Response& response);
  // Empty when the token is good; otherwise why not (for error_description).
  std::string token_problem(const std::string& token, std::uint64_t request_number);

  const Hs256Signer& signer_;
  TraceReceiverSettings settings_;
  mutable std::mutex mutex_;
  TraceReceiverCounts counts_;
  std::set<std::string> revoked_;  // jti of revoked tokens
  LocalServer server_;  // last: stops (and so stops calling handle) before the rest goes
};

}  // namespace oauth2cc_demo
