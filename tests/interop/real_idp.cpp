// Interop against a real OAuth2 server: panva's oidc-provider (tests/idp),
// over HTTP and over HTTPS with certificates generated for the test run.
// Tokens are then presented to a protected endpoint that verifies them
// against the server's JWKS, so "we got a token" also means "it is accepted".

#include <doctest/doctest.h>

// The core and the transport, not the umbrella: its JWT headers include
// OpenSSL's, which clash with wolfSSL's (tools/httplib_matrix.sh builds this
// file with cpp-httplib's wolfSSL backend too).
#include <oauth2cc/core.hpp>
#include <oauth2cc/transport/httplib.hpp>

#include <algorithm>
#include <chrono>
#include <string>
#include <thread>

#include "../support/idp_process.hpp"
#include "../support/protected_resource.hpp"
#include "../support/test_clients.hpp"

using namespace oauth2cc;
using namespace std::chrono_literals;
using oauth2cc_test::IdpProcess;

namespace real_idp_test {

namespace {

using oauth2cc_test::api;
using oauth2cc_test::basic_id;
using oauth2cc_test::basic_secret;
using oauth2cc_test::post_id;
using oauth2cc_test::post_secret;
using oauth2cc_test::readonly_id;
using oauth2cc_test::readonly_secret;

const std::string certs = OAUTH2CC_TEST_CERTS_DIR;
const std::string script = OAUTH2CC_IDP_SCRIPT;

IdpProcess start_idp(bool https, const std::string& cert = "server", int ttl = 300) {
  return IdpProcess(script, https, certs + "/" + cert + ".pem", certs + "/" + cert + ".key", ttl);
}

HttplibTransport transport_trusting_test_ca() {
  HttplibTransportSettings settings;
  settings.tls.ca_file = certs + "/ca.pem";
  return HttplibTransport(settings);
}

// What the protected endpoint answers for this Authorization header.
int protected_status(const IdpProcess& idp, const std::string& header) {
  return oauth2cc_test::protected_status(idp, header, certs + "/ca.pem");
}

ClientCredentials api_client(const IdpProcess& idp, AuthMethod method) {
  const bool basic = method == AuthMethod::client_secret_basic;
  ClientCredentials source(idp.token_endpoint(), basic ? basic_id : post_id, basic ? basic_secret : post_secret);
  source.auth_method(method).scopes({"api:read", "api:write"}).resource(api);
  return source;
}

void check_method_works(const IdpProcess& idp, AuthMethod method) {
  CAPTURE(to_string(method));
  Authenticator auth(api_client(idp, method), ExpiryBuffer{}, transport_trusting_test_ca());
  const auto token = auth.try_token();
  REQUIRE_MESSAGE(token, token.message());
  CHECK(token->type == "Bearer");
  CHECK(token->scope == "api:read api:write");
  CHECK(token->lifetime() > 290s);
  CHECK(token->lifetime() <= 300s);
  CHECK(std::count(token->value.begin(), token->value.end(), '.') == 2);  // a JWT, as a resource was named
  CHECK(protected_status(idp, auth.header()) == 200);
  CHECK(auth.stats().fetches == 1);
}

}  // namespace

TEST_SUITE("interop with oidc-provider") {
  TEST_CASE("client_secret_basic and client_secret_post over HTTP, tokens accepted by the resource") {
    const IdpProcess idp = start_idp(false);
    check_method_works(idp, AuthMethod::client_secret_basic);
    check_method_works(idp, AuthMethod::client_secret_post);
  }

  TEST_CASE("client_secret_basic and client_secret_post over HTTPS with tls.ca_file") {
    const IdpProcess idp = start_idp(true);
    REQUIRE(idp.token_endpoint().starts_with("https://"));
    check_method_works(idp, AuthMethod::client_secret_basic);
    check_method_works(idp, AuthMethod::client_secret_post);
  }

  TEST_CASE("without a resource the IdP issues an opaque token, which is cached like any other") {
    const IdpProcess idp = start_idp(false);
    Authenticator auth(ClientCredentials(idp.token_endpoint(), basic_id, basic_secret), ExpiryBuffer{},
                       HttplibTransport{});
    const auto token = auth.try_token();
    REQUIRE_MESSAGE(token, token.message());
    CHECK(std::count(token->value.begin(), token->value.end(), '.') == 0);
    CHECK(token->lifetime() > 0s);
    CHECK(auth.header() == "Bearer " + token->value);
    CHECK(auth.stats().fetches == 1);
  }

  TEST_CASE("a wrong secret is invalid_client, and the message names the fix but not the secret") {
    const IdpProcess idp = start_idp(false);
    for (const AuthMethod method : {AuthMethod::client_secret_basic, AuthMethod::client_secret_post}) {
      CAPTURE(to_string(method));
      const std::string wrong = "wr0ng%&+= :/-secret";
      ClientCredentials source(idp.token_endpoint(), method == AuthMethod::client_secret_basic ? basic_id : post_id,
                               wrong);
      source.auth_method(method);
      Authenticator auth(std::move(source), ExpiryBuffer{}, HttplibTransport{});
      const auto header = auth.try_header();
      CHECK(header.error() == errc::invalid_client);
      CHECK(header.message().find("client_secret") != std::string::npos);
      CHECK(header.message().find("wr0ng") == std::string::npos);
      CHECK(header.message().find("wr0ng%25") == std::string::npos);
    }
  }

  TEST_CASE("a scope the client may not have is invalid_scope") {
    const IdpProcess idp = start_idp(false);
    ClientCredentials source(idp.token_endpoint(), readonly_id, readonly_secret);
    source.scopes({"api:write"}).resource(api);
    Authenticator auth(std::move(source), ExpiryBuffer{}, HttplibTransport{});
    CHECK(auth.try_header().error() == errc::invalid_scope);
  }

  TEST_CASE("an unknown resource is invalid_target") {
    const IdpProcess idp = start_idp(false);
    ClientCredentials source(idp.token_endpoint(), basic_id, basic_secret);
    source.resource("urn:nobody:knows");
    Authenticator auth(std::move(source), ExpiryBuffer{}, HttplibTransport{});
    CHECK(auth.try_header().error() == errc::invalid_target);
  }

  TEST_CASE("an IdP whose CA is not trusted is a TLS error naming tls.ca_file") {
    const IdpProcess idp = start_idp(true);
    Authenticator auth(api_client(idp, AuthMethod::client_secret_basic), ExpiryBuffer{}, HttplibTransport{});
    const auto header = auth.try_header();
    CHECK(header.error() == errc::tls_certificate_untrusted);
    CHECK(header.message().find("tls.ca_file") != std::string::npos);
  }

  TEST_CASE("an IdP whose certificate names another host is a TLS error, which server_name_override fixes") {
    const IdpProcess idp = start_idp(true, "wrong-host");
    Authenticator mismatched(api_client(idp, AuthMethod::client_secret_basic), ExpiryBuffer{},
                             transport_trusting_test_ca());
    CHECK(mismatched.try_header().error() == errc::tls_hostname_mismatch);

    HttplibTransportSettings settings;
    settings.tls.ca_file = certs + "/ca.pem";
    settings.tls.server_name_override = "wrong.example";
    Authenticator overridden(api_client(idp, AuthMethod::client_secret_basic), ExpiryBuffer{},
                             HttplibTransport(settings));
    const auto header = overridden.try_header();
    CHECK_MESSAGE(header, header.message());
  }

  TEST_CASE("a short-lived token is refreshed after it expires, and the new one is accepted" * doctest::timeout(60)) {
    const IdpProcess idp = start_idp(false, "server", /*ttl=*/2);
    Authenticator auth(api_client(idp, AuthMethod::client_secret_basic), ExpiryBuffer(0s), HttplibTransport{});
    const std::string first = auth.header();
    CHECK(auth.header() == first);
    CHECK(protected_status(idp, first) == 200);
    const Token token = auth.token();
    CHECK(token.lifetime() <= 2s);
    std::this_thread::sleep_until(token.expires_at + 1100ms);  // past expiry at the IdP's one-second granularity too
    CHECK(protected_status(idp, first) == 401);  // the resource agrees the old token is dead
    const std::string second = auth.header();
    CHECK(second != first);
    CHECK(protected_status(idp, second) == 200);
    CHECK(auth.stats().fetches == 2);
  }
}

}  // namespace real_idp_test
