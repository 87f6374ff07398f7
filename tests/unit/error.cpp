#include <doctest/doctest.h>

#include <oauth2cc/error.hpp>
#include <oauth2cc/result.hpp>

#include <string>

using namespace oauth2cc;

namespace error_test {

TEST_SUITE("errors") {
  TEST_CASE("codes belong to the oauth2cc category and have names") {
    const std::error_code code = errc::invalid_client;
    CHECK(code.category().name() == std::string("oauth2cc"));
    CHECK(code.message() == "invalid_client");
    CHECK(to_string(errc::timeout) == "the token request timed out");
    CHECK(code == errc::invalid_client);
    CHECK(code != errc::invalid_scope);
  }

  TEST_CASE("every code has its own message") {
    for (int value : {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 100, 101, 102, 103, 104, 105, 106, 107, 200, 201, 202, 203, 204,
                      205, 206, 207, 208, 209, 300, 301, 302, 303, 304, 305}) {
      CAPTURE(value);
      CHECK(oauth2cc_category().message(value) != "unknown oauth2cc error");
    }
    CHECK(oauth2cc_category().message(9999) == "unknown oauth2cc error");
  }

  TEST_CASE("OAuth errors are told apart from transport and protocol errors") {
    CHECK(is_oauth_error(errc::invalid_client));
    CHECK(is_oauth_error(errc::oauth_error));
    CHECK_FALSE(is_oauth_error(errc::timeout));
    CHECK_FALSE(is_oauth_error(errc::malformed_response));
    CHECK_FALSE(is_oauth_error(std::make_error_code(std::errc::timed_out)));
  }

  TEST_CASE("Error carries the code and the message") {
    const Error error(Failure{make_error_code(errc::timeout), "no answer within 10000 ms"});
    CHECK(error.code() == errc::timeout);
    CHECK(std::string(error.what()).find("no answer within 10000 ms") != std::string::npos);
  }

  TEST_CASE("Result holds a value or a failure") {
    Result<int> ok(42);
    CHECK(ok);
    CHECK(*ok == 42);
    CHECK_FALSE(ok.error());
    CHECK(ok.message().empty());
    Result<int> bad(errc::invalid_url, "fix token_url");
    CHECK_FALSE(bad);
    CHECK(bad.error() == errc::invalid_url);
    CHECK(bad.message() == "fix token_url");
    CHECK_THROWS_AS((void)bad.value(), Error);
    CHECK(bad.failure().message == "fix token_url");
  }
}

}  // namespace error_test
