// `oauth2cc token` as a user runs it: the real binary against the real IdP
// (oidc-provider) over HTTP and HTTPS, and against endpoints that fail.

#include <doctest/doctest.h>

#include <httplib.h>

#include <regex>
#include <string>

#include <nlohmann/json.hpp>

#include "../support/protected_resource.hpp"
#include "../support/test_server.hpp"
#include "cli_fixture.hpp"

using namespace oauth2cc_test;

namespace token_test {

namespace {

// The flags for the harness's basic client, its secret in $IDP_SECRET.
std::vector<std::string> basic_client(const IdpProcess& idp) {
  return {"--token-url", idp.token_endpoint(), "--client-id", basic_id, "--client-secret-env", "IDP_SECRET"};
}
const std::map<std::string, std::string> basic_env{{"IDP_SECRET", basic_secret}};
const std::string ca_file = certs + "/ca.pem";

std::vector<std::string> with(std::vector<std::string> args, const std::vector<std::string>& more) {
  args.insert(args.end(), more.begin(), more.end());
  return args;
}

}  // namespace

TEST_SUITE("cli token") {
  TEST_CASE("over HTTP: every --format, the token accepted by the resource server") {
    const IdpProcess idp = start_idp(false);
    const auto args = with(basic_client(idp), {"--param", "resource=" + api, "--scope", "api:read"});

    SUBCASE("header (the default)") {
      const CliRun run = run_cli(with({"token"}, args), basic_env);
      REQUIRE_MESSAGE(run.exit_code == 0, run.err);
      CHECK(run.err.empty());
      REQUIRE(run.out.rfind("Authorization: Bearer eyJ", 0) == 0);
      const std::string header = run.out.substr(std::string("Authorization: ").size(), run.out.size() - 16);
      CHECK(protected_status(idp, header, ca_file) == 200);
    }
    SUBCASE("token: the bare token and a newline") {
      const CliRun run = run_cli(with({"token"}, with(args, {"--format", "token"})), basic_env);
      REQUIRE_MESSAGE(run.exit_code == 0, run.err);
      CHECK(run.err.empty());
      REQUIRE(run.out.back() == '\n');
      const std::string token = run.out.substr(0, run.out.size() - 1);
      CHECK(std::count(token.begin(), token.end(), '.') == 2);
      CHECK(protected_status(idp, "Bearer " + token, ca_file) == 200);
    }
    SUBCASE("json: type, lifetime, expiry in UTC, scope and the decoded claims") {
      const CliRun run = run_cli(with({"token"}, with(args, {"--format", "json"})), basic_env);
      REQUIRE_MESSAGE(run.exit_code == 0, run.err);
      CHECK(run.err.empty());
      const auto json = nlohmann::json::parse(run.out);
      CHECK(json["token_type"] == "Bearer");
      CHECK(json["expires_in"].get<int>() >= 298);
      CHECK(json["expires_in"].get<int>() <= 300);
      CHECK(std::regex_match(json["expires_at"].get<std::string>(),
                             std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)")));
      CHECK(json["scope"] == "api:read");
      CHECK(json["claims"]["client_id"] == basic_id);
      CHECK(json["claims"]["aud"] == api);
      CHECK(json["claims"]["exp"].get<long>() - json["claims"]["iat"].get<long>() == 300);
      CHECK(protected_status(idp, "Bearer " + json["access_token"].get<std::string>(), ca_file) == 200);
    }
    SUBCASE("json of an opaque token has no claims") {
      const CliRun run = run_cli(with({"token", "--format", "json"}, basic_client(idp)), basic_env);
      REQUIRE_MESSAGE(run.exit_code == 0, run.err);
      const auto json = nlohmann::json::parse(run.out);
      CHECK_FALSE(json.contains("claims"));
      CHECK(json["scope"].is_null());
      CHECK(json["access_token"].get<std::string>().size() == 43);
    }
  }

  TEST_CASE("over HTTPS with --ca-file, the secret from --client-secret-file, client_secret_post") {
    const IdpProcess idp = start_idp(true);
    const TempDir dir;
    const std::string secret_file = dir.write("client-secret", post_secret + "\n");
    const CliRun run = run_cli({"token", "--token-url", idp.token_endpoint(), "--client-id", post_id,
                                "--client-secret-file", secret_file, "--auth-method", "client_secret_post",
                                "--ca-file", certs + "/ca.pem", "--param", "resource=" + api});
    REQUIRE_MESSAGE(run.exit_code == 0, run.err);
    CHECK(run.err.empty());
    CHECK(protected_status(idp, run.out.substr(15, run.out.size() - 16), ca_file) == 200);
  }

  TEST_CASE("a collector YAML picked with --extension, ${env:...} expanded, flags overriding the file") {
    const IdpProcess idp = start_idp(false);
    const TempDir dir;
    const std::string config = dir.write("collector.yaml", R"(
extensions:
  health_check: {}
  oauth2client/mlflow:
    client_id: ${env:MLFLOW_CLIENT_ID}
    client_secret: ${env:MLFLOW_CLIENT_SECRET}
    token_url: ${env:KEYCLOAK_TOKEN_URL}
    scopes: ["openid"]
    endpoint_params:
      resource: urn:oauth2cc:api
    timeout: 10s
  oauth2client/other:
    client_id: someone-else
    client_secret: ${env:OTHER_SECRET}
    token_url: http://127.0.0.1:1/token
service:
  extensions: [health_check, oauth2client/mlflow]
)");
    const std::map<std::string, std::string> env{{"MLFLOW_CLIENT_ID", basic_id},
                                                 {"MLFLOW_CLIENT_SECRET", basic_secret},
                                                 {"KEYCLOAK_TOKEN_URL", idp.token_endpoint()}};

    const CliRun run = run_cli({"token", "--config", config, "--extension", "mlflow", "--scope", "api:write",
                                "--format", "json"}, env);
    REQUIRE_MESSAGE(run.exit_code == 0, run.err);
    const auto json = nlohmann::json::parse(run.out);
    CHECK(json["scope"] == "api:write");  // --scope replaced the file's scopes
    CHECK(json["claims"]["aud"] == api);  // endpoint_params from the file

    // The other block's token_url and secret, replaced by flags.
    const CliRun other = run_cli({"token", "--config", config, "--extension", "other", "--token-url",
                                  idp.token_endpoint(), "--client-id", post_id, "--client-secret-env", "POST_SECRET",
                                  "--auth-method", "client_secret_post"},
                                 {{"POST_SECRET", post_secret}});
    CHECK_MESSAGE(other.exit_code == 0, other.err);

    const CliRun ambiguous = run_cli({"token", "--config", config}, env);
    CHECK(ambiguous.exit_code == 2);
    CHECK(contains(ambiguous.err, "several oauth2client blocks"));
    CHECK(contains(ambiguous.err, "--extension NAME"));

    const CliRun typo = run_cli({"token", "--config", config, "--extension", "mlfow"}, env);
    CHECK(typo.exit_code == 2);
    CHECK(contains(typo.err, "did you mean oauth2client/mlflow?"));
  }

  TEST_CASE("failures: exit code, the cause and the fix on stderr, nothing on stdout") {
    const IdpProcess idp = start_idp(false);

    SUBCASE("a closed port: 4") {
      const LoopbackSocket closed;
      const CliRun run = run_cli({"token", "--token-url", closed.url(), "--client-id", basic_id,
                                  "--client-secret-env", "IDP_SECRET"}, basic_env);
      CHECK(run.exit_code == 4);
      CHECK(contains(run.err, "could not connect to http://127.0.0.1:" + std::to_string(closed.port())));
      CHECK(contains(run.err, "oauth2cc: fix: check the host and port in token_url (--token-url)"));
      CHECK(run.out.empty());
    }
    SUBCASE("a server that never answers, with --timeout: 4") {
      LoopbackSocket silent;
      silent.listen_silently();
      const CliRun run = run_cli({"token", "--token-url", silent.url(), "--client-id", basic_id,
                                  "--client-secret-env", "IDP_SECRET", "--timeout", "300ms"}, basic_env);
      CHECK(run.exit_code == 4);
      CHECK(contains(run.err, "within the timeout of 300 ms"));
      CHECK(contains(run.err, "raise the timeout (timeout, --timeout)"));
    }
    SUBCASE("an HTML page instead of a token endpoint: 5") {
      TestServer html;
      html->Post("/token", [](const httplib::Request&, httplib::Response& res) {
        res.set_content("<html><body>Welcome to the admin console</body></html>", "text/html");
      });
      html.start();
      const CliRun run = run_cli({"token", "--token-url", html.url("http"), "--client-id", basic_id,
                                  "--client-secret-env", "IDP_SECRET"}, basic_env);
      CHECK(run.exit_code == 5);
      CHECK(contains(run.err, "a body that is not JSON (Content-Type: text/html)"));
      CHECK(contains(run.err, "answered with an HTML page"));
      CHECK(run.out.empty());
    }
    SUBCASE("a wrong secret: 3, invalid_client with the secret and auth method to check") {
      const CliRun run = run_cli(with({"token"}, basic_client(idp)), {{"IDP_SECRET", "not-the-secret"}});
      CHECK(run.exit_code == 3);
      CHECK(contains(run.err, "invalid_client"));
      CHECK(contains(run.err, "check the client secret"));
      CHECK(contains(run.err, "--auth-method"));
      CHECK_FALSE(contains(run.err, "not-the-secret"));
      CHECK(run.out.empty());
    }
    SUBCASE("a scope the client may not have: 3, invalid_scope") {
      const CliRun run = run_cli({"token", "--token-url", idp.token_endpoint(), "--client-id", readonly_id,
                                  "--client-secret-env", "IDP_SECRET", "--scope", "api:write"},
                                 {{"IDP_SECRET", readonly_secret}});
      CHECK(run.exit_code == 3);
      CHECK(contains(run.err, "invalid_scope"));
      CHECK(contains(run.err, "check the scopes (scopes, --scope)"));
    }
    SUBCASE("no token_url: 2, naming the key and the flag") {
      const CliRun run = run_cli({"token", "--client-id", basic_id, "--client-secret-env", "IDP_SECRET"}, basic_env);
      CHECK(run.exit_code == 2);
      CHECK(contains(run.err, "token_url: missing"));
      CHECK(contains(run.err, "token_url is set by --token-url URL"));
      CHECK(run.out.empty());
    }
    SUBCASE("the variable named by --client-secret-env is not set: 2, naming it") {
      CliInput input{with({"token"}, basic_client(idp)), {}, {"IDP_SECRET"}, {}};
      const CliRun run = run_cli(input);
      CHECK(run.exit_code == 2);
      CHECK(contains(run.err, "environment variable IDP_SECRET is not set"));
    }
    SUBCASE("an unreadable --client-secret-file: 2, naming the file") {
      const CliRun run = run_cli({"token", "--token-url", idp.token_endpoint(), "--client-id", basic_id,
                                  "--client-secret-file", "/nonexistent/secret"});
      CHECK(run.exit_code == 2);
      CHECK(contains(run.err, "cannot read client_secret_file /nonexistent/secret"));
    }
    SUBCASE("an unknown flag: 2, naming it") {
      const CliRun run = run_cli(with({"token", "--scopes", "api:read"}, basic_client(idp)), basic_env);
      CHECK(run.exit_code == 2);
      CHECK(contains(run.err, "unknown option --scopes for `oauth2cc token`"));
      CHECK(run.out.empty());
    }
    SUBCASE("--client-secret does not exist, and the value is not echoed") {
      const CliRun run = run_cli(with({"token", "--client-secret", basic_secret}, basic_client(idp)));
      CHECK(run.exit_code == 2);
      CHECK(contains(run.err, "there is no --client-secret"));
    }
  }

  TEST_CASE("over HTTPS, an IdP whose CA is not trusted: 4, with the ca_file fix") {
    const IdpProcess idp = start_idp(true, "untrusted");
    const CliRun run = run_cli(with({"token", "--ca-file", certs + "/ca.pem"}, basic_client(idp)), basic_env);
    CHECK(run.exit_code == 4);
    CHECK(contains(run.err, "not signed by a trusted CA"));
    CHECK(contains(run.err, "oauth2cc: fix: set tls.ca_file (--ca-file)"));
    CHECK(run.out.empty());
  }

  TEST_CASE("--help for the tool and every command") {
    const CliRun tool = run_cli({"--help"});
    CHECK(tool.exit_code == 0);
    for (const char* command : {"token", "check", "decode"}) {
      CHECK(contains(tool.out, std::string("oauth2cc ") + command));
      const CliRun help = run_cli({command, "--help"});
      CHECK(help.exit_code == 0);
      CHECK(contains(help.out, std::string("usage: oauth2cc ") + command));
      CHECK(help.err.empty());
    }
    CHECK(contains(run_cli({"token", "--help"}).out, "--format json"));
    CHECK(contains(run_cli({"check", "--help"}).out, "--client-secret-env VAR"));
    CHECK(contains(run_cli({"decode", "--help"}).out, "NOT verified"));
    CHECK(run_cli(std::vector<std::string>{}).exit_code == 2);
  }
}

}  // namespace token_test
