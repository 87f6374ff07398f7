#include "token_endpoint.hpp"

#include <openssl/crypto.h>

#include <string_view>
#include <utility>

#include <nlohmann/json.hpp>

#include <oauth2cc/detail/text/base64.hpp>
#include <oauth2cc/detail/http/form_encode.hpp>

#include "random.hpp"

namespace oauth2cc_demo {
namespace {

bool same_secret(std::string_view given, std::string_view expected) {
  return given.size() == expected.size() && CRYPTO_memcmp(given.data(), expected.data(), expected.size()) == 0;
}

void oauth_error(httplib::Response& response, int status, const std::string& error, const std::string& description) {
  response.status = status;
  if (status == 401) response.set_header("WWW-Authenticate", R"(Basic realm="oauth2cc-demo")");
  response.set_content(nlohmann::json{{"error", error}, {"error_description", description}}.dump(), "application/json");
}

}  // namespace

TokenEndpoint::TokenEndpoint(const Hs256Signer& signer, TokenEndpointSettings settings)
    : signer_(signer), settings_(std::move(settings)) {
  server_.http().Post("/token", [this](const httplib::Request& request, httplib::Response& response) {
    handle(request, response);
  });
  server_.start();
}

std::uint64_t TokenEndpoint::tokens_issued() const {
  const std::lock_guard lock(mutex_);
  return issued_;
}

// HTTP Basic with the id and secret form-encoded first (RFC 6749 §2.3.1).
bool TokenEndpoint::authenticated(const httplib::Request& request) const {
  const std::string authorization = request.get_header_value("Authorization");
  if (authorization.rfind("Basic ", 0) != 0) return false;
  const auto decoded = oauth2cc::detail::base64_decode(std::string_view(authorization).substr(6));
  if (!decoded) return false;
  const std::size_t colon = decoded->find(':');
  if (colon == std::string::npos) return false;
  const std::string id = oauth2cc::detail::form_decode(std::string_view(*decoded).substr(0, colon));
  const oauth2cc::Secret secret = oauth2cc::detail::form_decode(std::string_view(*decoded).substr(colon + 1));
  return id == settings_.client_id && same_secret(secret.reveal(), settings_.client_secret.reveal());
}

void TokenEndpoint::handle(const httplib::Request& request, httplib::Response& response) {
  response.set_header("Cache-Control", "no-store");
  if (!authenticated(request)) {
    oauth_error(response, 401, "invalid_client", "authenticate with client_secret_basic as the demo client");
    return;
  }
  std::string grant_type;
  for (const auto& [name, value] : oauth2cc::detail::decode_form(request.body)) {
    if (name == "grant_type") grant_type = value;
  }
  if (grant_type != "client_credentials") {
    oauth_error(response, 400, "unsupported_grant_type", "only client_credentials is supported");
    return;
  }

  using namespace std::chrono;
  const auto now = duration_cast<milliseconds>(system_clock::now().time_since_epoch());
  // exp is rounded up to a whole second, so a token is never shorter-lived
  // than the expires_in the client is told.
  const auto exp = ceil<seconds>(now + settings_.lifetime);
  const nlohmann::json claims{{"iss", url()},
                              {"sub", settings_.client_id},
                              {"aud", settings_.audience},
                              {"iat", duration_cast<seconds>(now).count()},
                              {"exp", exp.count()},
                              {"jti", random_hex(16)}};
  const nlohmann::json body{{"access_token", signer_.sign(claims)},
                            {"token_type", "Bearer"},
                            {"expires_in", settings_.lifetime.count()}};
  {
    const std::lock_guard lock(mutex_);
    ++issued_;
  }
  response.set_content(body.dump(), "application/json");
}

}  // namespace oauth2cc_demo
