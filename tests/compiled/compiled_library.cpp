// oauth2cc::compiled: the light umbrella and the functions the library
// compiled once (config_from_json_text/_file, make_authenticator), against the real IdP (tests/idp). The
// library's own code is oauth2cc's header-only code; what is tested here is
// that the split (declarations here, definitions in the library) links and
// behaves as the header-only calls do. That the umbrella parses no JSON,
// HTTP or TLS header is checked by tests/headers.

#include <doctest/doctest.h>

#include <oauth2cc/oauth2cc.hpp>

#include <string>

#include "../support/idp_process.hpp"
#include "../support/protected_resource.hpp"
#include "../support/scoped_env.hpp"
#include "../support/temp_dir.hpp"
#include "../support/test_clients.hpp"

#ifndef OAUTH2CC_COMPILED_LIB
#error "compiled_tests must be built against oauth2cc::compiled"
#endif

using namespace oauth2cc;

namespace {

const std::string certs = OAUTH2CC_TEST_CERTS_DIR;
const std::string script = OAUTH2CC_IDP_SCRIPT;

// The seed page's block, its values from the environment, for the harness's resource.
const std::string seed_json = R"({
  "client_id": "${env:MLFLOW_CLIENT_ID}",
  "client_secret": "${env:MLFLOW_CLIENT_SECRET}",
  "token_url": "${env:KEYCLOAK_TOKEN_URL}",
  "scopes": ["openid"],
  "timeout": "10s",
  "endpoint_params": {"resource": "urn:oauth2cc:api"}
})";

}  // namespace

TEST_SUITE("compiled library") {
  TEST_CASE("a JSON file read and made into an authenticator by the library gets a token the resource accepts") {
    const oauth2cc_test::IdpProcess idp(script);
    oauth2cc_test::ScopedEnv env;
    env.set("MLFLOW_CLIENT_ID", oauth2cc_test::basic_id)
        .set("MLFLOW_CLIENT_SECRET", oauth2cc_test::basic_secret)
        .set("KEYCLOAK_TOKEN_URL", idp.token_endpoint());
    const oauth2cc_test::TempDir dir;
    const std::string path = dir.write("oauth2client.json", seed_json);

    Result<Config> config = config_from_json_file(path);
    REQUIRE_MESSAGE(config, config.message());
    CHECK(config->token_url == idp.token_endpoint());
    AnyAuthenticator auth = make_authenticator(*config);
    const auto header = auth.try_header();
    REQUIRE_MESSAGE(header, header.message());
    CHECK(oauth2cc_test::protected_status(idp, std::string(*header), certs + "/ca.pem") == 200);
    CHECK(auth.stats().fetches == 1);

    env.set("MLFLOW_CLIENT_SECRET", "wr0ng-secret");
    Result<Config> wrong = config_from_json_text(seed_json);
    REQUIRE_MESSAGE(wrong, wrong.message());
    CHECK(make_authenticator(*wrong).try_header().error() == errc::invalid_client);
  }

  TEST_CASE("the library's reader names a misspelt key with its path and what it was meant to be") {
    const Result<Config> config =
        config_from_json_text(R"({"client_id": "a", "client_secret": "b", "token_url": "http://127.0.0.1:1/t",
                                  "tls": {"ca_fle": "/ca.pem"}})");
    REQUIRE_FALSE(config);
    CHECK(config.error() == errc::invalid_configuration);
    CHECK(config.message().find("tls.ca_fle: unknown key (did you mean ca_file?)") != std::string::npos);
  }

  TEST_CASE("a Config with a token is presented as it is, with no token request") {
    Config config;
    config.token = Secret("static-token-value");
    AnyAuthenticator auth = make_authenticator(config);
    CHECK(auth.header() == "Bearer static-token-value");
    CHECK(auth.stats().fetches == 1);
  }
}
