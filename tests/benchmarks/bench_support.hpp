#pragma once

// What the benchmarks share: a realistic token, the credentials, and a
// transport that answers at once from memory.

#include <string>  // string

#include <oauth2cc/http.hpp>
#include <oauth2cc/result.hpp>
#include <oauth2cc/source/client_credentials.hpp>

namespace oauth2cc_bench {

// About the size of a Keycloak access token (a signed JWT): 900 characters.
inline std::string jwt_sized_token() {
  std::string token = "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.";
  while (token.size() < 860) token += "eyJzdWIiOiJvdGVsLWV4cG9ydGVyIn0";
  return token + ".c2lnbmF0dXJl";
}

inline std::string token_response(const std::string& token, int expires_in) {
  return R"({"access_token":")" + token + R"(","token_type":"Bearer","expires_in":)" + std::to_string(expires_in) +
         R"(,"scope":"telemetry.write"})";
}

struct FixedResponseTransport {
  std::string body = token_response(jwt_sized_token(), 300);
  oauth2cc::Result<oauth2cc::HttpResponse> post_form(const oauth2cc::HttpRequest&) const {
    return oauth2cc::HttpResponse{200, {{"Content-Type", "application/json"}}, body};
  }
};

inline oauth2cc::ClientCredentials credentials(const std::string& token_url) {
  oauth2cc::ClientCredentials source(token_url, "otel-exporter", "benchmark-secret");
  source.scopes({"telemetry.write"});
  return source;
}

}  // namespace oauth2cc_bench
