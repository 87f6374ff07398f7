// The CLI's parts that need no process or network: argument parsing, exit
// codes, the merge of file and flags, time texts, JWT decoding, fixes.

#include <doctest/doctest.h>

#include <chrono>
#include <limits>
#include <string>
#include <vector>

#include <oauth2cc/detail/text/base64.hpp>

#include "arguments.hpp"
#include "exit_code.hpp"
#include "fixes.hpp"
#include "jwt.hpp"
#include "settings.hpp"
#include "time_text.hpp"

using namespace oauth2cc;
using namespace oauth2cc::cli;
using namespace std::chrono_literals;

namespace helpers_test {

namespace {

Result<Invocation> parse(std::vector<std::string_view> args) { return parse_arguments(args); }

std::string jwt_of(const std::string& header, const std::string& claims) {
  const auto part = [](const std::string& json) {
    std::string text = detail::base64_encode(json);
    while (!text.empty() && text.back() == '=') text.pop_back();
    for (char& c : text) c = c == '+' ? '-' : c == '/' ? '_' : c;
    return text;
  };
  return part(header) + "." + part(claims) + ".c2lnbmF0dXJl";
}

}  // namespace

TEST_SUITE("cli arguments") {
  TEST_CASE("token flags in both spellings, repeatable ones collected") {
    const auto parsed = parse({"token", "--token-url", "https://idp/token", "--client-id=me", "--scope", "a",
                               "--scope=b", "--param", "resource=urn:x", "--param=audience=api", "--insecure-skip-verify",
                               "--format", "json", "--timeout", "5s"});
    REQUIRE_MESSAGE(parsed, parsed.message());
    CHECK(parsed->command == Command::token);
    CHECK(parsed->flags.token_url == "https://idp/token");
    CHECK(parsed->flags.client_id == "me");
    CHECK(parsed->flags.scopes == std::vector<std::string>{"a", "b"});
    REQUIRE(parsed->flags.params.size() == 2);
    CHECK(parsed->flags.params[1] == std::pair<std::string, std::string>{"audience", "api"});
    CHECK(parsed->flags.insecure_skip_verify);
    CHECK(parsed->format == TokenFormat::json);
    CHECK(parsed->flags.timeout == "5s");
  }

  TEST_CASE("usage errors name the flag and never quote a value") {
    const auto unknown = parse({"check", "--tokne-url=s3cr3t-value"});
    REQUIRE_FALSE(unknown);
    CHECK(unknown.error() == errc::invalid_configuration);
    CHECK(unknown.message().find("--tokne-url") != std::string::npos);
    CHECK(unknown.message().find("s3cr3t") == std::string::npos);

    const auto secret = parse({"token", "--client-secret", "s3cr3t-value"});
    REQUIRE_FALSE(secret);
    CHECK(secret.message().find("--client-secret-env") != std::string::npos);
    CHECK(secret.message().find("s3cr3t") == std::string::npos);

    const auto stray = parse({"token", "s3cr3t-value"});
    REQUIRE_FALSE(stray);
    CHECK(stray.message().find("argument #2") != std::string::npos);
    CHECK(stray.message().find("s3cr3t") == std::string::npos);

    CHECK(parse({"token", "--token-url"}).message().find("--token-url needs a value") != std::string::npos);
    CHECK(parse({"token", "--format", "yaml"}).message().find("header, token or json") != std::string::npos);
    CHECK(parse({"token", "--param", "novalue"}).message().find("KEY=VALUE") != std::string::npos);
    CHECK(parse({"token", "--client-id", "a", "--client-id", "b"}).message().find("more than once") != std::string::npos);
    CHECK(parse({"token", "--client-secret-env", "A", "--client-secret-file", "f"}).message().find("give one") !=
          std::string::npos);
    CHECK(parse({"token", "--insecure-skip-verify=false"}).message().find("takes no value") != std::string::npos);
    CHECK(parse({"decode", "--token-url", "x"}).message().find("unknown option --token-url") != std::string::npos);
    CHECK(parse({"decode"}).message().find("needs a TOKEN") != std::string::npos);
    CHECK(parse({"decode", "a", "b"}).message().find("one TOKEN") != std::string::npos);
    CHECK(parse({"frobnicate"}).message().find("unknown command") != std::string::npos);
    CHECK(parse({}).message().find("no command") != std::string::npos);
  }

  TEST_CASE("help and version need nothing else") {
    CHECK(parse({"--help"})->help);
    CHECK(parse({"help"})->help);
    CHECK(parse({"--version"})->version);
    const auto token_help = parse({"token", "--help"});
    CHECK(token_help->help);
    CHECK(token_help->command == Command::token);
    CHECK(parse({"decode", "-h"})->command == Command::decode);
    CHECK(parse({"decode", "-"})->decode_input == "-");
  }

  TEST_CASE("decode's TOKEN may start with a dash, and after -- with two") {
    // An opaque base64url token starts with '-' once in 64 tokens.
    CHECK(parse({"decode", "-Xq3opaque"})->decode_input == "-Xq3opaque");
    CHECK(parse({"decode", "--", "--Xq3opaque"})->decode_input == "--Xq3opaque");
    CHECK(parse({"decode", "--", "-"})->decode_input == "-");
    CHECK(parse({"decode", "--Xq3opaque"}).message().find("unknown option --Xq3opaque") != std::string::npos);
    CHECK(parse({"decode", "-Xq3opaque", "-Yq3opaque"}).message().find("one TOKEN") != std::string::npos);
  }
}

TEST_SUITE("cli exit codes") {
  TEST_CASE("each errc group has its exit code") {
    CHECK(exit_code_for({}) == ExitCode::success);
    for (errc code : {errc::invalid_configuration, errc::invalid_url, errc::tls_configuration,
                      errc::credential_file_unusable, errc::environment_variable_unset}) {
      CAPTURE(static_cast<int>(code));
      CHECK(exit_code_for(code) == ExitCode::usage);
    }
    for (errc code : {errc::invalid_client, errc::invalid_scope, errc::unauthorized_client, errc::server_error,
                      errc::oauth_error}) {
      CAPTURE(static_cast<int>(code));
      CHECK(exit_code_for(code) == ExitCode::oauth_error);
    }
    for (errc code : {errc::connection_failed, errc::timeout, errc::tls_handshake_failed,
                      errc::tls_certificate_untrusted, errc::tls_hostname_mismatch, errc::tls_certificate_invalid,
                      errc::transport_failed}) {
      CAPTURE(static_cast<int>(code));
      CHECK(exit_code_for(code) == ExitCode::network);
    }
    for (errc code : {errc::http_error, errc::malformed_response, errc::missing_access_token,
                      errc::invalid_token_characters, errc::response_too_large}) {
      CAPTURE(static_cast<int>(code));
      CHECK(exit_code_for(code) == ExitCode::malformed_response);
    }
    CHECK(exit_code_for(std::make_error_code(std::errc::io_error)) == ExitCode::internal_error);
  }
}

TEST_SUITE("cli settings") {
  TEST_CASE("flags alone make a configuration, and missing keys are named with their flags") {
    ConnectionFlags flags;
    flags.token_url = "https://idp.example/token";
    const auto config = load_settings(flags);
    REQUIRE_FALSE(config);
    CHECK(config.error() == errc::invalid_configuration);
    CHECK(config.message().find("client_id: missing") != std::string::npos);
    const std::string fix = likely_fix(config.failure());
    CHECK(fix.find("--client-id ID") != std::string::npos);
    CHECK(fix.find("--client-secret-env VAR") != std::string::npos);
    CHECK(fix.find("--token-url") == std::string::npos);  // token_url is fine

    flags.client_id = "me";
    flags.client_secret_file = "/run/secrets/client-secret";
    flags.scopes = {"a", "b"};
    flags.params = {{"resource", "urn:x"}};
    flags.ca_file = "/etc/ca.pem";
    flags.timeout = "1500ms";
    const auto complete = load_settings(flags);
    REQUIRE_MESSAGE(complete, complete.message());
    CHECK(complete->token_url == "https://idp.example/token");
    CHECK(complete->client_secret_file == "/run/secrets/client-secret");
    CHECK(complete->scopes == std::vector<std::string>{"a", "b"});
    CHECK(complete->endpoint_params == std::vector<std::pair<std::string, std::string>>{{"resource", "urn:x"}});
    CHECK(complete->tls.ca_file == "/etc/ca.pem");
    CHECK(complete->timeout == 1500ms);
  }

  TEST_CASE("flag values are literal: a $ is not an environment reference") {
    ConnectionFlags flags;
    flags.token_url = "https://idp.example/token?x=${env:HOME}";
    flags.client_id = "id$1";
    flags.client_secret_file = "/secret";
    const auto config = load_settings(flags);
    REQUIRE_MESSAGE(config, config.message());
    CHECK(config->token_url == "https://idp.example/token?x=${env:HOME}");
    CHECK(config->client_id == "id$1");
  }

  TEST_CASE("--client-secret-env takes a variable name, not a value") {
    ConnectionFlags flags;
    flags.client_secret_env = "not a name!";
    const auto merged = merge_settings(flags);
    REQUIRE_FALSE(merged);
    CHECK(merged.message().find("not a name") == std::string::npos);
    CHECK(merged.message().find("NAME of an environment variable") != std::string::npos);
  }

  TEST_CASE("--extension without --config is a usage error") {
    ConnectionFlags flags;
    flags.extension = "mlflow";
    CHECK(merge_settings(flags).message().find("--config") != std::string::npos);
  }
}

TEST_SUITE("cli time texts") {
  const WallTime epoch{};

  TEST_CASE("durations, largest units first") {
    CHECK(duration_text(0s) == "0s");
    CHECK(duration_text(59s) == "59s");
    CHECK(duration_text(299s) == "4m 59s");
    CHECK(duration_text(3605s) == "1h 0m 5s");
    CHECK(duration_text(std::chrono::hours(50)) == "2d 2h");
    CHECK(duration_text(-61s) == "1m 1s");
  }

  TEST_CASE("instants relative to now") {
    CHECK(relative_text(epoch + 299s, epoch) == "in 4m 59s");
    CHECK(relative_text(epoch, epoch + 182s) == "3m 2s ago");
    CHECK(relative_text(epoch, epoch) == "now");
  }

  TEST_CASE("ISO 8601 in UTC, and NumericDates the clock can hold") {
    CHECK(iso8601_utc(epoch + 1'795'602'923s) == "2026-11-25T10:35:23Z");
    REQUIRE(from_unix_seconds(1'795'602'923.7));
    CHECK(*from_unix_seconds(1'795'602'923.7) == epoch + 1'795'602'923s);
    CHECK_FALSE(from_unix_seconds(1e300));
    CHECK_FALSE(from_unix_seconds(std::numeric_limits<double>::quiet_NaN()));
  }
}

TEST_SUITE("cli jwt") {
  TEST_CASE("header and claims of a JWT, whatever is around it") {
    const std::string token = jwt_of(R"({"alg":"RS256","typ":"at+jwt"})", R"({"sub":"me","exp":1795602923})");
    for (const std::string& input : {token, "  " + token + "\n", "Bearer " + token, "Authorization: Bearer " + token}) {
      const auto decoded = decode_jwt(bare_token(input));
      REQUIRE_MESSAGE(decoded, decoded.message());
      CHECK(decoded->header["alg"] == "RS256");
      CHECK(decoded->claims["sub"] == "me");
      CHECK(decoded->signature_length == 12);
    }
  }

  TEST_CASE("what is not a JWT is said precisely, without quoting the input") {
    const std::string opaque = "dFaFrgw13dV-BygoP1S-H5-Ob4vbQikFbDEc1K1cOwx";
    const auto not_jwt = decode_jwt(opaque);
    REQUIRE_FALSE(not_jwt);
    CHECK(not_jwt.error() == errc::malformed_response);
    CHECK(not_jwt.message().find("1 part (43 characters)") != std::string::npos);
    CHECK(not_jwt.message().find(opaque) == std::string::npos);

    CHECK(decode_jwt("").message().find("empty") != std::string::npos);
    CHECK(decode_jwt("a.b.c.d.e").message().find("JWE") != std::string::npos);
    CHECK(decode_jwt("a!.b.c").message().find("header (part 1) is not base64url") != std::string::npos);
    CHECK(decode_jwt(jwt_of("{}", "[1]")).message().find("payload (part 2) is not a JSON object") != std::string::npos);
  }
}

}  // namespace helpers_test
