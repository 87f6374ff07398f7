// `oauth2cc token` with private_key_jwt against the real IdP: the key comes
// from --private-key-file, and a key the IdP does not know is a clear error
// that names the flags to check and shows no key material.

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include <string>

#include "../support/key_pair.hpp"
#include "../support/protected_resource.hpp"
#include "cli_fixture.hpp"

using namespace oauth2cc_test;

namespace private_key_jwt_test {

namespace {

// An IdP that knows one ES256 key, registered as kid "cli-key" for the client "oauth2cc-cli-pkjwt".
struct PrivateKeyIdp {
  TempDir dir;
  KeyPair key = KeyPair::generate(oauth2cc::JwsAlgorithm::es256);
  IdpProcess idp = start();

  IdpProcess start() const {
    const nlohmann::json clients = nlohmann::json::array(
        {{{"client_id", "oauth2cc-cli-pkjwt"},
          {"token_endpoint_auth_method", "private_key_jwt"},
          {"public_keys", {{{"kid", "cli-key"}, {"pem", key.public_pem()}}}}}});
    IdpOptions options;
    options.script = idp_script;
    options.extra_args = {"--clients", dir.write("clients.json", clients.dump())};
    return IdpProcess(options);
  }

  std::vector<std::string> args(const std::string& key_file) const {
    return {"token", "--token-url", idp.token_endpoint(), "--client-id", "oauth2cc-cli-pkjwt", "--auth-method",
            "private_key_jwt", "--private-key-file", key_file, "--key-id", "cli-key", "--signing-algorithm",
            "ES256", "--param", "resource=" + api};
  }
};

}  // namespace

TEST_SUITE("token with private_key_jwt") {
  TEST_CASE("--private-key-file, --key-id and --signing-algorithm get a token the resource accepts") {
    const PrivateKeyIdp setup;
    const std::string key_file = setup.dir.write("client.pem", std::string(setup.key.private_pem().reveal()));
    const CliRun run = run_cli(setup.args(key_file));
    REQUIRE_MESSAGE(run.exit_code == 0, run.err);
    CHECK(run.out.starts_with("Authorization: Bearer "));
    CHECK(protected_status(setup.idp, run.out.substr(15, run.out.size() - 16), certs + "/ca.pem") == 200);
  }

  TEST_CASE("a key the IdP does not know is invalid_client naming the key flags, without the key") {
    const PrivateKeyIdp setup;
    const KeyPair other = KeyPair::generate(oauth2cc::JwsAlgorithm::es256);
    const std::string pem(other.private_pem().reveal());
    const std::string key_file = setup.dir.write("other.pem", pem);
    const CliRun run = run_cli(setup.args(key_file));
    CHECK(run.exit_code != 0);
    CHECK(run.out.empty());
    CHECK(run.err.find("invalid_client") != std::string::npos);
    CHECK(run.err.find("--private-key-file") != std::string::npos);
    CHECK(run.err.find("PRIVATE KEY") == std::string::npos);
    CHECK(run.err.find(pem.substr(40, 40)) == std::string::npos);
  }
}

}  // namespace private_key_jwt_test
