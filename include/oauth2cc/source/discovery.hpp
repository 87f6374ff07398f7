#pragma once

// OIDC discovery (OpenID Connect Discovery 1.0 §4, RFC 8414 §3): from an
// issuer URL, the token endpoint and the client authentication methods the
// IdP supports, then the first method of the caller's own list the IdP has.
// Fetched once, not for every token; DiscoveredClientCredentials
// (<oauth2cc/source/discovered_client_credentials.hpp>) does it at its first
// fetch and retries it until it succeeds. By hand:
//
//   HttplibTransport transport(settings);
//   auto metadata = discover(transport, "https://idp.example/realms/acme").value();
//   auto method = choose_auth_method(metadata, {AuthMethod::private_key_jwt,
//                                               AuthMethod::client_secret_basic}).value();

#include <chrono>            // milliseconds
#include <initializer_list>  // initializer_list
#include <string>            // string
#include <string_view>       // string_view
#include <utility>           // move
#include <vector>            // vector

#include <nlohmann/json.hpp>

#include <oauth2cc/concepts.hpp>
#include <oauth2cc/detail/text/ascii.hpp>
#include <oauth2cc/url.hpp>
#include <oauth2cc/error.hpp>
#include <oauth2cc/http.hpp>
#include <oauth2cc/result.hpp>
#include <oauth2cc/source/client_credentials.hpp>

namespace oauth2cc {

// What discovery learnt about the IdP.
struct ProviderMetadata {
  std::string issuer;
  std::string token_endpoint;
  // As the IdP spells them; ["client_secret_basic"] when it lists none (the
  // default of OIDC Discovery §3 and RFC 8414 §2).
  std::vector<std::string> token_endpoint_auth_methods_supported;
};

namespace detail {

inline Failure discovery_failure(errc code, std::string_view url, std::string_view problem) {
  return Failure{make_error_code(code), "OIDC discovery at " + printable(url, 200) + ": " + std::string(problem)};
}

// The metadata document, checked: a JSON object from the issuer it claims to
// describe, with an absolute token_endpoint.
template <class Json = nlohmann::json>
Result<ProviderMetadata> parse_provider_metadata(const HttpResponse& response, std::string_view issuer,
                                                 std::string_view url) {
  if (response.status != 200) {
    return discovery_failure(errc::http_error, url,
                             "answered HTTP " + std::to_string(response.status) +
                                 "; check the issuer URL (the part before /.well-known/openid-configuration)");
  }
  const Json document = Json::parse(response.body, nullptr, /*allow_exceptions=*/false);
  if (!document.is_object()) {
    return discovery_failure(errc::malformed_response, url, "the answer is not a JSON object; check the issuer URL");
  }
  ProviderMetadata metadata;
  const auto text = [&document](std::string_view key) -> std::string {
    const auto it = document.find(key);
    return it != document.end() && it->is_string() ? it->template get<std::string>() : std::string();
  };
  metadata.issuer = text("issuer");
  // OIDC Discovery §4.3: the document must name the issuer it was fetched for.
  if (metadata.issuer != issuer) {
    return discovery_failure(errc::malformed_response, url,
                             "the document is for issuer \"" + printable(metadata.issuer, 200) +
                                 "\", not the one asked for; set the issuer exactly as the IdP names itself");
  }
  metadata.token_endpoint = text("token_endpoint");
  if (!parse_url(metadata.token_endpoint)) {
    return discovery_failure(errc::malformed_response, url,
                             "token_endpoint is missing or not an absolute http(s) URL; set token_url instead");
  }
  if (const auto it = document.find("token_endpoint_auth_methods_supported"); it != document.end()) {
    if (!it->is_array()) {
      return discovery_failure(errc::malformed_response, url, "token_endpoint_auth_methods_supported is not a list");
    }
    for (const auto& method : *it) {
      if (method.is_string()) metadata.token_endpoint_auth_methods_supported.push_back(method.template get<std::string>());
    }
  } else {
    metadata.token_endpoint_auth_methods_supported = {"client_secret_basic"};
  }
  return metadata;
}

}  // namespace detail

// GETs <issuer>/.well-known/openid-configuration once and checks it.
template <HttpGetTransport Transport>
Result<ProviderMetadata> discover(Transport& transport, std::string issuer,
                                  std::chrono::milliseconds timeout = default_request_timeout) {
  if (!parse_url(issuer)) {
    return Failure{make_error_code(errc::invalid_url),
                   "OIDC discovery: the issuer is not an absolute http:// or https:// URL; set the IdP's issuer, "
                   "e.g. https://keycloak.example/realms/master"};
  }
  std::string url = issuer;
  if (url.ends_with('/')) url.pop_back();
  url += "/.well-known/openid-configuration";
  HttpRequest request;
  request.url = url;
  request.headers = {{"Accept", "application/json"}};
  request.timeout = timeout;
  Result<HttpResponse> response = transport.get(request);
  if (!response) return std::move(response).failure();
  return detail::parse_provider_metadata(*response, issuer, url);
}

// The first of `allowed` (in the caller's order of preference) that the IdP
// supports; invalid_configuration listing both sides when none is.
inline Result<AuthMethod> choose_auth_method(const ProviderMetadata& metadata, const std::vector<AuthMethod>& allowed) {
  for (const AuthMethod method : allowed) {
    for (const std::string& supported : metadata.token_endpoint_auth_methods_supported) {
      if (supported == to_string(method)) return method;
    }
  }
  std::string offered;
  for (const std::string& supported : metadata.token_endpoint_auth_methods_supported) {
    offered += (offered.empty() ? "" : ", ") + detail::printable(supported, 60);
  }
  std::string wanted;
  for (const AuthMethod method : allowed) wanted += (wanted.empty() ? "" : ", ") + std::string(to_string(method));
  return Failure{make_error_code(errc::invalid_configuration),
                 "the IdP " + detail::printable(metadata.issuer, 200) + " supports the token endpoint auth methods [" +
                     offered + "] and none of the allowed [" + wanted +
                     "]; allow one it supports, or enable one of yours for the client at the IdP"};
}

inline Result<AuthMethod> choose_auth_method(const ProviderMetadata& metadata, std::initializer_list<AuthMethod> allowed) {
  return choose_auth_method(metadata, std::vector<AuthMethod>(allowed));
}

}  // namespace oauth2cc
