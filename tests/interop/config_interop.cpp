// A Config with the collector's keys, turned into an authenticator by
// make_authenticator(), against the real IdP (tests/idp): the seed page's
// oauth2client block with its secret from the environment, TLS settings, and
// a client_secret_file rotated between fetches.

#include <doctest/doctest.h>

#include <oauth2cc/oauth2cc.hpp>
#include <oauth2cc/authenticator_from_config.hpp>
#include <oauth2cc/config.hpp>

#include <string>

#include "../support/idp_process.hpp"
#include "../support/protected_resource.hpp"
#include "../support/scoped_env.hpp"
#include "../support/seed_block.hpp"
#include "../support/temp_dir.hpp"
#include "../support/test_clients.hpp"

using namespace oauth2cc;
using oauth2cc_test::IdpProcess;
using oauth2cc_test::ScopedEnv;
using oauth2cc_test::TempDir;

namespace config_interop_test {

namespace {

using oauth2cc_test::api;
using oauth2cc_test::basic_id;
using oauth2cc_test::basic_secret;

const std::string certs = OAUTH2CC_TEST_CERTS_DIR;
const std::string script = OAUTH2CC_IDP_SCRIPT;
const std::string ca_file = certs + "/ca.pem";

using oauth2cc_test::seed_block;

void set_seed_env(ScopedEnv& env, const IdpProcess& idp) {
  env.set("MLFLOW_CLIENT_ID", basic_id)
      .set("MLFLOW_CLIENT_SECRET", basic_secret)
      .set("KEYCLOAK_TOKEN_URL", idp.token_endpoint());
}

Config valid(const nlohmann::json& block) {
  Result<Config> config = config_from_json(block);
  REQUIRE_MESSAGE(config, config.message());
  return std::move(config).value();
}

// The harness issues a JWT its protected endpoint can verify only for its resource.
nlohmann::json for_the_resource(nlohmann::json block) {
  block["endpoint_params"] = {{"resource", api}};
  return block;
}

}  // namespace

TEST_SUITE("interop: configuration") {
  TEST_CASE("the seed's block, secret from the environment, gets a token over HTTP") {
    const IdpProcess idp(script);
    ScopedEnv env;
    set_seed_env(env, idp);

    // As written: an http:// token_url, so tls.ca_file (absent here) is not used.
    AnyAuthenticator auth = make_authenticator(valid(seed_block()));
    const auto header = auth.try_header();
    REQUIRE_MESSAGE(header, header.message());
    CHECK(header->starts_with("Bearer "));

    AnyAuthenticator for_resource = make_authenticator(valid(for_the_resource(seed_block())));
    CHECK(oauth2cc_test::protected_status(idp, for_resource.header(), ca_file) == 200);

    env.set("MLFLOW_CLIENT_SECRET", "wr0ng-secret");
    AnyAuthenticator wrong = make_authenticator(valid(seed_block()));
    CHECK(wrong.try_header().error() == errc::invalid_client);
  }

  TEST_CASE("over HTTPS: tls.ca_file is used, tls.insecure does not skip verification, insecure_skip_verify does") {
    const IdpProcess idp(script, true, certs + "/server.pem", certs + "/server.key");
    REQUIRE(idp.token_endpoint().starts_with("https://"));
    ScopedEnv env;
    set_seed_env(env, idp);

    nlohmann::json trusting = for_the_resource(seed_block());
    trusting["tls"]["ca_file"] = ca_file;
    AnyAuthenticator auth = make_authenticator(valid(trusting));
    const auto header = auth.try_header();
    REQUIRE_MESSAGE(header, header.message());
    CHECK(oauth2cc_test::protected_status(idp, std::string(*header), ca_file) == 200);

    // The collector's meaning: insecure is plain text for gRPC, not "trust anything".
    nlohmann::json insecure = seed_block();
    insecure["tls"] = {{"insecure", true}};
    CHECK(make_authenticator(valid(insecure)).try_header().error() == errc::tls_certificate_untrusted);

    nlohmann::json skip = seed_block();
    skip["tls"] = {{"insecure_skip_verify", true}};
    const auto skipped = make_authenticator(valid(skip)).try_header();
    CHECK_MESSAGE(skipped, skipped.message());
  }

  TEST_CASE("a client_secret_file rotated between fetches: wrong secret, then right again") {
    const IdpProcess idp(script);
    const TempDir dir;
    const std::string secret_file = dir.write("client-secret", basic_secret + "\n");  // as `echo` writes it
    nlohmann::json block = for_the_resource(seed_block());
    block.erase("client_secret");
    block["client_id"] = basic_id;
    block["token_url"] = idp.token_endpoint();
    block["client_secret_file"] = secret_file;
    AnyAuthenticator auth = make_authenticator(valid(block));

    const std::string first = auth.header();
    CHECK(oauth2cc_test::protected_status(idp, first, ca_file) == 200);

    dir.write("client-secret", "wr0ng-rotated-secret\n");
    auth.invalidate();
    const auto refused = auth.try_header();
    CHECK(refused.error() == errc::invalid_client);
    CHECK(refused.message().find("wr0ng") == std::string::npos);

    dir.write("client-secret", basic_secret + "\n");
    const auto again = auth.try_header();
    REQUIRE_MESSAGE(again, again.message());
    CHECK(*again != first);
    CHECK(oauth2cc_test::protected_status(idp, std::string(*again), ca_file) == 200);
  }

  TEST_CASE("a client_secret_file that disappears fails the fetch with the path, and recovers") {
    const IdpProcess idp(script);
    const TempDir dir;
    nlohmann::json block = seed_block();
    block.erase("client_secret");
    block["client_id"] = basic_id;
    block["token_url"] = idp.token_endpoint();
    block["client_secret_file"] = dir.file("client-secret");
    AnyAuthenticator auth = make_authenticator(valid(block));

    const auto missing = auth.try_header();
    CHECK(missing.error() == errc::credential_file_unusable);
    CHECK(missing.message().find(dir.file("client-secret")) != std::string::npos);

    dir.write("client-secret", basic_secret);
    const auto header = auth.try_header();
    CHECK_MESSAGE(header, header.message());
  }
}

}  // namespace config_interop_test
