// The promise the CLI makes: no output ever carries the client secret, and
// none carries a token except the standard output of `oauth2cc token`.
// run_cli() checks that for every invocation in every CLI test; this test
// puts one real token and one real secret through every failure the CLI
// reports, and through the success cases, and greps all of it.

#include <doctest/doctest.h>

#include <httplib.h>

#include <string>

#include "../support/test_server.hpp"
#include "cli_fixture.hpp"

using namespace oauth2cc_test;

namespace no_leaks_test {

TEST_SUITE("cli leaks") {
  TEST_CASE("neither the secret nor the token appears in any output but token's stdout") {
    const IdpProcess idp = start_idp(false);
    const IdpProcess untrusted = start_idp(true, "untrusted");
    const TempDir dir;
    const std::string secret_file = dir.write("secret", basic_secret + "\n");
    const std::map<std::string, std::string> env{{"IDP_SECRET", basic_secret}};
    const std::vector<std::string> client{"--client-id", basic_id, "--client-secret-env", "IDP_SECRET"};
    const auto with_url = [&client](const std::string& command, const std::string& url,
                                    std::vector<std::string> more = {}) {
      std::vector<std::string> args{command, "--token-url", url};
      args.insert(args.end(), client.begin(), client.end());
      args.insert(args.end(), more.begin(), more.end());
      return args;
    };
    const auto flags_only = [](std::vector<std::string> args) { return std::vector(args.begin() + 1, args.end()); };
    // A real JWT and a real opaque token: every output below is checked for both.
    const std::string jwt = fetch_token(flags_only(with_url("token", idp.token_endpoint(), {"--param", "resource=" + api})), env);
    const std::string opaque = fetch_token(flags_only(with_url("token", idp.token_endpoint())), env);
    REQUIRE(jwt.size() > 300);
    REQUIRE(opaque.size() == 43);

    // A server that echoes the request into its error (the secret, form-encoded
    // in the body or base64-encoded in the Basic header), as some proxies do.
    TestServer echo;
    echo->Post("/token", [](const httplib::Request& req, httplib::Response& res) {
      res.status = 400;
      res.set_content(R"({"error":"invalid_request","error_description":"bad request: )" + req.body + " " +
                          req.get_header_value("Authorization") + R"("})",
                      "application/json");
    });
    echo.start();
    LoopbackSocket closed;
    LoopbackSocket silent;
    silent.listen_silently();

    std::vector<CliRun> failures;
    std::vector<CliRun> successes;
    for (const char* command : {"token", "check"}) {
      CAPTURE(command);
      failures.push_back(run_cli(with_url(command, idp.token_endpoint()), {{"IDP_SECRET", basic_secret + "x"}}));
      failures.push_back(run_cli(with_url(command, idp.token_endpoint(), {"--auth-method", "client_secret_post"}), env));
      failures.push_back(run_cli(with_url(command, echo.url("http")), env));
      failures.push_back(run_cli(with_url(command, echo.url("http"), {"--auth-method", "client_secret_post"}), env));
      failures.push_back(run_cli(with_url(command, closed.url()), env));
      failures.push_back(run_cli(with_url(command, silent.url(), {"--timeout", "200ms"}), env));
      failures.push_back(run_cli(with_url(command, untrusted.token_endpoint(), {"--ca-file", certs + "/ca.pem"}), env));
      failures.push_back(run_cli({command, "--client-id", basic_id, "--client-secret-file", secret_file}));
      failures.push_back(run_cli({command, "--token-url", idp.token_endpoint(), "--client-secret-env", "IDP_SECRET"}, env));
      failures.push_back(run_cli(with_url(command, idp.token_endpoint(), {"--bogus", basic_secret}), env));
      failures.push_back(run_cli(with_url(command, idp.token_endpoint(), {"--client-secret", basic_secret}), env));
      failures.push_back(run_cli({command, "--token-url", idp.token_endpoint(), "--client-id", basic_id,
                                  "--client-secret-env", basic_secret}));
      failures.push_back(run_cli(with_url(command, idp.token_endpoint(), {basic_secret}), env));
      successes.push_back(run_cli(with_url(command, idp.token_endpoint(), {"--param", "resource=" + api}), env));
      successes.push_back(run_cli({command, "--token-url", idp.token_endpoint(), "--client-id", basic_id,
                                   "--client-secret-file", secret_file}));
    }
    for (const std::string format : {"header", "token", "json"}) {
      successes.push_back(run_cli(with_url("token", idp.token_endpoint(), {"--format", format}), env));
    }
    failures.push_back(run_cli({"decode", opaque}));
    failures.push_back(run_cli({"decode", jwt.substr(0, jwt.rfind('.'))}));
    failures.push_back(run_cli({"decode", jwt + ".x.y"}));
    failures.push_back(run_cli({"decode", jwt, opaque}));
    successes.push_back(run_cli({"decode", jwt}));

    for (const CliRun& run : failures) {
      CAPTURE(run.out);
      CAPTURE(run.err);
      CHECK(run.exit_code != 0);
      for (const std::string& text : {run.out, run.err}) {
        CHECK_FALSE(contains(text, basic_secret));
        CHECK_FALSE(contains(text, jwt));
        CHECK_FALSE(contains(text, jwt.substr(jwt.rfind('.') + 1)));  // not even the signature
        CHECK_FALSE(contains(text, opaque));
        CHECK_FALSE(has_token_shape(text));
      }
    }
    CHECK(failures.size() == 30);
    for (const CliRun& run : successes) {
      CAPTURE(run.err);
      CHECK(run.exit_code == 0);
      CHECK_FALSE(contains(run.err, basic_secret));
      CHECK_FALSE(contains(run.err, jwt));
      CHECK_FALSE(contains(run.err, opaque));
      CHECK_FALSE(has_token_shape(run.err));
    }
    CHECK(successes.size() == 8);
  }
}

}  // namespace no_leaks_test
