// OIDC discovery against the real oidc-provider, over HTTP and over HTTPS
// with mutual TLS: the token endpoint and methods it publishes, a method
// chosen from them that then gets a token, and a clear error when none fits;
// then a Config with issuer instead of token_url, through make_authenticator.

#include <doctest/doctest.h>

#include <oauth2cc/oauth2cc.hpp>
#include <oauth2cc/authenticator_from_config.hpp>
#include <oauth2cc/config.hpp>

#include <algorithm>
#include <string>

#include "../support/idp_process.hpp"
#include "../support/protected_resource.hpp"
#include "../support/test_clients.hpp"

using namespace oauth2cc;
using oauth2cc_test::IdpProcess;

namespace discovery_interop_test {

namespace {

using oauth2cc_test::api;
using oauth2cc_test::basic_id;
using oauth2cc_test::basic_secret;
using oauth2cc_test::post_id;
using oauth2cc_test::post_secret;

const std::string certs = OAUTH2CC_TEST_CERTS_DIR;

bool has(const std::vector<std::string>& list, const std::string& item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

}  // namespace

TEST_SUITE("interop: OIDC discovery with oidc-provider") {
  TEST_CASE("discovery finds the token endpoint, and the chosen method gets a token") {
    const IdpProcess idp(OAUTH2CC_IDP_SCRIPT);
    HttplibTransport transport;
    const auto metadata = discover(transport, idp.issuer());
    REQUIRE_MESSAGE(metadata, metadata.message());
    CHECK(metadata->token_endpoint == idp.token_endpoint());
    CHECK(has(metadata->token_endpoint_auth_methods_supported, "private_key_jwt"));
    CHECK_FALSE(has(metadata->token_endpoint_auth_methods_supported, "tls_client_auth"));

    const auto method =
        choose_auth_method(*metadata, {AuthMethod::tls_client_auth, AuthMethod::client_secret_post});
    REQUIRE_MESSAGE(method, method.message());
    CHECK(*method == AuthMethod::client_secret_post);
    ClientCredentials source(metadata->token_endpoint, post_id, post_secret);
    source.auth_method(*method);
    Authenticator auth(std::move(source), ExpiryBuffer{}, std::move(transport));
    const auto header = auth.try_header();
    CHECK_MESSAGE(header, header.message());
  }

  TEST_CASE("over HTTPS with mutual TLS the RFC 8705 methods are published") {
    oauth2cc_test::IdpOptions options;
    options.script = OAUTH2CC_IDP_SCRIPT;
    options.https = true;
    options.cert_file = certs + "/server.pem";
    options.key_file = certs + "/server.key";
    options.extra_args = {"--client-ca", certs + "/ca.pem"};
    const IdpProcess idp(options);
    HttplibTransportSettings settings;
    settings.tls.ca_file = certs + "/ca.pem";
    HttplibTransport transport(settings);
    const auto metadata = discover(transport, idp.issuer());
    REQUIRE_MESSAGE(metadata, metadata.message());
    CHECK(metadata->token_endpoint == idp.token_endpoint());
    CHECK(choose_auth_method(*metadata, {AuthMethod::self_signed_tls_client_auth}).value() ==
          AuthMethod::self_signed_tls_client_auth);
  }

  TEST_CASE("no allowed method is invalid_configuration listing what the IdP offers") {
    const IdpProcess idp(OAUTH2CC_IDP_SCRIPT);
    HttplibTransport transport;
    const auto metadata = discover(transport, idp.issuer());
    REQUIRE(metadata);
    const auto method = choose_auth_method(*metadata, {AuthMethod::tls_client_auth});
    CHECK(method.error() == errc::invalid_configuration);
    CHECK(method.message().find("client_secret_basic") != std::string::npos);
    CHECK(method.message().find("[tls_client_auth]") != std::string::npos);
  }

  TEST_CASE("a wrong issuer path is http_error naming the discovery URL") {
    const IdpProcess idp(OAUTH2CC_IDP_SCRIPT);
    HttplibTransport transport;
    const auto metadata = discover(transport, idp.issuer() + "/nowhere");
    CHECK(metadata.error() == errc::http_error);
    CHECK(metadata.message().find("/nowhere/.well-known/openid-configuration") != std::string::npos);
  }

  TEST_CASE("a Config with issuer: make_authenticator discovers the endpoint and gets a token the resource accepts") {
    const IdpProcess idp(OAUTH2CC_IDP_SCRIPT);
    // tests/idp/README.md: a client_secret_basic client; discovery picks basic, the first a secret allows.
    Result<Config> config = config_from_json({{"client_id", basic_id},
                                              {"client_secret", basic_secret},
                                              {"issuer", idp.issuer()},
                                              {"endpoint_params", {{"resource", api}}}});
    REQUIRE_MESSAGE(config, config.message());
    AnyAuthenticator auth = make_authenticator(*config);
    const auto header = auth.try_header();
    REQUIRE_MESSAGE(header, header.message());
    CHECK(oauth2cc_test::protected_status(idp, std::string(*header), certs + "/ca.pem") == 200);
  }

  TEST_CASE("a Config with issuer and an auth_method the IdP lacks: invalid_configuration naming both") {
    // HTTPS without a client CA: the RFC 8705 methods are not published.
    const IdpProcess idp(OAUTH2CC_IDP_SCRIPT, true, certs + "/server.pem", certs + "/server.key");
    Result<Config> config = config_from_json({{"client_id", basic_id},
                                              {"issuer", idp.issuer()},
                                              {"auth_method", "tls_client_auth"},
                                              {"tls",
                                               {{"ca_file", certs + "/ca.pem"},
                                                {"cert_file", certs + "/client.pem"},
                                                {"key_file", certs + "/client.key"}}}});
    REQUIRE_MESSAGE(config, config.message());
    AnyAuthenticator auth = make_authenticator(*config);
    const auto header = auth.try_header();
    REQUIRE_FALSE(header);
    CHECK(header.error() == errc::invalid_configuration);
    CHECK(header.message().find("client_secret_basic") != std::string::npos);
    CHECK(header.message().find("[tls_client_auth]") != std::string::npos);
  }
}

}  // namespace discovery_interop_test
