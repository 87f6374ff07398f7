// <oauth2cc/config_yaml.hpp>: the collector's YAML, read with yaml-cpp. The
// seed configuration (tests/data/seed-collector.yaml) is the seed page's full
// pipeline, unchanged.

#include <doctest/doctest.h>

#include <oauth2cc/config_yaml.hpp>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "../support/scoped_env.hpp"
#include "../support/temp_dir.hpp"

using namespace oauth2cc;
using namespace std::chrono_literals;
using oauth2cc_test::ScopedEnv;
using oauth2cc_test::TempDir;

namespace {

const std::string seed_file = std::string(OAUTH2CC_TEST_DATA_DIR) + "/seed-collector.yaml";

// YAML's special characters in a secret: values from the environment are never parsed as YAML.
const std::string seed_secret = "s3cr%t: #{} - [x] & *y ${z}";

void set_seed_env(ScopedEnv& env) {
  env.set("MLFLOW_CLIENT_ID", "mlflow-exporter")
      .set("MLFLOW_CLIENT_SECRET", seed_secret)
      .set("KEYCLOAK_TOKEN_URL",
           "http://keycloak-service.keycloak.svc.cluster.local:8080/realms/master/protocol/openid-connect/token");
}

std::string seed_text() {
  std::ifstream in(seed_file);
  REQUIRE(in);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  const std::size_t at = text.find(from);
  REQUIRE(at != std::string::npos);
  return text.replace(at, from.size(), to);
}

bool has(const std::string& text, std::string_view part) { return text.find(part) != std::string::npos; }

std::string refused(std::string_view yaml, std::string_view extension = {}) {
  const Result<Config> config = config_from_yaml_text(yaml, extension);
  REQUIRE_FALSE(config);
  CHECK(config.error() == errc::invalid_configuration);
  return config.message();
}

Config valid(std::string_view yaml, std::string_view extension = {}) {
  Result<Config> config = config_from_yaml_text(yaml, extension);
  REQUIRE_MESSAGE(config, config.message());
  return std::move(config).value();
}

void check_seed(const Config& config) {
  CHECK(config.client_id == "mlflow-exporter");
  CHECK(config.client_id_file.empty());
  CHECK(config.client_secret.reveal() == seed_secret);
  CHECK(config.client_secret_file.empty());
  CHECK(config.token_url ==
        "http://keycloak-service.keycloak.svc.cluster.local:8080/realms/master/protocol/openid-connect/token");
  CHECK(config.scopes == std::vector<std::string>{"openid"});
  CHECK(config.endpoint_params.empty());
  CHECK(config.timeout == 10s);
  CHECK(config.expiry_buffer == 5min);
  CHECK(config.tls.ca_file == "/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem");
  CHECK(config.tls.cert_file.empty());
  CHECK(config.tls.key_file.empty());
  CHECK_FALSE(config.tls.insecure);
  CHECK_FALSE(config.tls.insecure_skip_verify);
  CHECK(config.tls.server_name_override.empty());
  CHECK(config.tls.min_version == TlsVersion::tls1_2);  // the default
  CHECK(config.auth_method == AuthMethod::client_secret_basic);
}

}  // namespace

TEST_SUITE("config from YAML") {
  TEST_CASE("the seed page's full pipeline loads unchanged, and every field is as written") {
    ScopedEnv env;
    set_seed_env(env);
    SUBCASE("load_config_file") {
      const Result<Config> config = load_config_file(seed_file, "mlflow");
      REQUIRE_MESSAGE(config, config.message());
      check_seed(*config);
    }
    SUBCASE("config_from_yaml_text, by the full id") { check_seed(valid(seed_text(), "oauth2client/mlflow")); }
    SUBCASE("without a name: the only oauth2client block") { check_seed(valid(seed_text())); }
  }

  TEST_CASE("an unset variable is named, with the key path, and no other value appears") {
    ScopedEnv env;
    set_seed_env(env);
    env.unset("MLFLOW_CLIENT_SECRET");
    const Result<Config> config = load_config_file(seed_file, "mlflow");
    REQUIRE_FALSE(config);
    CHECK(config.error() == errc::invalid_configuration);
    CHECK(config.message() == seed_file +
                                  ": invalid oauth2client configuration: extensions.oauth2client/mlflow.client_secret: "
                                  "environment variable MLFLOW_CLIENT_SECRET is not set (referred to as "
                                  "${env:MLFLOW_CLIENT_SECRET}); set it in this process's environment");
  }

  TEST_CASE("a typo in the seed is reported with its path and the key it was meant to be") {
    ScopedEnv env;
    set_seed_env(env);
    const std::string message = refused(replaced(seed_text(), "ca_file:", "ca_fle:"), "mlflow");
    CHECK(message ==
          "invalid oauth2client configuration: extensions.oauth2client/mlflow.tls.ca_fle: unknown key (did "
          "you mean ca_file?)");
    CHECK(has(refused(replaced(seed_text(), "token_url:", "tokenurl:"), "mlflow"),
              "extensions.oauth2client/mlflow.tokenurl: unknown key (did you mean token_url?)"));
  }

  TEST_CASE("several problems at once, all through YAML") {
    const std::string message = refused(R"(
oauth2client/x:
  client_id: exporter
  client_secret_file: /run/secret
  token_url: https://idp.example/token
  timeout: 10
  expiry_buffer: five minutes
  tls:
    insecure: yes
    min_version: 1.4
)",
                                        "x");
    CHECK(has(message, "(4 problems)"));
    CHECK(has(message, "oauth2client/x.timeout: \"10\" is not a duration (missing unit)"));
    CHECK(has(message, "oauth2client/x.expiry_buffer: \"five minutes\" is not a duration"));
    CHECK(has(message, "oauth2client/x.tls.insecure: must be true or false, not \"yes\""));
    CHECK(has(
        message,
        "oauth2client/x.tls.min_version: must be \"1.0\", \"1.1\", \"1.2\" or \"1.3\" (quoted in YAML), not \"1.4\""));
  }

  TEST_CASE("scalars mean what their key expects: strings stay strings, booleans and durations are read") {
    const Config config = valid(R"(
client_id: 12345
client_secret: "true"
token_url: https://idp.example/token
scopes: [openid, 42]
endpoint_params:
  audience: 3.14
  resource:
    - urn:a
    - 'urn:b'
timeout: 1h30m
expiry_buffer: 0
tls:
  insecure: true
  insecure_skip_verify: False
  min_version: 1.3
auth_method: client_secret_post
)");
    CHECK(config.client_id == "12345");
    CHECK(config.client_secret.reveal() == "true");
    CHECK(config.scopes == std::vector<std::string>{"openid", "42"});
    CHECK(config.endpoint_params == std::vector<std::pair<std::string, std::string>>{
                                        {"audience", "3.14"}, {"resource", "urn:a"}, {"resource", "urn:b"}});
    CHECK(config.timeout == 90min);
    CHECK(config.expiry_buffer == 0ms);
    CHECK(config.tls.insecure);
    CHECK_FALSE(config.tls.insecure_skip_verify);
    CHECK(config.tls.min_version == TlsVersion::tls1_3);
    CHECK(config.auth_method == AuthMethod::client_secret_post);
  }

  TEST_CASE("a block with nothing under it reports what is missing, and an empty file says so") {
    const std::string message = refused("extensions:\n  oauth2client/x:\n", "x");
    CHECK(has(message, "extensions.oauth2client/x.client_id: missing"));
    CHECK(has(message, "extensions.oauth2client/x.token_url: missing"));
    CHECK(has(refused(""), "the configuration is empty"));
  }

  TEST_CASE("YAML syntax errors name the line and column, never the text") {
    const std::string message = refused("oauth2client/x:\n  client_secret: hunter2\n   token_url: [oops\n");
    CHECK(has(message, "not valid YAML"));
    CHECK(has(message, "line 3"));
    CHECK_FALSE(has(message, "hunter2"));
  }

  TEST_CASE("a key given twice is refused") {
    const std::string message =
        refused("client_id: a\nclient_secret: hunter2\nclient_secret: other\ntoken_url: https://i/t\n");
    CHECK(has(message, "line 3, column 1: client_secret appears twice; keep one"));
    CHECK_FALSE(has(message, "hunter2"));
  }

  TEST_CASE("load_config_file picks JSON or YAML by the name, and names the path when it cannot read it") {
    const TempDir dir;
    const std::string block = R"({"client_id": "exporter", "client_secret": "s", "token_url": "https://i/t"})";
    for (const char* name : {"config.json", "config.JSON", "config.yaml", "config.yml", "config"}) {
      CAPTURE(name);
      const Result<Config> config = load_config_file(dir.write(name, block));
      REQUIRE_MESSAGE(config, config.message());
      CHECK(config->client_id == "exporter");
    }
    // JSON rules for .json: a trailing comma is a JSON error even where YAML would not mind.
    const std::string json_file = dir.write("strict.json", "{\"client_id\": \"a\",}");
    CHECK(has(load_config_file(json_file).message(), json_file + ": the configuration is not valid JSON"));

    const std::string missing = dir.file("absent.yaml");
    const Result<Config> unreadable = load_config_file(missing);
    CHECK(unreadable.error() == errc::invalid_configuration);
    CHECK(unreadable.message() ==
          "cannot read configuration file " + missing + ": No such file or directory; check the path");
  }
}
