// The configuration keys of workload identity (client_assertion_file) and of
// given tokens (token, token_file, token_file_recheck_interval): what is
// read, what is implied, and every combination that is refused, with its
// key path and fix.

#include <doctest/doctest.h>

#include <oauth2cc/config.hpp>
#include <oauth2cc/testing.hpp>

#include <string>

#include "../support/config_checks.hpp"
#include "../support/fake_jwt.hpp"
#include "../support/temp_dir.hpp"

using namespace oauth2cc;
using namespace std::chrono_literals;
using nlohmann::json;
using oauth2cc_test::has;
using oauth2cc_test::refused;
using oauth2cc_test::valid;
using oauth2cc_test::with;
using oauth2cc_test::TempDir;

namespace config_token_sources_test {

namespace {

const std::string token_url = "https://idp.example/token";
const std::string assertion_path = "/var/run/secrets/azure/tokens/azure-identity-token";

json workload_identity() {
  return {{"client_id", "exporter"}, {"token_url", token_url}, {"client_assertion_file", assertion_path}};
}

}  // namespace

TEST_SUITE("config: client_assertion_file") {
  TEST_CASE("client_assertion_file is read and implies auth_method private_key_jwt") {
    const Config config = valid(workload_identity());
    CHECK(config.client_assertion_file == assertion_path);
    CHECK(config.auth_method == AuthMethod::private_key_jwt);
    CHECK(config.private_key_file.empty());
    CHECK(valid(with(workload_identity(), "auth_method", "private_key_jwt")).client_assertion_file == assertion_path);
  }

  TEST_CASE("client_credentials() sends the file's assertion without a signer from the caller") {
    const TempDir dir;
    const std::string assertion = oauth2cc_test::fake_jwt({{"sub", "system:serviceaccount:otel:exporter"}});
    ClientCredentials source =
        client_credentials(valid(with(workload_identity(), "client_assertion_file", dir.write("token", assertion))));
    MockTransport idp;
    idp.respond_token("tok");
    REQUIRE(source.fetch(idp, Instant{SteadyTime(1000h), WallTime(std::chrono::seconds(1'767'225'600))}));
    CHECK(idp.requests().front().form_value("client_assertion") == assertion);
    CHECK(idp.requests().front().form_value("client_assertion_type") == std::string(jwt_bearer_assertion_type));
  }

  TEST_CASE("client_assertion_file with another auth_method is refused") {
    for (const std::string method : {"client_secret_basic", "client_secret_jwt", "tls_client_auth"}) {
      CAPTURE(method);
      CHECK(has(refused(with(workload_identity(), "auth_method", method)),
                "client_assertion_file: is sent as a private_key_jwt client assertion, not with auth_method " + method +
                    "; set auth_method private_key_jwt or remove it"));
    }
  }

  TEST_CASE("client_assertion_file and private_key_file are exclusive") {
    CHECK(has(refused(with(workload_identity(), "private_key_file", "/keys/client.pem")),
              "private_key_file: set private_key_file (oauth2cc signs the assertion) or client_assertion_file"));
  }

  TEST_CASE("the keys of a locally signed assertion and a client secret are refused with client_assertion_file") {
    for (const std::string key : {"key_id", "signing_algorithm", "assertion_audience"}) {
      CAPTURE(key);
      CHECK(has(refused(with(workload_identity(), key, "RS256")),
                key + ": only used when oauth2cc signs the assertion (private_key_file)"));
    }
    CHECK(has(refused(with(workload_identity(), "client_secret", "s3cret")),
              "client_secret: auth_method private_key_jwt signs with private_key_file (or sends client_assertion_file)"));
  }

  TEST_CASE("an empty client_assertion_file is refused, and private_key_jwt without either file names both") {
    CHECK(has(refused(with(workload_identity(), "client_assertion_file", "")),
              "client_assertion_file: is empty; set the path of the projected service-account token"));
    json bare = workload_identity();
    bare.erase("client_assertion_file");
    bare["auth_method"] = "private_key_jwt";
    CHECK(has(refused(bare), "private_key_file: missing; auth_method private_key_jwt needs the PEM file of the "
                             "client's private key (or, for workload identity, client_assertion_file)"));
  }

  TEST_CASE("a misspelt client_assertion_file gets a suggestion") {
    json block = workload_identity();
    block.erase("client_assertion_file");
    block["client_asertion_file"] = assertion_path;
    CHECK(has(refused(block), "client_asertion_file: unknown key (did you mean client_assertion_file?)"));
  }
}

TEST_SUITE("config: token and token_file") {
  TEST_CASE("token alone is a whole configuration, and uses_token_source says so") {
    const Config config = valid({{"token", "api-token"}});
    CHECK(config.token.reveal() == "api-token");
    CHECK(uses_token_source(config));
    CHECK_FALSE(uses_token_source(valid({{"client_id", "a"}, {"client_secret", "b"}, {"token_url", token_url}})));
  }

  TEST_CASE("token_file with its recheck interval and the expiry buffer") {
    const Config config =
        valid({{"token_file", "/run/token"}, {"token_file_recheck_interval", "30s"}, {"expiry_buffer", "10s"}});
    CHECK(config.token_file == "/run/token");
    CHECK(config.token_file_recheck_interval == 30s);
    CHECK(config.expiry_buffer == 10s);
    CHECK(uses_token_source(config));
    CHECK(valid({{"token_file", "/run/token"}}).token_file_recheck_interval == 60s);
  }

  TEST_CASE("token and token_file are exclusive, and neither may be empty") {
    CHECK(has(refused({{"token", "a"}, {"token_file", "/run/token"}}), "token: set token or token_file, not both"));
    CHECK(has(refused({{"token", ""}}), "token: is empty; set it, or use token_file"));
    CHECK(has(refused({{"token_file", ""}}), "token_file: is empty; set the path of the file the sidecar writes"));
  }

  TEST_CASE("the keys of a token request are refused next to a given token") {
    for (const std::string key : {"client_id", "client_secret", "token_url", "scopes", "auth_method", "timeout",
                                  "client_assertion_file", "private_key_file"}) {
      CAPTURE(key);
      json block = {{"token_file", "/run/token"}};
      block[key] = key == "scopes" ? json::array({"api"}) : key == "auth_method" ? json("client_secret_post") : json("x");
      if (key == "timeout") block[key] = "10s";
      CHECK(has(refused(block), key + ": not used with token_file: oauth2cc presents that token and requests none"));
    }
    CHECK(has(refused({{"token", "t"}, {"client_id", "c"}}), "client_id: not used with token:"));
  }

  TEST_CASE("token_file_recheck_interval needs token_file and at least a second") {
    CHECK(has(refused({{"token", "t"}, {"token_file_recheck_interval", "30s"}}),
              "token_file_recheck_interval: only used with token_file; set that or remove it"));
    CHECK(has(refused({{"client_id", "a"}, {"client_secret", "b"}, {"token_url", token_url},
                       {"token_file_recheck_interval", "30s"}}),
              "token_file_recheck_interval: only used with token_file"));
    CHECK(has(refused({{"token_file", "/run/token"}, {"token_file_recheck_interval", "500ms"}}),
              "token_file_recheck_interval: must be at least 1s"));
  }

  TEST_CASE("token from the environment is never in a message") {
    const std::string message = refused({{"token", "kept-out-of-messages"}, {"token_url", token_url}});
    CHECK(has(message, "token_url: not used with token"));
    CHECK_FALSE(has(message, "kept-out-of-messages"));
  }

  TEST_CASE("misspelt token keys get suggestions") {
    CHECK(has(refused({{"token_fle", "/run/token"}}), "token_fle: unknown key (did you mean token_file?)"));
    CHECK(has(refused({{"token_file", "/run/token"}, {"token_file_recheck_intervall", "30s"}}),
              "(did you mean token_file_recheck_interval?)"));
  }
}

}  // namespace config_token_sources_test
