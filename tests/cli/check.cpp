// `oauth2cc check`: the seed page's troubleshooting steps, run by the real
// binary against the real IdP and against endpoints broken on purpose. Each
// broken setup must fail at the right step, with the right fix.

#include <doctest/doctest.h>

#include <httplib.h>

#include <string>

#include "../support/test_server.hpp"
#include "cli_fixture.hpp"

using namespace oauth2cc_test;

namespace check_test {

namespace {

const std::map<std::string, std::string> basic_env{{"IDP_SECRET", basic_secret}};

std::vector<std::string> check_basic(const std::string& token_url, std::vector<std::string> more = {}) {
  std::vector<std::string> args{"check", "--token-url", token_url, "--client-id", basic_id,
                                "--client-secret-env", "IDP_SECRET"};
  args.insert(args.end(), more.begin(), more.end());
  return args;
}

// The line after a step's line: where its fix (or first detail) is.
std::string line_after(const std::string& report, const std::string& line) {
  const std::size_t at = report.find(line);
  if (at == std::string::npos) return {};
  const std::size_t start = at + line.size() + 1;
  return report.substr(start, report.find('\n', start) - start);
}

// The fix printed under a step: its indented lines, the one starting "fix: ".
std::string fix_of(const CliRun& run, const std::string& status, const std::string& step) {
  const std::string line = step_line(run.out, status, step);
  if (line.empty()) return {};
  for (std::size_t at = run.out.find(line) + line.size() + 1; at < run.out.size();) {
    const std::size_t end = run.out.find('\n', at);
    const std::string next = run.out.substr(at, end - at);
    if (next.rfind("      ", 0) != 0) break;  // the next step
    if (next.rfind("      fix: ", 0) == 0) return next.substr(11);
    at = end + 1;
  }
  return {};
}

}  // namespace

TEST_SUITE("cli check") {
  TEST_CASE("a good HTTP setup: every step passes, TLS is skipped with the clear-text warning") {
    const IdpProcess idp = start_idp(false);
    const CliRun run = run_cli(check_basic(idp.token_endpoint(), {"--param", "resource=" + api}), basic_env);
    CHECK_MESSAGE(run.exit_code == 0, run.out);
    CHECK(run.err.empty());
    CHECK(step_line(run.out, "PASS", "client_secret from ${env:IDP_SECRET}") ==
          "PASS  client_secret from ${env:IDP_SECRET}: set (" + std::to_string(basic_secret.size()) + " chars)");
    CHECK(contains(step_line(run.out, "PASS", "configuration"), "token_url " + idp.token_endpoint()));
    CHECK(step_line(run.out, "PASS", "DNS") == "PASS  DNS: 127.0.0.1 resolves to 127.0.0.1");
    CHECK(contains(step_line(run.out, "PASS", "TCP connect to 127.0.0.1 port"), "connected to 127.0.0.1 in "));
    CHECK(contains(step_line(run.out, "SKIP", "TLS"), "the client secret and the token travel in clear text"));
    const std::string token = step_line(run.out, "PASS", "token request");
    CHECK(contains(token, "got a Bearer token (JWT"));
    CHECK(contains(token, "expires in 5m 0s"));
    CHECK(contains(line_after(run.out, token), "aud urn:oauth2cc:api"));
    CHECK(contains(run.out, "summary: 5 PASS, 0 FAIL, 1 SKIP"));
    CHECK(step_line(run.out, "FAIL", "").empty());
  }

  TEST_CASE("a good HTTPS setup from a collector YAML: the certificate is shown and verified") {
    const IdpProcess idp = start_idp(true);
    const TempDir dir;
    const std::string config = dir.write("collector.yaml", R"(
extensions:
  oauth2client/mlflow:
    client_id: ${env:MLFLOW_CLIENT_ID}
    client_secret: ${env:MLFLOW_CLIENT_SECRET}
    token_url: ${env:KEYCLOAK_TOKEN_URL}
    tls:
      ca_file: )" + certs + R"(/ca.pem
)");
    const CliRun run = run_cli({"check", "--config", config, "--extension", "mlflow"},
                               {{"MLFLOW_CLIENT_ID", basic_id},
                                {"MLFLOW_CLIENT_SECRET", basic_secret},
                                {"KEYCLOAK_TOKEN_URL", idp.token_endpoint()}});
    CHECK_MESSAGE(run.exit_code == 0, run.out);
    CHECK(contains(run.out, "PASS  client_id from ${env:MLFLOW_CLIENT_ID}: set (14 chars)"));
    CHECK(contains(run.out, "PASS  client_secret from ${env:MLFLOW_CLIENT_SECRET}: set (19 chars)"));
    CHECK(contains(run.out, "PASS  token_url from ${env:KEYCLOAK_TOKEN_URL}: set"));
    CHECK(contains(step_line(run.out, "PASS", "configuration"), "extensions.oauth2client/mlflow in " + config));
    const std::string tls = step_line(run.out, "PASS", "TLS handshake with 127.0.0.1");
    CHECK(contains(tls, "certificate verified"));
    CHECK(contains(run.out, "certificate: subject CN=localhost; issuer CN=oauth2cc Test Root CA; not after "));
    CHECK(contains(run.out, "names: IP:127.0.0.1, DNS:localhost; 127.0.0.1 matches"));
    CHECK(contains(run.out, "verification: ok"));
    CHECK(contains(step_line(run.out, "PASS", "token request"), "got a Bearer token (opaque, 43 chars)"));
    CHECK(contains(run.out, "summary: 8 PASS, 0 FAIL, 0 SKIP"));
  }

  TEST_CASE("TLS failures name the certificate's problem and its fix, and skip the token request") {
    struct Case {
      const char* cert;
      const char* problem;
      const char* fix;
    };
    const Case cases[] = {
        {"untrusted", "the certificate is not trusted: unable to get local issuer certificate",
         "set tls.ca_file (--ca-file) to the PEM bundle of the CA that issued it (CN=oauth2cc Other (Untrusted) CA)"},
        {"self-signed", "the certificate is not trusted: self-signed certificate",
         "set tls.ca_file (--ca-file) to the PEM bundle of the CA that issued it"},
        {"wrong-host", "the certificate is not valid for 127.0.0.1 (it names DNS:wrong.example)",
         "use a name the certificate has in token_url (DNS:wrong.example), or set tls.server_name_override"},
        {"expired", "the certificate expired at ", "renew the IdP's certificate"},
    };
    for (const Case& c : cases) {
      CAPTURE(c.cert);
      const IdpProcess idp = start_idp(true, c.cert);
      const CliRun run = run_cli(check_basic(idp.token_endpoint(), {"--ca-file", certs + "/ca.pem"}), basic_env);
      CHECK(run.exit_code == 4);
      CHECK(contains(step_line(run.out, "FAIL", "TLS handshake with 127.0.0.1"), c.problem));
      CHECK(contains(fix_of(run, "FAIL", "TLS handshake"), c.fix));
      CHECK(contains(step_line(run.out, "SKIP", "token request"), "rejected the same way"));
      CHECK(contains(run.out, "summary: 4 PASS, 1 FAIL, 1 SKIP"));
    }
  }

  TEST_CASE("insecure_skip_verify: the problem is reported, the token request still runs") {
    const IdpProcess idp = start_idp(true, "untrusted");
    const CliRun run = run_cli(check_basic(idp.token_endpoint(), {"--insecure-skip-verify"}), basic_env);
    CHECK_MESSAGE(run.exit_code == 0, run.out);
    CHECK(contains(step_line(run.out, "PASS", "TLS handshake"), "certificate NOT verified (insecure_skip_verify)"));
    CHECK(contains(run.out, "before turning insecure_skip_verify off: set tls.ca_file (--ca-file)"));
    CHECK(!step_line(run.out, "PASS", "token request").empty());
  }

  TEST_CASE("a closed port fails at TCP connect while DNS still passes") {
    const LoopbackSocket closed;
    const CliRun run = run_cli(check_basic(closed.url()), basic_env);
    CHECK(run.exit_code == 4);
    CHECK(!step_line(run.out, "PASS", "DNS").empty());
    CHECK(contains(step_line(run.out, "FAIL", "TCP connect to 127.0.0.1 port " + std::to_string(closed.port())),
                   "Connection refused"));
    CHECK(contains(fix_of(run, "FAIL", "TCP connect"), "check the port in token_url"));
    CHECK(contains(step_line(run.out, "SKIP", "token request"), "no TCP connection"));
  }

  TEST_CASE("token request failures: the OAuth error or the HTML page, with the fix") {
    const IdpProcess idp = start_idp(false);

    SUBCASE("wrong secret: invalid_client, 3") {
      const CliRun run = run_cli(check_basic(idp.token_endpoint()), {{"IDP_SECRET", "not-the-secret"}});
      CHECK(run.exit_code == 3);
      CHECK(contains(step_line(run.out, "FAIL", "token request"), "invalid_client"));
      CHECK(contains(fix_of(run, "FAIL", "token request"), "check the client secret"));
      CHECK(contains(fix_of(run, "FAIL", "token request"), "--auth-method"));
      CHECK(contains(run.out, "summary: 4 PASS, 1 FAIL, 1 SKIP"));
    }
    SUBCASE("the wrong auth method: invalid_client, 3") {
      const CliRun run = run_cli(check_basic(idp.token_endpoint(), {"--auth-method", "client_secret_post"}), basic_env);
      CHECK(run.exit_code == 3);
      CHECK(contains(step_line(run.out, "FAIL", "token request"), "does not match the registered client authentication"));
    }
    SUBCASE("a scope the client may not have: invalid_scope, 3") {
      const CliRun run = run_cli({"check", "--token-url", idp.token_endpoint(), "--client-id", readonly_id,
                                  "--client-secret-env", "IDP_SECRET", "--scope", "api:write"},
                                 {{"IDP_SECRET", readonly_secret}});
      CHECK(run.exit_code == 3);
      CHECK(contains(step_line(run.out, "FAIL", "token request"), "invalid_scope"));
      CHECK(contains(fix_of(run, "FAIL", "token request"), "check the scopes"));
    }
    SUBCASE("an HTML page: 5, check token_url") {
      TestServer html;
      html->Post("/token", [](const httplib::Request&, httplib::Response& res) {
        res.status = 404;
        res.set_content("<!DOCTYPE html><title>Not Found</title>", "text/html");
      });
      html.start();
      const CliRun run = run_cli(check_basic(html.url("http")), basic_env);
      CHECK(run.exit_code == 5);
      CHECK(contains(step_line(run.out, "FAIL", "token request"), "HTTP 404"));
      CHECK(contains(fix_of(run, "FAIL", "token request"), "answered with an HTML page"));
      CHECK(contains(fix_of(run, "FAIL", "token request"), "check that token_url (--token-url) is the token endpoint"));
    }
  }

  TEST_CASE("a server that never answers: the token request times out, 4") {
    LoopbackSocket silent;
    silent.listen_silently();
    const CliRun run = run_cli(check_basic(silent.url(), {"--timeout", "300ms"}), basic_env);
    CHECK(run.exit_code == 4);
    CHECK(!step_line(run.out, "PASS", "TCP connect").empty());  // the kernel accepts; nobody answers
    CHECK(contains(step_line(run.out, "FAIL", "token request"), "within the timeout of 300 ms"));
    CHECK(contains(fix_of(run, "FAIL", "token request"), "raise the timeout"));
  }

  TEST_CASE("configuration problems: 2, each key named with its flag, and the network steps still run") {
    const IdpProcess idp = start_idp(false);

    SUBCASE("missing token_url: nothing to connect to") {
      const CliRun run = run_cli({"check", "--client-id", basic_id, "--client-secret-env", "IDP_SECRET"}, basic_env);
      CHECK(run.exit_code == 2);
      CHECK(contains(step_line(run.out, "FAIL", "configuration"), "token_url: missing"));
      CHECK(contains(fix_of(run, "FAIL", "configuration"), "token_url is set by --token-url URL"));
      CHECK(contains(step_line(run.out, "SKIP", "DNS"), "no usable token_url"));
      CHECK(contains(step_line(run.out, "SKIP", "token request"), "no usable token_url"));
    }
    SUBCASE("the secret's variable is not set: named, and DNS and TCP still checked") {
      const CliRun run = run_cli(CliInput{check_basic(idp.token_endpoint()), {}, {"IDP_SECRET"}, {}});
      CHECK(run.exit_code == 2);
      CHECK(contains(step_line(run.out, "FAIL", "client_secret from the environment"),
                     "environment variable IDP_SECRET is not set"));
      CHECK(!step_line(run.out, "FAIL", "configuration").empty());
      CHECK(!step_line(run.out, "PASS", "DNS").empty());
      CHECK(!step_line(run.out, "PASS", "TCP connect").empty());
      CHECK(contains(step_line(run.out, "SKIP", "token request"), "the configuration is invalid"));
    }
    SUBCASE("set but empty") {
      const CliRun run = run_cli(check_basic(idp.token_endpoint()), {{"IDP_SECRET", ""}});
      CHECK(run.exit_code == 2);
      CHECK(step_line(run.out, "FAIL", "client_secret from ${env:IDP_SECRET}") ==
            "FAIL  client_secret from ${env:IDP_SECRET}: set but empty");
    }
    SUBCASE("a secret file that is missing") {
      const CliRun run = run_cli({"check", "--token-url", idp.token_endpoint(), "--client-id", basic_id,
                                  "--client-secret-file", "/nonexistent/secret"});
      CHECK(run.exit_code == 2);
      CHECK(contains(step_line(run.out, "FAIL", "client_secret_file /nonexistent/secret"), "cannot read"));
    }
    SUBCASE("a secret file that is there: its length, not its content") {
      const TempDir dir;
      const std::string file = dir.write("secret", basic_secret + "\n");
      const CliRun run = run_cli({"check", "--token-url", idp.token_endpoint(), "--client-id", basic_id,
                                  "--client-secret-file", file});
      CHECK_MESSAGE(run.exit_code == 0, run.out);
      CHECK(step_line(run.out, "PASS", "client_secret_file " + file) ==
            "PASS  client_secret_file " + file + ": readable (19 chars)");
    }
  }
}

}  // namespace check_test
