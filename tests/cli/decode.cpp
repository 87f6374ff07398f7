// `oauth2cc decode` on a real token from the IdP, and on what is not a JWT.

#include <doctest/doctest.h>

#include <string>

#include <nlohmann/json.hpp>

#include "cli_fixture.hpp"

using namespace oauth2cc_test;

namespace decode_test {

namespace {

// The text between two markers of the output.
std::string between(const std::string& out, const std::string& start, const std::string& end) {
  const std::size_t from = out.find(start);
  const std::size_t to = out.find(end, from);
  if (from == std::string::npos || to == std::string::npos) return {};
  return out.substr(from + start.size(), to - from - start.size());
}

}  // namespace

TEST_SUITE("cli decode") {
  TEST_CASE("a JWT from the IdP: header, claims, times in local time and relative to now") {
    const IdpProcess idp = start_idp(false);
    const std::map<std::string, std::string> env{{"IDP_SECRET", basic_secret}};
    const std::vector<std::string> client{"--token-url", idp.token_endpoint(), "--client-id", basic_id,
                                          "--client-secret-env", "IDP_SECRET", "--param", "resource=" + api};
    const std::string token = fetch_token(client, env);

    const auto check_decoded = [&](const CliRun& run) {
      REQUIRE_MESSAGE(run.exit_code == 0, run.err);
      CHECK(run.err.empty());
      const auto header = nlohmann::json::parse(between(run.out, "header:\n", "claims:\n"));
      CHECK(header["alg"] == "RS256");
      CHECK(header["typ"] == "at+jwt");
      const auto claims = nlohmann::json::parse(between(run.out, "claims:\n", "\nexp: "));
      CHECK(claims["client_id"] == basic_id);
      CHECK(claims["iss"] == idp.issuer());
      const std::string exp = "exp: " + claims["exp"].dump() + " = ";
      CHECK(contains(run.out, exp));
      CHECK((contains(run.out, ", expires in 4m 5") || contains(run.out, ", expires in 5m 0s")));
      CHECK(contains(run.out, "iat: " + claims["iat"].dump() + " = "));
      CHECK(contains(run.out, ", issued "));
      CHECK(contains(run.out, "signature: 342 characters, NOT verified"));
      CHECK_FALSE(contains(run.out, token));  // what the token says, not the token
    };

    SUBCASE("as an argument") { check_decoded(run_cli({"decode", token})); }
    SUBCASE("from standard input, as `oauth2cc token` prints it") {
      check_decoded(run_cli(CliInput{{"decode", "-"}, {}, {}, "Authorization: Bearer " + token + "\n"}));
    }
  }

  TEST_CASE("an opaque token from the IdP is not a JWT: 5") {
    const IdpProcess idp = start_idp(false);
    const std::string token = fetch_token({"--token-url", idp.token_endpoint(), "--client-id", basic_id,
                                           "--client-secret-env", "IDP_SECRET"},
                                          {{"IDP_SECRET", basic_secret}});
    const CliRun run = run_cli({"decode", token});
    CHECK(run.exit_code == 5);
    CHECK(contains(run.err, "not a JWT"));
    CHECK(contains(run.err, "1 part (43 characters)"));
    CHECK(contains(run.err, "opaque token"));
    CHECK(run.out.empty());
  }

  TEST_CASE("garbage: 5, and the input is not echoed") {
    const char* const inputs[] = {"hello world", "eyJub3Q.eyJqc29u.x", "a.b.c.d.e", "%%%.%%%.%%%"};
    for (const char* input : inputs) {
      CAPTURE(input);
      const CliRun run = run_cli({"decode", input});
      CHECK(run.exit_code == 5);
      CHECK(contains(run.err, "oauth2cc: error: not a JWT: "));
      CHECK_FALSE(contains(run.err, input));
      CHECK(run.out.empty());
    }
    const CliRun empty = run_cli(CliInput{{"decode", "-"}, {}, {}, "\n"});
    CHECK(empty.exit_code == 5);
    CHECK(contains(empty.err, "the input is empty"));
  }
}

}  // namespace decode_test
