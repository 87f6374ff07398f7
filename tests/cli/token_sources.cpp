// `oauth2cc token` with workload identity (--client-assertion-file, against
// the real IdP, the test playing the kubelet that signs and projects the
// assertion) and with given tokens (--token-file, --token-env), which need no
// IdP at all.

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include <oauth2cc/jwt/private_key_jwt.hpp>

#include <chrono>
#include <string>

#include "../support/key_pair.hpp"
#include "../support/protected_resource.hpp"
#include "cli_fixture.hpp"

using namespace oauth2cc_test;
using namespace std::chrono_literals;

namespace token_sources_test {

namespace {

// An IdP that knows one RS256 key, registered as kid "wi-key" for the client "oauth2cc-cli-workload".
struct WorkloadIdp {
  TempDir dir;
  KeyPair key = KeyPair::generate(oauth2cc::JwsAlgorithm::rs256);
  IdpProcess idp = start();

  IdpProcess start() const {
    const nlohmann::json clients = nlohmann::json::array(
        {{{"client_id", "oauth2cc-cli-workload"},
          {"token_endpoint_auth_method", "private_key_jwt"},
          {"public_keys", {{{"kid", "wi-key"}, {"pem", key.public_pem()}}}}}});
    IdpOptions options;
    options.script = idp_script;
    options.extra_args = {"--clients", dir.write("clients.json", clients.dump())};
    return IdpProcess(options);
  }

  // The projected token file, as the kubelet would write it.
  std::string project(std::chrono::system_clock::time_point issued) const {
    const auto signer = oauth2cc::PrivateKeyJwt::from_pem(key.private_pem(), oauth2cc::JwsAlgorithm::rs256)
                            .key_id("wi-key");
    auto assertion =
        signer(oauth2cc::AssertionRequest{"oauth2cc-cli-workload", idp.token_endpoint(), issued, {}});
    REQUIRE_MESSAGE(assertion, assertion.message());
    return dir.write("token", std::string(assertion->reveal()) + "\n");
  }

  std::vector<std::string> args(const std::string& assertion_file) const {
    return {"token", "--token-url", idp.token_endpoint(), "--client-id", "oauth2cc-cli-workload",
            "--client-assertion-file", assertion_file, "--param", "resource=" + api};
  }
};

}  // namespace

TEST_SUITE("token with workload identity and given tokens") {
  TEST_CASE("--client-assertion-file sends the projected token and gets a token the resource accepts") {
    const WorkloadIdp setup;
    const CliRun run = run_cli(setup.args(setup.project(std::chrono::system_clock::now())));
    REQUIRE_MESSAGE(run.exit_code == 0, run.err);
    CHECK(run.out.starts_with("Authorization: Bearer "));
    CHECK(protected_status(setup.idp, run.out.substr(15, run.out.size() - 16), certs + "/ca.pem") == 200);
  }

  TEST_CASE("an expired assertion in --client-assertion-file is a usage error naming the file and the flag") {
    const WorkloadIdp setup;
    const std::string file = setup.project(std::chrono::system_clock::now() - 10min);
    const CliRun run = run_cli(setup.args(file));
    CHECK(run.exit_code == 2);
    CHECK(run.out.empty());
    CHECK(run.err.find("client_assertion_file " + file + " holds an assertion that expired") != std::string::npos);
    CHECK(run.err.find("--client-assertion-file") != std::string::npos);
  }

  TEST_CASE("--token-file prints the sidecar's token without asking any IdP") {
    const TempDir dir;
    const CliRun run = run_cli({"token", "--token-file", dir.write("access-token", "sidecar-token\n"), "--format",
                                "token"});
    REQUIRE_MESSAGE(run.exit_code == 0, run.err);
    CHECK(run.out == "sidecar-token\n");
  }

  TEST_CASE("--token-env presents the token in the named variable") {
    const CliRun run = run_cli({"token", "--token-env", "OAUTH2CC_TEST_TOKEN"}, {{"OAUTH2CC_TEST_TOKEN", "env-token"}});
    REQUIRE_MESSAGE(run.exit_code == 0, run.err);
    CHECK(run.out == "Authorization: Bearer env-token\n");
  }

  TEST_CASE("--token-file with a missing file is a usage error naming the file and the flag") {
    const TempDir dir;
    const CliRun run = run_cli({"token", "--token-file", dir.file("absent")});
    CHECK(run.exit_code == 2);
    CHECK(run.err.find("cannot read token_file " + dir.file("absent")) != std::string::npos);
    CHECK(run.err.find("--token-file") != std::string::npos);
  }

  TEST_CASE("--token-file with --client-id is refused: a given token requests nothing") {
    const TempDir dir;
    const CliRun run =
        run_cli({"token", "--token-file", dir.write("access-token", "t"), "--client-id", "exporter"});
    CHECK(run.exit_code == 2);
    CHECK(run.err.find("client_id: not used with token_file") != std::string::npos);
  }

  TEST_CASE("--token-env takes a variable name, and a token typed there is not echoed") {
    const CliRun run = run_cli({"token", "--token-env", "eyJ.not-a-name"});
    CHECK(run.exit_code == 2);
    CHECK(run.err.find("--token-env takes the NAME") != std::string::npos);
    CHECK(run.err.find("eyJ.not-a-name") == std::string::npos);
  }
}

}  // namespace token_sources_test
