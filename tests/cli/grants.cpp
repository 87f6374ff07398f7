// `oauth2cc token` and `oauth2cc check` with the collector's jwt-bearer
// block in a config file, against the real IdP with a jwt-bearer client
// whose assertion key is made by the test.

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include <string>

#include "../support/key_pair.hpp"
#include "../support/protected_resource.hpp"
#include "cli_fixture.hpp"

using namespace oauth2cc_test;

namespace grants_test {

namespace {

// An IdP with the public client "oauth2cc-cli-bearer", which may use the
// jwt-bearer grant with assertions signed by `key` (kid "cli-bearer-key").
struct BearerIdp {
  TempDir dir;
  KeyPair key = KeyPair::generate(oauth2cc::JwsAlgorithm::rs256);
  IdpProcess idp = start();

  IdpProcess start() const {
    const nlohmann::json clients = nlohmann::json::array(
        {{{"client_id", "oauth2cc-cli-bearer"},
          {"token_endpoint_auth_method", "none"},
          {"grant_types", {"urn:ietf:params:oauth:grant-type:jwt-bearer"}},
          {"jwt_bearer_keys", {{{"kid", "cli-bearer-key"}, {"pem", key.public_pem()}}}}}});
    IdpOptions options;
    options.script = idp_script;
    options.extra_args = {"--clients", dir.write("clients.json", clients.dump())};
    return IdpProcess(options);
  }

  // The collector's block, the key from its file.
  std::string config(const std::string& key_file) const {
    return dir.write("collector.yaml", R"(extensions:
  oauth2client/bearer:
    client_id: oauth2cc-cli-bearer
    token_url: )" + idp.token_endpoint() + R"(
    grant_type: urn:ietf:params:oauth:grant-type:jwt-bearer
    client_certificate_key_file: )" + key_file + R"(
    client_certificate_key_id: cli-bearer-key
    endpoint_params:
      resource: )" + api + "\n");
  }
};

}  // namespace

TEST_SUITE("cli: grant_type jwt-bearer from a config file") {
  TEST_CASE("token gets a token the resource accepts, and check describes the grant and passes") {
    const BearerIdp setup;
    const std::string pem(setup.key.private_pem().reveal());
    const std::string config = setup.config(setup.dir.write("bearer.pem", pem));
    const CliRun run = run_cli({"token", "--config", config});
    REQUIRE_MESSAGE(run.exit_code == 0, run.err);
    CHECK(run.out.starts_with("Authorization: Bearer "));
    CHECK(protected_status(setup.idp, run.out.substr(15, run.out.size() - 16), certs + "/ca.pem") == 200);

    const CliRun check = run_cli({"check", "--config", config});
    CHECK_MESSAGE(check.exit_code == 0, check.out);
    const std::string described = step_line(check.out, "PASS", "configuration");
    CHECK(contains(described, "grant_type jwt-bearer signed with client_certificate_key_file"));
    CHECK(contains(described, "no client secret"));
    CHECK(contains(step_line(check.out, "PASS", "client_certificate_key_file"), "readable"));
    CHECK(contains(step_line(check.out, "PASS", "token request"), "got a Bearer token"));
    CHECK_FALSE(contains(check.out, pem.substr(40, 40)));
  }

  TEST_CASE("a key the IdP does not know: invalid_grant with the grant's advice, and no key material") {
    const BearerIdp setup;
    const KeyPair other = KeyPair::generate(oauth2cc::JwsAlgorithm::rs256);
    const std::string pem(other.private_pem().reveal());
    const CliRun run = run_cli({"token", "--config", setup.config(setup.dir.write("other.pem", pem))});
    CHECK(run.exit_code != 0);
    CHECK(run.out.empty());
    CHECK(contains(run.err, "invalid_grant"));
    CHECK(contains(run.err, "trusts the key that signs it"));
    CHECK_FALSE(contains(run.err, "PRIVATE KEY"));
    CHECK_FALSE(contains(run.err, pem.substr(40, 40)));
  }
}

}  // namespace grants_test
