// OIDC discovery against scripted answers: the URL asked, the checks on the
// document, and the choice of an auth method.

#include <doctest/doctest.h>

#include <oauth2cc/source/discovery.hpp>

#include <string>
#include <vector>

using namespace oauth2cc;

namespace discovery_test {

namespace {

// Answers every GET with one scripted response and records the URLs.
struct ScriptedGet {
  HttpResponse answer;
  std::vector<std::string> urls;
  Result<HttpResponse> get(const HttpRequest& request) {
    urls.push_back(request.url);
    return answer;
  }
};
static_assert(HttpGetTransport<ScriptedGet>);

ScriptedGet answering(int status, std::string body) {
  ScriptedGet transport;
  transport.answer.status = status;
  transport.answer.body = std::move(body);
  return transport;
}

const std::string issuer = "https://idp.example/realms/acme";

}  // namespace

TEST_SUITE("OIDC discovery") {
  TEST_CASE("reads token_endpoint and the auth methods from <issuer>/.well-known/openid-configuration") {
    ScriptedGet transport = answering(200, R"({"issuer":"https://idp.example/realms/acme",
      "token_endpoint":"https://idp.example/realms/acme/token",
      "token_endpoint_auth_methods_supported":["private_key_jwt","client_secret_basic"]})");
    const auto metadata = discover(transport, issuer);
    REQUIRE_MESSAGE(metadata, metadata.message());
    CHECK(transport.urls == std::vector<std::string>{issuer + "/.well-known/openid-configuration"});
    CHECK(metadata->token_endpoint == "https://idp.example/realms/acme/token");
    CHECK(metadata->token_endpoint_auth_methods_supported ==
          std::vector<std::string>{"private_key_jwt", "client_secret_basic"});
  }

  TEST_CASE("a trailing slash on the issuer is not doubled, and no list means client_secret_basic") {
    ScriptedGet transport = answering(200, R"({"issuer":"https://idp.example/","token_endpoint":"https://idp.example/t"})");
    const auto metadata = discover(transport, "https://idp.example/");
    REQUIRE_MESSAGE(metadata, metadata.message());
    CHECK(transport.urls.front() == "https://idp.example/.well-known/openid-configuration");
    CHECK(metadata->token_endpoint_auth_methods_supported == std::vector<std::string>{"client_secret_basic"});
  }

  TEST_CASE("a document for another issuer, without a token_endpoint, or not JSON is malformed_response") {
    ScriptedGet other = answering(200, R"({"issuer":"https://evil.example","token_endpoint":"https://evil.example/t"})");
    const auto wrong_issuer = discover(other, issuer);
    CHECK(wrong_issuer.error() == errc::malformed_response);
    CHECK(wrong_issuer.message().find("not the one asked for") != std::string::npos);
    ScriptedGet no_endpoint = answering(200, R"({"issuer":"https://idp.example/realms/acme"})");
    CHECK(discover(no_endpoint, issuer).message().find("token_endpoint is missing") != std::string::npos);
    ScriptedGet html = answering(200, "<html>");
    CHECK(discover(html, issuer).error() == errc::malformed_response);
  }

  TEST_CASE("an HTTP error names the discovery URL, and a bad issuer URL is invalid_url without a request") {
    ScriptedGet missing = answering(404, "");
    const auto not_found = discover(missing, issuer);
    CHECK(not_found.error() == errc::http_error);
    CHECK(not_found.message().find(issuer + "/.well-known/openid-configuration") != std::string::npos);
    ScriptedGet unused = answering(200, "{}");
    CHECK(discover(unused, "idp.example").error() == errc::invalid_url);
    CHECK(unused.urls.empty());
  }

  TEST_CASE("choose_auth_method takes the first allowed method the IdP supports") {
    ProviderMetadata metadata{issuer, issuer + "/token", {"client_secret_basic", "private_key_jwt"}};
    CHECK(choose_auth_method(metadata, {AuthMethod::private_key_jwt, AuthMethod::client_secret_basic}).value() ==
          AuthMethod::private_key_jwt);
    CHECK(choose_auth_method(metadata, {AuthMethod::client_secret_post, AuthMethod::client_secret_basic}).value() ==
          AuthMethod::client_secret_basic);
    const auto none = choose_auth_method(metadata, {AuthMethod::tls_client_auth, AuthMethod::client_secret_jwt});
    CHECK(none.error() == errc::invalid_configuration);
    CHECK(none.message().find("[client_secret_basic, private_key_jwt]") != std::string::npos);
    CHECK(none.message().find("[tls_client_auth, client_secret_jwt]") != std::string::npos);
  }
}

}  // namespace discovery_test
