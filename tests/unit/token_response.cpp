#include <doctest/doctest.h>

#include <oauth2cc/detail/text/base64.hpp>
#include <oauth2cc/detail/token/token_response.hpp>
#include <oauth2cc/error.hpp>

#include <chrono>
#include <string>

using namespace oauth2cc;
using namespace std::chrono_literals;
using detail::parse_token_response;

namespace token_response_test {

namespace {

const Instant sent{SteadyTime(1000h), WallTime(std::chrono::seconds(1'767'225'600))};  // 2026-01-01

Result<Token> parse(int status, std::string body, Headers headers = {{"Content-Type", "application/json"}}) {
  return parse_token_response(HttpResponse{status, std::move(headers), std::move(body)}, sent, 300s);
}

Result<Token> parse(std::string body) { return parse(200, std::move(body)); }

// An unsigned JWT with the given claims; the client never verifies tokens.
std::string jwt(const std::string& claims) {
  const auto b64url = [](const std::string& text) {
    std::string s = detail::base64_encode(text);
    for (char& c : s) c = c == '+' ? '-' : c == '/' ? '_' : c;
    while (!s.empty() && s.back() == '=') s.pop_back();
    return s;
  };
  return b64url(R"({"alg":"RS256","typ":"JWT"})") + "." + b64url(claims) + ".c2ln";
}

long long wall_seconds() { return std::chrono::duration_cast<std::chrono::seconds>(sent.wall.time_since_epoch()).count(); }

}  // namespace

TEST_SUITE("token response parsing (RFC 6749 §5.1)") {
  TEST_CASE("a complete response") {
    const auto token = parse(R"({"access_token":"abc.DEF-123_~+/=","token_type":"Bearer","expires_in":3600,)"
                             R"("scope":"api:read api:write","refresh_token":"r","not-before-policy":0})");
    REQUIRE(token);
    CHECK(token->value == "abc.DEF-123_~+/=");
    CHECK(token->type == "Bearer");
    CHECK(token->scope == "api:read api:write");
    CHECK(token->issued_at == sent.steady);
    CHECK(token->expires_at == sent.steady + 3600s);
    SUBCASE("other members are kept as their JSON text") {
      CHECK(token->extra.size() == 2);
      CHECK(token->extra.at("refresh_token") == R"("r")");
      CHECK(token->extra.at("not-before-policy") == "0");
    }
  }

  TEST_CASE("token_type is compared case-insensitively and normalised") {
    for (const char* type : {"bearer", "BEARER", "Bearer", "bEaReR"}) {
      const auto token = parse(std::string(R"({"access_token":"t","expires_in":60,"token_type":")") + type + "\"}");
      REQUIRE(token);
      CHECK(token->type == "Bearer");
    }
  }

  TEST_CASE("other token types are refused by name") {
    const auto token = parse(R"({"access_token":"t","token_type":"mac","expires_in":60})");
    CHECK(token.error() == errc::unsupported_token_type);
    CHECK(token.message().find("\"mac\"") != std::string::npos);
  }

  TEST_CASE("token_type DPoP is accepted only when the request carried a DPoP proof") {
    const std::string body = R"({"access_token":"tok3n-value","token_type":"dpop","expires_in":60})";
    const auto without = parse(body);
    CHECK(without.error() == errc::unsupported_token_type);
    CHECK(without.message().find("token_type DPoP") != std::string::npos);
    CHECK(without.message().find("configure a DPoP key") != std::string::npos);
    CHECK(without.message().find("tok3n-value") == std::string::npos);
    const auto with = parse_token_response(HttpResponse{200, {}, body}, sent, 300s, {}, /*dpop=*/true);
    REQUIRE(with);
    CHECK(with->type == "DPoP");
    // With DPoP a server may still answer Bearer (RFC 9449 §5): kept as it is.
    const auto bearer = parse_token_response(
        HttpResponse{200, {}, R"({"access_token":"t","token_type":"Bearer","expires_in":60})"}, sent, 300s, {}, true);
    REQUIRE(bearer);
    CHECK(bearer->type == "Bearer");
  }

  TEST_CASE("expires_in as a number, a float or a numeric string") {
    CHECK(parse(R"({"access_token":"t","token_type":"bearer","expires_in":60})")->expires_at == sent.steady + 60s);
    CHECK(parse(R"({"access_token":"t","token_type":"bearer","expires_in":59.9})")->expires_at == sent.steady + 59s);
    SUBCASE("Entra ID sends a string") {
      CHECK(parse(R"({"access_token":"t","token_type":"Bearer","expires_in":"3599"})")->expires_at ==
            sent.steady + 3599s);
    }
  }

  TEST_CASE("unusable expires_in is an error, never a silent default") {
    for (const char* value : {"0", "0.5", "0.999", "-5", "\"\"", "\"12abc\"", "\"-1\"", "\"1e3\"", "true", "[]", "{}",
                              "400000000", "\"9999999999999\""}) {
      CAPTURE(value);
      const auto token = parse(std::string(R"({"access_token":"t","token_type":"Bearer","expires_in":)") + value + "}");
      CHECK(token.error() == errc::invalid_expires_in);
      CHECK_FALSE(token.message().empty());
    }
  }

  TEST_CASE("JSON nested deeper than 64 levels is refused before it is parsed") {
    std::string deep = R"({"access_token":"t","token_type":"Bearer","expires_in":60,"x":)";
    deep += std::string(60'000, '[') + std::string(60'000, ']') + "}";
    CHECK(parse(deep).error() == errc::malformed_response);
    std::string shallow = R"({"access_token":"t","token_type":"Bearer","expires_in":60,"x":)";
    shallow += std::string(60, '[') + std::string(60, ']') + "}";
    CHECK(parse(shallow)->extra.count("x") == 1);
    // Brackets inside strings are text, not nesting.
    CHECK(parse(R"({"access_token":"t","token_type":"Bearer","expires_in":60,"x":")" + std::string(100, '[') +
                R"("})"));
  }

  TEST_CASE("without expires_in a JWT's exp claim gives the expiry") {
    const auto token = parse(R"({"access_token":")" + jwt(R"({"exp":)" + std::to_string(wall_seconds() + 120) + "}") +
                             R"(","token_type":"Bearer"})");
    REQUIRE(token);
    CHECK(token->expires_at == sent.steady + 120s);
    SUBCASE("an exp already past means the clocks disagree") {
      const auto past = parse(R"({"access_token":")" + jwt(R"({"exp":)" + std::to_string(wall_seconds() - 1) + "}") +
                              R"(","token_type":"Bearer"})");
      CHECK(past.error() == errc::token_expired);
      CHECK(past.message().find("clock") != std::string::npos);
    }
    SUBCASE("an exp ten years away is refused") {
      const auto far = parse(R"({"access_token":")" + jwt(R"({"exp":)" + std::to_string(wall_seconds() + 400'000'000) +
                                                            "}") + R"(","token_type":"Bearer"})");
      CHECK(far.error() == errc::invalid_expires_in);
    }
  }

  TEST_CASE("without expires_in or exp the configured default lifetime applies") {
    CHECK(parse(R"({"access_token":"opaque","token_type":"Bearer"})")->expires_at == sent.steady + 300s);
    CHECK(parse(R"({"access_token":"opaque","token_type":"Bearer","expires_in":null})")->expires_at ==
          sent.steady + 300s);
    CHECK(parse(R"({"access_token":")" + jwt(R"({"sub":"x"})") + R"(","token_type":"Bearer"})")->expires_at ==
          sent.steady + 300s);
  }

  TEST_CASE("access_token is required, a non-empty string") {
    CHECK(parse(R"({"token_type":"Bearer","expires_in":60})").error() == errc::missing_access_token);
    CHECK(parse(R"({"access_token":null,"token_type":"Bearer"})").error() == errc::missing_access_token);
    CHECK(parse(R"({"access_token":"","token_type":"Bearer"})").error() == errc::missing_access_token);
    const auto number = parse(R"({"access_token":42,"token_type":"Bearer"})");
    CHECK(number.error() == errc::missing_access_token);
    CHECK(number.message().find("number") != std::string::npos);
  }

  TEST_CASE("token_type is required, a string") {
    CHECK(parse(R"({"access_token":"t","expires_in":60})").error() == errc::missing_token_type);
    CHECK(parse(R"({"access_token":"t","token_type":1})").error() == errc::missing_token_type);
  }

  TEST_CASE("a token that could break the Authorization header is refused") {
    for (const char* value : {"a b", "a\\r\\nX-Injected: 1", "a\\u0000", "tok\\u00e9n", "=abc", "a=b", "a,b"}) {
      CAPTURE(value);
      const auto token = parse(std::string(R"({"access_token":")") + value + R"(","token_type":"Bearer"})");
      CHECK(token.error() == errc::invalid_token_characters);
      CHECK(token.message().find(value) == std::string::npos);
    }
  }

  TEST_CASE("scope, when present, must be a string") {
    CHECK(parse(R"({"access_token":"t","token_type":"Bearer","scope":["a"]})").error() == errc::malformed_response);
    CHECK(parse(R"({"access_token":"t","token_type":"Bearer","scope":null})")->scope.empty());
  }

  TEST_CASE("a body that is not a JSON object names the status and content type") {
    const auto html = parse(200, "<html>login</html>", {{"Content-Type", "text/html"}});
    CHECK(html.error() == errc::malformed_response);
    CHECK(html.message().find("HTTP 200") != std::string::npos);
    CHECK(html.message().find("text/html") != std::string::npos);
    CHECK(html.message().find("token_url") != std::string::npos);
    CHECK(parse("[1,2]").error() == errc::malformed_response);
    CHECK(parse(R"({"access_token":"t","token_type":"Bea)").error() == errc::malformed_response);
    CHECK(parse("").error() == errc::malformed_response);
  }
}

TEST_SUITE("token error responses (RFC 6749 §5.2)") {
  TEST_CASE("each standard error maps to its own code") {
    const std::pair<const char*, errc> cases[] = {
        {"invalid_request", errc::invalid_request},
        {"invalid_client", errc::invalid_client},
        {"invalid_grant", errc::invalid_grant},
        {"unauthorized_client", errc::unauthorized_client},
        {"unsupported_grant_type", errc::unsupported_grant_type},
        {"invalid_scope", errc::invalid_scope},
        {"invalid_target", errc::invalid_target},
        {"temporarily_unavailable", errc::temporarily_unavailable},
        {"server_error", errc::server_error},
        {"something_new", errc::oauth_error},
    };
    for (const auto& [error_name, code] : cases) {
      const std::string name = error_name;  // clang 14 lambdas (inside CAPTURE) cannot capture a structured binding
      CAPTURE(name);
      const auto token = parse(400, std::string(R"({"error":")") + name + "\"}");
      CHECK(token.error() == code);
      CHECK(is_oauth_error(token.error()));
      CHECK(token.message().find(name) != std::string::npos);
    }
  }

  TEST_CASE("description and uri are kept, with the fix") {
    const auto token = parse(401, R"({"error":"invalid_client","error_description":"client authentication failed",)"
                                  R"("error_uri":"https://idp.example/errors"})");
    CHECK(token.error() == errc::invalid_client);
    CHECK(token.message().find("HTTP 401") != std::string::npos);
    CHECK(token.message().find("client authentication failed") != std::string::npos);
    CHECK(token.message().find("https://idp.example/errors") != std::string::npos);
    CHECK(token.message().find("client_secret") != std::string::npos);
  }

  TEST_CASE("an error object with status 200 is still an error") {
    CHECK(parse(200, R"({"error":"invalid_scope"})").error() == errc::invalid_scope);
  }

  TEST_CASE("server text cannot inject lines into messages") {
    const auto token = parse(400, R"({"error":"invalid_request","error_description":"a\r\nFAKE: log line"})");
    CHECK(token.message().find('\n') == std::string::npos);
    CHECK(token.message().find('\r') == std::string::npos);
  }

  TEST_CASE("non-JSON error bodies name the HTTP status") {
    SUBCASE("an HTML error page") {
      const auto token = parse(503, "<html>Service Unavailable</html>", {{"Content-Type", "text/html"}});
      CHECK(token.error() == errc::http_error);
      CHECK(token.message().find("HTTP 503") != std::string::npos);
      CHECK(token.message().find("text/html") != std::string::npos);
    }
    SUBCASE("an empty 401 from a proxy") {
      const auto token = parse(401, "", {});
      CHECK(token.error() == errc::http_error);
      CHECK(token.message().find("HTTP 401") != std::string::npos);
      CHECK(token.message().find("empty body") != std::string::npos);
    }
    SUBCASE("a 404 points at token_url") {
      const auto token = parse(404, "not found", {{"Content-Type", "text/plain"}});
      CHECK(token.message().find("token_url") != std::string::npos);
    }
    SUBCASE("JSON without an error member") {
      CHECK(parse(500, R"({"message":"boom"})").error() == errc::http_error);
    }
  }
}

}  // namespace token_response_test
