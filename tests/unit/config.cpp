// Config under the collector's oauth2client keys: reading, environment
// references, durations, validation with key paths, picking the block out of
// a collector document, and the ClientCredentials it makes.

#include <doctest/doctest.h>

#include <oauth2cc/config.hpp>
#include <oauth2cc/testing.hpp>

#include <string>
#include <utility>
#include <vector>

#include "../support/config_checks.hpp"
#include "../support/scoped_env.hpp"
#include "../support/seed_block.hpp"
#include "../support/temp_dir.hpp"

using namespace oauth2cc;
using namespace std::chrono_literals;
using nlohmann::json;
using oauth2cc_test::has;
using oauth2cc_test::refused;
using oauth2cc_test::valid;
using oauth2cc_test::ScopedEnv;
using oauth2cc_test::TempDir;

namespace config_test {

namespace {

// The smallest valid block, for tests that change one thing.
json minimal() {
  return {{"client_id", "exporter"}, {"client_secret", "s3cret"}, {"token_url", "https://idp.example/token"}};
}

// The seed page's collector configuration, as JSON.
json collector_document() {
  json document = json::parse(R"({
    "extensions": {"health_check": {}},
    "receivers": {"otlp": {"protocols": {"grpc": {"endpoint": "0.0.0.0:4317"}, "http": {"endpoint": "0.0.0.0:4318"}}}},
    "processors": {"batch": {"timeout": "1s", "send_batch_size": 100}},
    "exporters": {"otlphttp/mlflow": {"traces_endpoint": "http://mlflow:5000/v1/traces",
                                      "auth": {"authenticator": "oauth2client/mlflow"}}},
    "service": {"extensions": ["health_check", "oauth2client/mlflow"],
                "pipelines": {"traces": {"receivers": ["otlp"], "processors": ["batch"], "exporters": ["otlphttp/mlflow"]}}}
  })");
  document["extensions"]["oauth2client/mlflow"] = oauth2cc_test::seed_block();
  return document;
}

// The variables the seed configuration refers to.
void set_seed_env(ScopedEnv& env) {
  env.set("MLFLOW_CLIENT_ID", "mlflow-exporter")
      .set("MLFLOW_CLIENT_SECRET", "s3cr%t: #{}")
      .set("KEYCLOAK_TOKEN_URL", "http://keycloak:8080/realms/master/protocol/openid-connect/token");
}

// expand_env's value, which must be there.
std::string expanded(std::string_view text) {
  const Result<std::string> result = expand_env(text);
  REQUIRE_MESSAGE(result, result.message());
  return *result;
}

}  // namespace

TEST_SUITE("config: keys") {
  TEST_CASE("every key of a block is read") {
    const Config config = valid(json::parse(R"({
      "client_id": "exporter",
      "client_secret": "s3cret",
      "token_url": "https://idp.example/token",
      "scopes": ["openid", "api:read"],
      "endpoint_params": {"audience": "https://api.example", "resource": ["urn:a", "urn:b"]},
      "timeout": "2s",
      "expiry_buffer": "1m30s",
      "tls": {"ca_file": "/ca.pem", "cert_file": "/client.pem", "key_file": "/client.key", "insecure": true,
              "insecure_skip_verify": true, "server_name_override": "idp.internal", "min_version": "1.3"},
      "auth_method": "client_secret_post",
      "grant_type": "client_credentials"
    })"));
    CHECK(config.client_id == "exporter");
    CHECK(config.client_id_file.empty());
    CHECK(config.client_secret.reveal() == "s3cret");
    CHECK(config.client_secret_file.empty());
    CHECK(config.token_url == "https://idp.example/token");
    CHECK(config.scopes == std::vector<std::string>{"openid", "api:read"});
    CHECK(config.endpoint_params ==
          std::vector<std::pair<std::string, std::string>>{
              {"audience", "https://api.example"}, {"resource", "urn:a"}, {"resource", "urn:b"}});
    CHECK(config.timeout == 2s);
    CHECK(config.expiry_buffer == 90s);
    CHECK(config.tls.ca_file == "/ca.pem");
    CHECK(config.tls.cert_file == "/client.pem");
    CHECK(config.tls.key_file == "/client.key");
    CHECK(config.tls.insecure);
    CHECK(config.tls.insecure_skip_verify);
    CHECK(config.tls.server_name_override == "idp.internal");
    CHECK(config.tls.min_version == TlsVersion::tls1_3);
    CHECK(config.auth_method == AuthMethod::client_secret_post);
  }

  TEST_CASE("what is not set has the documented defaults") {
    const Config config = valid(minimal());
    CHECK(config.scopes.empty());
    CHECK(config.endpoint_params.empty());
    CHECK(config.timeout == 10s);  // the collector has none; oauth2cc always bounds a request
    CHECK(config.expiry_buffer == 5min);
    CHECK(config.auth_method == AuthMethod::client_secret_basic);
    CHECK(config.tls.ca_file.empty());
    CHECK_FALSE(config.tls.insecure);
    CHECK_FALSE(config.tls.insecure_skip_verify);
    CHECK(config.tls.min_version == TlsVersion::tls1_2);  // the default
  }

  TEST_CASE("null values count as not set, as YAML's `key:` with nothing after it") {
    json block = minimal();
    block["scopes"] = nullptr;
    block["tls"] = nullptr;
    block["timeout"] = nullptr;
    const Config config = valid(block);
    CHECK(config.scopes.empty());
    CHECK(config.timeout == 10s);
  }

  TEST_CASE("client_id_file and client_secret_file instead of the values") {
    const Config config = valid({{"client_id_file", "/var/run/secrets/id"},
                                 {"client_secret_file", "/var/run/secrets/secret"},
                                 {"token_url", "http://idp:8080/token"}});
    CHECK(config.client_id.empty());
    CHECK(config.client_id_file == "/var/run/secrets/id");
    CHECK(config.client_secret.empty());
    CHECK(config.client_secret_file == "/var/run/secrets/secret");
  }

  TEST_CASE("endpoint_params: a string is one field, a list repeated fields, names in sorted order") {
    json block = minimal();
    block["endpoint_params"] = {{"tenant", "acme"}, {"audience", {"a1", "a2"}}, {"empty_list", json::array()}};
    CHECK(valid(block).endpoint_params ==
          std::vector<std::pair<std::string, std::string>>{{"audience", "a1"}, {"audience", "a2"}, {"tenant", "acme"}});
  }

  TEST_CASE("endpoint_params that oauth2cc sends itself are refused") {
    json block = minimal();
    block["endpoint_params"] = {{"grant_type", "password"}, {"scope", "x"}, {"client_secret", "y"}};
    const std::string message = refused(block);
    CHECK(has(message, "(3 problems)"));
    CHECK(has(message, "endpoint_params.grant_type: set by oauth2cc itself"));
    CHECK(has(message, "endpoint_params.scope: set by oauth2cc from scopes"));
    CHECK(has(message, "endpoint_params.client_secret: set by oauth2cc itself"));
  }

  TEST_CASE("auth_method and the supported min_version values") {
    const std::pair<const char*, TlsVersion> versions[] = {{"1.0", TlsVersion::tls1_0},
                                                           {"1.1", TlsVersion::tls1_1},
                                                           {"1.2", TlsVersion::tls1_2},
                                                           {"1.3", TlsVersion::tls1_3},
                                                           {"", TlsVersion::tls1_2}};  // empty: the default
    for (const auto& version : versions) {  // no structured binding: clang 14 cannot capture one in CHECK_MESSAGE
      json block = minimal();
      block["tls"] = {{"min_version", version.first}};
      CHECK_MESSAGE(valid(block).tls.min_version == version.second, version.first);
    }
    json block = minimal();
    block["auth_method"] = "client_secret_basic";
    CHECK(valid(block).auth_method == AuthMethod::client_secret_basic);
  }
}

TEST_SUITE("config: environment references") {
  TEST_CASE("${env:VAR} and ${VAR} are expanded in every string of the block") {
    ScopedEnv env;
    env.set("OAUTH2CC_T_ID", "exporter").set("OAUTH2CC_T_HOST", "idp.example").set("OAUTH2CC_T_SCOPE", "api:read");
    const Config config = valid(json::parse(R"({
      "client_id": "${env:OAUTH2CC_T_ID}",
      "client_secret": "pre-${OAUTH2CC_T_ID}-post",
      "token_url": "https://${env:OAUTH2CC_T_HOST}/token",
      "scopes": ["openid", "${env:OAUTH2CC_T_SCOPE}"],
      "endpoint_params": {"audience": "https://${OAUTH2CC_T_HOST}", "resource": ["${OAUTH2CC_T_SCOPE}"]},
      "tls": {"ca_file": "/etc/${OAUTH2CC_T_HOST}.pem", "server_name_override": "${env:OAUTH2CC_T_HOST}"}
    })"));
    CHECK(config.client_id == "exporter");
    CHECK(config.client_secret.reveal() == "pre-exporter-post");
    CHECK(config.token_url == "https://idp.example/token");
    CHECK(config.scopes == std::vector<std::string>{"openid", "api:read"});
    CHECK(config.endpoint_params == std::vector<std::pair<std::string, std::string>>{
                                        {"audience", "https://idp.example"}, {"resource", "api:read"}});
    CHECK(config.tls.ca_file == "/etc/idp.example.pem");
    CHECK(config.tls.server_name_override == "idp.example");
  }

  TEST_CASE("$$ is a literal dollar, as in the collector") {
    ScopedEnv env;
    env.set("OAUTH2CC_T_X", "expanded");
    CHECK(expanded("pa$$word") == "pa$word");
    CHECK(expanded("$${env:OAUTH2CC_T_X}") == "${env:OAUTH2CC_T_X}");
    CHECK(expanded("$$$${OAUTH2CC_T_X}") == "$${OAUTH2CC_T_X}");
    CHECK(expanded("$$${OAUTH2CC_T_X}") == "$expanded");
    CHECK(expanded("cost: 5$ or $5 or $OAUTH2CC_T_X") == "cost: 5$ or $5 or $OAUTH2CC_T_X");  // a lone $ stays
    json block = minimal();
    block["client_secret"] = "a$$b";
    CHECK(valid(block).client_secret.reveal() == "a$b");
  }

  TEST_CASE("a variable's value is used as it is, never expanded again") {
    ScopedEnv env;
    env.set("OAUTH2CC_T_SECRET", "x${env:OAUTH2CC_T_UNSET}$$y").unset("OAUTH2CC_T_UNSET");
    CHECK(expanded("${env:OAUTH2CC_T_SECRET}") == "x${env:OAUTH2CC_T_UNSET}$$y");
  }

  TEST_CASE("${env:VAR:-default} falls back when VAR is unset") {
    ScopedEnv env;
    env.unset("OAUTH2CC_T_UNSET").set("OAUTH2CC_T_EMPTY", "");
    CHECK(expanded("${env:OAUTH2CC_T_UNSET:-fallback}") == "fallback");
    CHECK(expanded("${OAUTH2CC_T_UNSET:-}") == "");
    CHECK(expanded("${env:OAUTH2CC_T_EMPTY:-fallback}") == "");  // set, if empty
  }

  TEST_CASE("an unset variable is an error naming the variable and nothing else") {
    ScopedEnv env;
    env.unset("OAUTH2CC_T_UNSET");
    const Result<std::string> result = expand_env("top-secret-prefix-${env:OAUTH2CC_T_UNSET}");
    CHECK(result.error() == errc::environment_variable_unset);
    CHECK(has(result.message(), "environment variable OAUTH2CC_T_UNSET is not set"));
    CHECK_FALSE(has(result.message(), "top-secret"));

    json block = minimal();
    block["client_secret"] = "${env:OAUTH2CC_T_UNSET}";
    block["tls"] = {{"ca_file", "${OAUTH2CC_T_UNSET}"}};
    const std::string message = refused(block);
    CHECK(has(message, "(2 problems)"));
    CHECK(has(message,
              "client_secret: environment variable OAUTH2CC_T_UNSET is not set (referred to as "
              "${env:OAUTH2CC_T_UNSET})"));
    CHECK(has(message,
              "tls.ca_file: environment variable OAUTH2CC_T_UNSET is not set (referred to as "
              "${OAUTH2CC_T_UNSET})"));
  }

  TEST_CASE("a variable that is set but empty is named, and the secret is never empty") {
    ScopedEnv env;
    env.set("OAUTH2CC_T_EMPTY", "");
    json block = minimal();
    block["client_secret"] = "${env:OAUTH2CC_T_EMPTY}";
    CHECK(has(refused(block), "client_secret: is empty because ${env:OAUTH2CC_T_EMPTY} is set but empty"));
    block["client_secret"] = "";
    CHECK(has(refused(block), "client_secret: is empty; set it, or use client_secret_file"));
  }

  TEST_CASE("references oauth2cc cannot expand are errors that quote nothing of the text") {
    for (const char* text : {"hunter2${file:/etc/secret}", "hunter2${1ABC}", "hunter2${", "hunter2${A B}",
                             "hunter2${env:}", "hunter2${other:thing}"}) {
      CAPTURE(text);
      const Result<std::string> result = expand_env(text);
      CHECK(result.error() == errc::invalid_configuration);
      CHECK(has(result.message(), "at character 8"));
      CHECK_FALSE(has(result.message(), "hunter2"));
    }
    CHECK(has(expand_env("${file:/x}").message(), "the collector's file provider"));
    CHECK(has(expand_env("${").message(), "never closed"));
  }

  TEST_CASE("keys outside the chosen block are not expanded or checked") {
    ScopedEnv env;
    env.unset("OAUTH2CC_T_UNSET");
    json document = collector_document();
    document["receivers"]["otlp"]["protocols"]["grpc"]["endpoint"] = "${env:OAUTH2CC_T_UNSET}";
    document["extensions"]["other"] = {{"client_scret", "${OAUTH2CC_T_UNSET}"}, {"tls", 5}};
    document["exporters"]["weird"] = json::array({1, 2, 3});
    set_seed_env(env);
    CHECK(valid(document, "mlflow").client_id == "mlflow-exporter");
  }
}

TEST_SUITE("config: durations") {
  TEST_CASE("Go durations as the collector writes them") {
    struct Case {
      const char* text;
      std::chrono::milliseconds expected;
    };
    for (const Case& c : {Case{"10s", 10s},          Case{"500ms", 500ms},
                          Case{"5m", 5min},          Case{"1h30m", 90min},
                          Case{"1.5s", 1500ms},      Case{"0", 0ms},
                          Case{"0s", 0ms},           Case{"+2s", 2s},
                          Case{"-1s", -1s},          Case{".5s", 500ms},
                          Case{"5.s", 5s},           Case{"2h45m30.5s", 9930500ms},
                          Case{"3000000000ns", 3s},  Case{"1500us", 2ms},
                          Case{"1us", 1ms},          Case{"100ns", 1ms},
                          Case{"1\u00b5s", 1ms},     Case{"1\u03bcs", 1ms},
                          Case{"1m0.001s", 60001ms}, Case{"2562047h", std::chrono::hours(2562047)}}) {
      CAPTURE(c.text);
      const auto parsed = parse_duration(c.text);
      REQUIRE_MESSAGE(parsed, parsed.message());
      CHECK(*parsed == c.expected);
    }
  }

  TEST_CASE("a bad duration is an error quoting the bad text") {
    for (const char* text : {"", "10", "s", "10x", "10 s", "1h-5m", "abc", ".s", "-", "1e3s", "ten seconds",
                             "9999999999h", "2562048h", "1.5"}) {
      CAPTURE(text);
      const auto parsed = parse_duration(text);
      CHECK(parsed.error() == errc::invalid_configuration);
      CHECK(has(parsed.message(), std::string(1, '"').append(text).append("\" is not a duration")));
      CHECK(has(parsed.message(), "such as 10s"));
    }
    CHECK(has(parse_duration("10").message(), "missing unit"));
    CHECK(has(parse_duration("10x").message(), "unknown unit \"x\""));
    CHECK(has(parse_duration("9999999999h").message(), "out of range"));
  }

  TEST_CASE("timeout must be positive, expiry_buffer may be 0 but not negative") {
    json block = minimal();
    block["timeout"] = "0s";
    CHECK(has(refused(block), "timeout: must be positive; oauth2cc always bounds a token request"));
    block = minimal();
    block["expiry_buffer"] = "0";
    CHECK(valid(block).expiry_buffer == 0ms);
    block["expiry_buffer"] = "-1m";
    CHECK(has(refused(block), "expiry_buffer: must not be negative"));
  }

  TEST_CASE("a bare JSON number is not a duration") {
    json block = minimal();
    block["timeout"] = 10;
    CHECK(has(refused(block), "timeout: must be a duration with a unit, such as \"10s\""));
  }

  TEST_CASE("a bad duration from the environment is named by its variable, not quoted") {
    ScopedEnv env;
    env.set("OAUTH2CC_T_TIMEOUT", "hunter2");
    json block = minimal();
    block["timeout"] = "${env:OAUTH2CC_T_TIMEOUT}";
    const std::string message = refused(block);
    CHECK(has(message, "timeout: the value of ${env:OAUTH2CC_T_TIMEOUT} is not a duration"));
    CHECK_FALSE(has(message, "hunter2"));
  }
}

TEST_SUITE("config: validation") {
  TEST_CASE("dpop: off by default, enabled, key_file and algorithm read, HMAC and unknown keys refused") {
    CHECK_FALSE(valid(minimal()).dpop.enabled);
    CHECK(valid(minimal()).dpop.algorithm == JwsAlgorithm::es256);
    json document = minimal();
    document["dpop"] = {{"enabled", true}, {"key_file", "/keys/dpop.pem"}, {"algorithm", "EdDSA"}};
    const Config config = valid(document);
    CHECK(config.dpop.enabled);
    CHECK(config.dpop.key_file == "/keys/dpop.pem");
    CHECK(config.dpop.algorithm == JwsAlgorithm::eddsa);

    document["dpop"] = {{"enabled", true}, {"algorithm", "HS256"}, {"key_fil", "x"}};
    const std::string message = refused(document);
    CHECK(has(message, "dpop.algorithm: must be ES256, EdDSA, RS256 or PS256, not \"HS256\""));
    CHECK(has(message, "dpop.key_fil: unknown key (did you mean key_file?)"));
  }

  TEST_CASE("dpop with cache is refused: a DPoP-bound token is of no use to the next process") {
    json document = minimal();
    document["dpop"] = {{"enabled", true}};
    document["cache"] = {{"enabled", true}};
    CHECK(has(refused(document), "cache.enabled: the token cache does not hold DPoP-bound tokens"));
    document["cache"]["enabled"] = false;
    CHECK(valid(document).dpop.enabled);
  }

  TEST_CASE("every problem is reported at once, each with its key path") {
    const std::string message = refused(json::parse(R"({
      "client_id": "exporter",
      "client_secret": "s3cret-value",
      "client_secret_file": "/run/secret",
      "scope": ["openid"],
      "timeout": "ten",
      "auth_method": "basic",
      "tls": {"ca_fle": "/ca.pem", "cert_file": "/client.pem", "min_version": "1.4", "insecure": "yes"}
    })"));
    CHECK(message.starts_with("invalid oauth2client configuration (9 problems): "));
    CHECK(has(message, "scope: unknown key (did you mean scopes?)"));
    CHECK(has(message, "client_secret: set client_secret or client_secret_file, not both"));
    CHECK(has(message, "token_url: missing; set the IdP's token endpoint"));
    CHECK(has(message, "timeout: \"ten\" is not a duration"));
    CHECK(has(message, "tls.ca_fle: unknown key (did you mean ca_file?)"));
    CHECK(has(message, "tls.insecure: must be true or false, not a string"));
    CHECK(has(message, "tls.min_version: must be \"1.0\", \"1.1\", \"1.2\" or \"1.3\" (quoted in YAML), not \"1.4\""));
    CHECK(has(message, "tls.key_file: missing; cert_file needs the private key"));
    CHECK(has(message, "auth_method: must be client_secret_basic, client_secret_post, private_key_jwt, "
                       "client_secret_jwt, tls_client_auth or self_signed_tls_client_auth, not \"basic\""));
    CHECK_FALSE(has(message, "s3cret-value"));
  }

  TEST_CASE("credentials: missing, or given twice") {
    CHECK(has(refused({{"token_url", "https://idp/token"}}), "client_id: missing; set client_id or client_id_file"));
    CHECK(has(refused({{"token_url", "https://idp/token"}}),
              "client_secret: missing; set client_secret or client_secret_file"));
    json block = minimal();
    block["client_id_file"] = "/run/id";
    CHECK(has(refused(block), "client_id: set client_id or client_id_file, not both"));
    block = minimal();
    block.erase("client_secret");
    block["client_secret_file"] = "";
    CHECK(has(refused(block), "client_secret_file: is empty; set the path"));
  }

  TEST_CASE("token_url must be an absolute http(s) URL, and is not quoted") {
    json block = minimal();
    for (const char* url : {"idp.example/token", "ftp://idp/token", "https://user:pw@idp/token"}) {
      CAPTURE(url);
      block["token_url"] = url;
      const std::string message = refused(block);
      CHECK(has(message, "token_url: not an absolute http:// or https:// URL"));
      CHECK_FALSE(has(message, url));
    }
  }

  TEST_CASE("wrong JSON types are named with what was expected") {
    const std::string message = refused(json::parse(R"({
      "client_id": 5,
      "client_secret": ["s"],
      "token_url": "https://idp/token",
      "scopes": "openid",
      "endpoint_params": {"audience": 1, "resource": [true]},
      "tls": {"insecure": "true", "insecure_skip_verify": 1, "ca_file": {}},
      "auth_method": null
    })"));
    CHECK(has(message, "client_id: must be a string, not a number"));
    CHECK(has(message, "client_secret: must be a string, not a list"));
    CHECK(has(message, "scopes: must be a list of strings, such as [\"openid\"], not a string"));
    CHECK(has(message, "endpoint_params.audience: must be a string or a list of strings"));
    CHECK(has(message, "endpoint_params.resource[0]: must be a string, not a boolean"));
    CHECK(has(message, "tls.insecure: must be true or false, not a string"));
    CHECK(has(message, "tls.insecure_skip_verify: must be true or false, not a number"));
    CHECK(has(message, "tls.ca_file: must be a string, not a map"));
    CHECK(has(refused({{"tls", "on"}, {"client_id", "i"}, {"client_secret", "s"}, {"token_url", "https://i/t"}}),
              "tls: must be a map of settings, not a string"));
    json block = minimal();
    block["scopes"] = {"openid", 7, ""};
    const std::string scopes = refused(block);
    CHECK(has(scopes, "scopes[1]: must be a string, not a number"));
  }

  TEST_CASE("a boolean may come from the environment as text") {
    ScopedEnv env;
    env.set("OAUTH2CC_T_BOOL", "true").set("OAUTH2CC_T_WORD", "hunter2");
    json block = minimal();
    block["tls"] = {{"insecure_skip_verify", "${env:OAUTH2CC_T_BOOL}"}};
    CHECK(valid(block).tls.insecure_skip_verify);
    block["tls"] = {{"insecure_skip_verify", "${env:OAUTH2CC_T_WORD}"}};
    const std::string message = refused(block);
    CHECK(has(message, "tls.insecure_skip_verify: must be true or false, not the value of ${env:OAUTH2CC_T_WORD}"));
    CHECK_FALSE(has(message, "hunter2"));
  }

  TEST_CASE("empty scopes and grants oauth2cc does not do are refused") {
    json block = minimal();
    block["scopes"] = {"openid", ""};
    block["grant_type"] = "password";
    const std::string message = refused(block);
    CHECK(has(message, "scopes[1]: empty; remove it"));
    CHECK(has(message, "grant_type: must be client_credentials, urn:ietf:params:oauth:grant-type:jwt-bearer or "
                       "urn:ietf:params:oauth:grant-type:token-exchange, not \"password\""));
  }

  TEST_CASE("a certificate without its key, and a key without its certificate") {
    json block = minimal();
    block["tls"] = {{"key_file", "/client.key"}};
    CHECK(has(refused(block), "tls.cert_file: missing; key_file needs the certificate"));
  }

  TEST_CASE("cache: off by default, enabled with a directory, refused when relative or misspelled") {
    CHECK_FALSE(valid(minimal()).cache.has_value());
    json block = minimal();
    block["cache"] = {{"enabled", true}, {"directory", "/var/cache/exporter"}};
    const Config config = valid(block);
    REQUIRE(config.cache.has_value());
    CHECK(config.cache->directory == "/var/cache/exporter");
    block["cache"] = {{"enabled", false}, {"directory", "/var/cache/exporter"}};
    CHECK_FALSE(valid(block).cache.has_value());

    block["cache"] = {{"enabled", true}, {"directory", "cache"}};
    CHECK(has(refused(block), "cache.directory: must be an absolute path"));
    block["cache"] = {{"enable", true}};
    CHECK(has(refused(block), "cache.enable: unknown key (did you mean enabled?)"));
    block["cache"] = {{"enabled", "yes"}};
    CHECK(has(refused(block), "cache.enabled: must be true or false"));
    block["cache"] = true;
    CHECK(has(refused(block), "cache: must be a map of settings"));
  }

  TEST_CASE("collector keys oauth2cc does not support, or not with this grant, are named as such, not as typos") {
    json block = minimal();
    block["audience"] = "api";
    block["iss"] = "me";
    block["tls"] = {{"max_version", "1.3"}, {"ca_pem", "-----BEGIN"}, {"reload_interval", "1h"}};
    const std::string message = refused(block);
    CHECK(has(message, "(5 problems)"));
    CHECK(has(message, "audience: for client credentials put it under endpoint_params"));
    CHECK(has(message, "iss: only used with grant_type urn:ietf:params:oauth:grant-type:jwt-bearer; set that"));
    CHECK(has(message, "tls.max_version: a collector setting oauth2cc does not support"));
    CHECK(has(message, "tls.ca_pem: a collector setting oauth2cc does not support; write the PEM into a file"));
    CHECK(has(message, "tls.reload_interval: a collector setting oauth2cc does not support"));
  }

  TEST_CASE("unknown keys get the closest known key, or none when nothing is close") {
    struct Case {
      const char* typed;
      const char* suggestion;
    };
    for (const Case& c :
         {Case{"clientsecret", "client_secret"}, Case{"tokenurl", "token_url"}, Case{"Client_ID", "client_id"},
          Case{"timout", "timeout"}, Case{"tiemout", "timeout"}, Case{"expiry_bufer", "expiry_buffer"},
          Case{"endpoint_param", "endpoint_params"}, Case{"client_secret_fle", "client_secret_file"}}) {
      CAPTURE(c.typed);
      json block = minimal();
      block[c.typed] = "x";
      CHECK(has(refused(block), std::string(c.typed) + ": unknown key (did you mean " + c.suggestion + "?)"));
    }
    json block = minimal();
    block["verbosity"] = "x";
    CHECK(has(refused(block), "verbosity: unknown key; remove it"));
  }
}

TEST_SUITE("config: collector documents") {
  TEST_CASE("the named oauth2client block is picked out of a whole collector configuration") {
    ScopedEnv env;
    set_seed_env(env);
    for (const char* name : {"mlflow", "oauth2client/mlflow", ""}) {
      CAPTURE(name);
      const Config config = valid(collector_document(), name);
      CHECK(config.client_id == "mlflow-exporter");
      CHECK(config.client_secret.reveal() == "s3cr%t: #{}");
      CHECK(config.token_url == "http://keycloak:8080/realms/master/protocol/openid-connect/token");
      CHECK(config.scopes == std::vector<std::string>{"openid"});
      CHECK(config.timeout == 10s);
      CHECK(config.tls.ca_file == "/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem");
    }
  }

  TEST_CASE("problems in the block carry the block's full key path") {
    ScopedEnv env;
    set_seed_env(env);
    json document = collector_document();
    document["extensions"]["oauth2client/mlflow"]["tls"]["ca_fle"] = "/ca.pem";
    CHECK(has(refused(document, "mlflow"),
              "extensions.oauth2client/mlflow.tls.ca_fle: unknown key (did you mean ca_file?)"));
  }

  TEST_CASE("with several blocks the name decides, and without one it is an error listing them") {
    ScopedEnv env;
    set_seed_env(env);
    json document = collector_document();
    document["extensions"]["oauth2client/other"] = minimal();
    document["extensions"]["oauth2client"] = minimal();
    document["extensions"]["oauth2client"]["client_id"] = "plain";
    CHECK(valid(document, "other").client_id == "exporter");
    CHECK(valid(document, "oauth2client").client_id == "plain");
    const std::string message = refused(document);
    CHECK(has(message, "several oauth2client blocks (oauth2client, oauth2client/mlflow, oauth2client/other)"));
    CHECK(has(message, "pass the name of the one to use"));
  }

  TEST_CASE("a block that is not there is named, with the closest one") {
    const std::string message = refused(collector_document(), "mlfow");
    CHECK(has(message, "no extensions.oauth2client/mlfow in the configuration (did you mean oauth2client/mlflow?)"));
    CHECK(has(message, "it has oauth2client/mlflow"));
    json document = collector_document();
    document["extensions"].erase("oauth2client/mlflow");
    CHECK(has(refused(document), "extensions has no oauth2client block"));
  }

  TEST_CASE("a collector configuration without extensions is an error saying so") {
    json document = collector_document();
    document.erase("extensions");
    CHECK(has(refused(document, "mlflow"), "has no extensions map"));
  }

  TEST_CASE("a map of extension blocks, without the extensions: level, works too") {
    const json extensions = {{"health_check", json::object()}, {"oauth2client/mlflow", minimal()}};
    CHECK(valid(extensions, "mlflow").client_id == "exporter");
    json broken = extensions;
    broken["oauth2client/mlflow"]["timeout"] = "1 s";
    CHECK(has(refused(broken, "mlflow"), "oauth2client/mlflow.timeout: \"1 s\" is not a duration"));
  }

  TEST_CASE("an empty or non-map block") {
    json document = {{"extensions", {{"oauth2client/x", nullptr}}}};
    const std::string message = refused(document, "x");
    CHECK(has(message, "extensions.oauth2client/x.token_url: missing"));
    CHECK(has(message, "extensions.oauth2client/x.client_id: missing"));
    document["extensions"]["oauth2client/x"] = "token_url";
    CHECK(has(refused(document, "x"), "extensions.oauth2client/x: must be a map of settings, not a string"));
    CHECK(has(refused(json::array()), "must be a map (an oauth2client block or a collector configuration)"));
  }
}

TEST_SUITE("config: text and files") {
  TEST_CASE("JSON text: a syntax error names the line and column, never the text") {
    const auto config =
        config_from_json_text(R"({"client_id": "exporter", "client_secret": "s", "token_url": "https://i/t"})");
    REQUIRE_MESSAGE(config, config.message());
    const auto broken = config_from_json_text("{\n  \"client_secret\": \"hunter2\",\n  \"token_url\" \"x\"\n}");
    CHECK(broken.error() == errc::invalid_configuration);
    CHECK(has(broken.message(), "not valid JSON: syntax error at line 3, column 17"));
    CHECK_FALSE(has(broken.message(), "hunter2"));
  }

  TEST_CASE("a JSON file: messages start with its path") {
    const TempDir dir;
    const std::string good = dir.write("good.json", minimal().dump());
    const auto config = config_from_json_file(good);
    REQUIRE_MESSAGE(config, config.message());
    CHECK(config->client_id == "exporter");

    json block = minimal();
    block["tls"] = {{"ca_fle", "x"}};
    const std::string bad = dir.write("bad.json", block.dump());
    CHECK(config_from_json_file(bad).message().starts_with(bad + ": invalid oauth2client configuration: tls.ca_fle"));

    const std::string missing = dir.file("missing.json");
    const auto unreadable = config_from_json_file(missing);
    CHECK(unreadable.error() == errc::invalid_configuration);
    CHECK(unreadable.message() ==
          "cannot read configuration file " + missing + ": No such file or directory; check the path");
  }
}

TEST_SUITE("config: the source it makes") {
  TEST_CASE("client_credentials() sends what the Config says") {
    json block = minimal();
    block["scopes"] = {"openid", "api:read"};
    block["endpoint_params"] = {{"audience", "https://api"}, {"resource", {"urn:a", "urn:b"}}};
    block["auth_method"] = "client_secret_post";
    block["timeout"] = "1500ms";
    ClientCredentials source = client_credentials(valid(block));
    MockTransport idp;
    idp.respond_token("tok");
    REQUIRE(source.fetch(idp, Instant{}));
    const RecordedRequest sent = idp.requests().at(0);
    CHECK(sent.request.url == "https://idp.example/token");
    CHECK(sent.request.timeout == 1500ms);
    CHECK(sent.form() == detail::FormFields{{"grant_type", "client_credentials"},
                                            {"scope", "openid api:read"},
                                            {"audience", "https://api"},
                                            {"resource", "urn:a"},
                                            {"resource", "urn:b"},
                                            {"client_id", "exporter"},
                                            {"client_secret", "s3cret"}});
  }

  TEST_CASE("client_credentials() honours client_secret_file, read at each fetch") {
    const TempDir dir;
    const std::string secret_file = dir.write("secret", "from-file\n");
    ClientCredentials source = client_credentials(
        valid({{"client_id", "exporter"}, {"client_secret_file", secret_file}, {"token_url", "https://i/t"}}));
    MockTransport idp;
    idp.respond_token("one").respond_token("two");
    REQUIRE(source.fetch(idp, Instant{}));
    dir.write("secret", "rotated\n");
    REQUIRE(source.fetch(idp, Instant{}));
    CHECK(idp.requests().at(0).basic_credentials()->second == "from-file");
    CHECK(idp.requests().at(1).basic_credentials()->second == "rotated");
  }

  TEST_CASE("client_credentials() of a Config that was never validated throws naming what is missing") {
    Config config;
    config.token_url = "https://i/t";
    CHECK_THROWS_WITH_AS(client_credentials(config), doctest::Contains("client_id is empty"), Error);
  }
}

TEST_SUITE("config: hostile documents") {
  TEST_CASE("a number beyond a double's range is an error, not an exception") {
    const auto config = config_from_json_text(R"({"exporters":{"debug":{"limit":1e400}}})");
    CHECK(config.error() == errc::invalid_configuration);
  }

  TEST_CASE("deeply nested documents are refused before they are parsed") {
    const auto config = config_from_json_text(std::string(10'000, '[') + std::string(10'000, ']'));
    CHECK(config.error() == errc::invalid_configuration);
  }

  TEST_CASE("a block id with a line break cannot break a message") {
    const std::string document = "{\"oauth2client/a\\nb\": {\"x\": 1}}";
    const auto config = config_from_json_text(document);
    REQUIRE_FALSE(config);
    CHECK(config.message().find('\n') == std::string::npos);
    const auto suggested = config_from_json_text(document, "a");  // "did you mean" names the block
    REQUIRE_FALSE(suggested);
    CHECK(suggested.message().find('\n') == std::string::npos);
  }
}

}  // namespace config_test
