// Workload identity and given tokens against a real oidc-provider
// (tests/idp). For workload identity the test plays the kubelet: it signs
// assertions with a key registered for a private_key_jwt client and writes
// them into the file that ClientAssertionFile reads. For token_file it plays
// the sidecar: it gets real tokens from the IdP and puts them in the file
// that TokenFile presents. Every token is shown to the protected resource.

#include <doctest/doctest.h>

#include <oauth2cc/oauth2cc.hpp>
#include <oauth2cc/authenticator_from_config.hpp>
#include <oauth2cc/config.hpp>
#include <oauth2cc/testing.hpp>

#include <filesystem>
#include <memory>
#include <string>
#include <utility>

#include <nlohmann/json.hpp>

#include "../support/idp_process.hpp"
#include "../support/key_pair.hpp"
#include "../support/protected_resource.hpp"
#include "../support/temp_dir.hpp"
#include "../support/test_clients.hpp"

using namespace oauth2cc;
using namespace std::chrono_literals;
using oauth2cc_test::IdpProcess;
using oauth2cc_test::KeyPair;
using oauth2cc_test::TempDir;

namespace workload_identity_interop_test {

namespace {

using oauth2cc_test::api;
using oauth2cc_test::basic_id;
using oauth2cc_test::basic_secret;

const std::string certs = OAUTH2CC_TEST_CERTS_DIR;
const std::string workload_id = "oauth2cc-workload";
const std::string workload_kid = "kid-workload";

// An IdP with one private_key_jwt client whose RS256 key the "kubelet" holds.
struct WorkloadIdp {
  TempDir dir;
  KeyPair key = KeyPair::generate(JwsAlgorithm::rs256);
  std::unique_ptr<IdpProcess> idp;

  WorkloadIdp() {
    const nlohmann::json clients = nlohmann::json::array(
        {{{"client_id", workload_id},
          {"token_endpoint_auth_method", "private_key_jwt"},
          {"token_endpoint_auth_signing_alg", "RS256"},
          {"public_keys", {{{"kid", workload_kid}, {"pem", key.public_pem()}}}}}});
    oauth2cc_test::IdpOptions options;
    options.script = OAUTH2CC_IDP_SCRIPT;
    options.extra_args = {"--clients", dir.write("clients.json", clients.dump())};
    idp = std::make_unique<IdpProcess>(options);
  }

  // A fresh assertion (new jti) for the workload client, issued at `issued`
  // and living `lifetime`, as the kubelet would project it.
  std::string project(WallTime issued = std::chrono::system_clock::now(), std::chrono::seconds lifetime = 60s) const {
    const PrivateKeyJwt signer =
        PrivateKeyJwt::from_pem(key.private_pem(), JwsAlgorithm::rs256).key_id(workload_kid).lifetime(lifetime);
    Result<Secret> assertion = signer(AssertionRequest{workload_id, idp->token_endpoint(), issued, {}});
    REQUIRE_MESSAGE(assertion, assertion.message());
    return std::string(assertion->reveal());
  }

  // Writes a file the way the kubelet does: a new file renamed into place.
  std::string place(const std::string& name, const std::string& content) const {
    const std::string path = dir.file(name);
    std::filesystem::rename(dir.write(name + ".new", content + "\n"), path);
    return path;
  }

  ClientCredentials workload_source(const std::string& assertion_file) const {
    ClientCredentialsSettings settings;
    settings.token_url = idp->token_endpoint();
    settings.client_id = workload_id;
    settings.auth_method = AuthMethod::private_key_jwt;
    settings.assertion_signer = ClientAssertionFile(assertion_file);
    settings.scopes = {"api:read"};
    settings.resource = api;
    return ClientCredentials(std::move(settings));
  }

  // A real token for the resource, as a sidecar would fetch it.
  std::string sidecar_token() const {
    ClientCredentials source(idp->token_endpoint(), basic_id, basic_secret);
    source.scopes({"api:read"}).resource(api);
    HttplibTransport transport;
    Result<Token> token = source.fetch(transport, Instant{std::chrono::steady_clock::now(),
                                                          std::chrono::system_clock::now()});
    REQUIRE_MESSAGE(token, token.message());
    return token->value;
  }

  int protected_status(const std::string& header) const {
    return oauth2cc_test::protected_status(*idp, header, certs + "/ca.pem");
  }
};

Instant real_now() { return Instant{std::chrono::steady_clock::now(), std::chrono::system_clock::now()}; }

bool has(const std::string& text, std::string_view part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_SUITE("interop: workload identity and token files with oidc-provider") {
  TEST_CASE("workload identity: the assertion file, rotated between fetches, is accepted and its tokens work") {
    const WorkloadIdp idp;
    const std::string path = idp.place("azure-identity-token", idp.project());
    ClientCredentials source = idp.workload_source(path);
    HttplibTransport transport;

    const Result<Token> first = source.fetch(transport, real_now());
    REQUIRE_MESSAGE(first, first.message());
    CHECK(first->scope == "api:read");
    CHECK(idp.protected_status("Bearer " + first->value) == 200);

    // oidc-provider refuses a jti it has seen: only a re-read file gets a second token.
    idp.place("azure-identity-token", idp.project());
    const Result<Token> second = source.fetch(transport, real_now());
    REQUIRE_MESSAGE(second, second.message());
    CHECK(second->value != first->value);
    CHECK(idp.protected_status("Bearer " + second->value) == 200);
  }

  TEST_CASE("workload identity: the IdP refuses an assertion it has already seen, so each fetch needs a new one") {
    const WorkloadIdp idp;
    ClientCredentials source = idp.workload_source(idp.place("token", idp.project()));
    HttplibTransport transport;
    REQUIRE(source.fetch(transport, real_now()));
    const Result<Token> replayed = source.fetch(transport, real_now());  // the file unchanged
    CHECK(replayed.error() == errc::invalid_client);
    CHECK(has(replayed.message(), "client_assertion_file"));
  }

  TEST_CASE("workload identity from a Config: make_authenticator reads client_assertion_file") {
    const WorkloadIdp idp;
    const std::string path = idp.place("token", idp.project());
    Result<Config> config = config_from_json({{"client_id", workload_id},
                                              {"token_url", idp.idp->token_endpoint()},
                                              {"client_assertion_file", path},
                                              {"scopes", {"api:read"}},
                                              {"endpoint_params", {{"resource", api}}}});
    REQUIRE_MESSAGE(config, config.message());
    AnyAuthenticator auth = make_authenticator(*config);
    const auto header = auth.try_header();
    REQUIRE_MESSAGE(header, header.message());
    CHECK(idp.protected_status(std::string(*header)) == 200);
  }

  TEST_CASE("workload identity: an expired assertion in the file is client_assertion_expired, not sent") {
    const WorkloadIdp idp;
    const std::string assertion = idp.project(std::chrono::system_clock::now() - 5min, 60s);
    ClientCredentials source = idp.workload_source(idp.place("token", assertion));
    HttplibTransport transport;
    const Result<Token> token = source.fetch(transport, real_now());
    REQUIRE_FALSE(token);
    CHECK(token.error() == errc::client_assertion_expired);
    CHECK(has(token.message(), "client_assertion_file " + idp.dir.file("token") + " holds an assertion that expired"));
    CHECK_FALSE(has(token.message(), assertion));
  }

  TEST_CASE("workload identity: an assertion signed by a key the IdP does not know is invalid_client with the "
            "federated fix") {
    const WorkloadIdp idp;
    const KeyPair stranger = KeyPair::generate(JwsAlgorithm::rs256);
    const Result<Secret> forged = PrivateKeyJwt::from_pem(stranger.private_pem(), JwsAlgorithm::rs256)
                                      .key_id(workload_kid)(AssertionRequest{workload_id, idp.idp->token_endpoint(),
                                                                             std::chrono::system_clock::now(), {}});
    REQUIRE(forged);
    const std::string assertion(forged->reveal());
    ClientCredentials source = idp.workload_source(idp.place("token", assertion));
    HttplibTransport transport;
    const Result<Token> token = source.fetch(transport, real_now());
    CHECK(token.error() == errc::invalid_client);
    CHECK(has(token.message(), "trusts the issuer of the assertion in client_assertion_file"));
    CHECK_FALSE(has(token.message(), assertion));
  }

  TEST_CASE("token_file: the Authenticator presents the sidecar's token and, after the recheck, its replacement, "
            "reading the file once per change") {
    const WorkloadIdp idp;
    const std::string first = idp.sidecar_token();
    const std::string path = idp.place("access-token", first);
    ManualClock clock;
    clock.set_wall(std::chrono::system_clock::now());  // the tokens' exp is real time
    Authenticator<TokenFile, RefreshAhead, HttplibTransport, ManualClock> auth(TokenFile(path, 60s),
                                                                               RefreshAhead(0.8, 0.0), {}, clock);
    CHECK(auth.header() == "Bearer " + first);
    CHECK(idp.protected_status(auth.header()) == 200);

    const std::string second = idp.sidecar_token();
    REQUIRE(second != first);
    idp.place("access-token", second);
    CHECK(auth.header() == "Bearer " + first);  // until the recheck
    clock.advance(49s);                         // past 80% of the 60 s recheck interval
    CHECK(auth.header() == "Bearer " + second);
    CHECK(idp.protected_status(auth.header()) == 200);
    clock.advance(49s);  // checked again, unchanged
    CHECK(auth.header() == "Bearer " + second);
    CHECK(auth.source().reads() == 2);
  }

  TEST_CASE("token_file and token from a Config: make_authenticator presents them to the resource") {
    const WorkloadIdp idp;
    const std::string path = idp.place("access-token", idp.sidecar_token());
    Result<Config> from_file = config_from_json({{"token_file", path}});
    REQUIRE_MESSAGE(from_file, from_file.message());
    CHECK(idp.protected_status(make_authenticator(*from_file).header()) == 200);

    Result<Config> fixed = config_from_json({{"token", idp.sidecar_token()}});
    REQUIRE_MESSAGE(fixed, fixed.message());
    CHECK(idp.protected_status(make_authenticator(*fixed).header()) == 200);
  }

  TEST_CASE("token_file: a token the resource refuses is the resource's verdict, not the file's") {
    const WorkloadIdp idp;
    const std::string path = idp.place("access-token", "not-a-token-of-this-idp");
    Result<Config> config = config_from_json({{"token_file", path}});
    REQUIRE_MESSAGE(config, config.message());
    AnyAuthenticator auth = make_authenticator(*config);
    CHECK(auth.header() == "Bearer not-a-token-of-this-idp");
    CHECK(idp.protected_status(auth.header()) == 401);
  }
}

}  // namespace workload_identity_interop_test
