// StaticToken and TokenFile: tokens this process is handed rather than
// issued, with real files in a temporary directory, a ManualClock, and a
// MockTransport that proves no request is ever sent.

#include <doctest/doctest.h>

#include <oauth2cc/authenticator.hpp>
#include <oauth2cc/cache/refresh_ahead.hpp>
#include <oauth2cc/source/static_token.hpp>
#include <oauth2cc/source/token_file.hpp>
#include <oauth2cc/testing.hpp>

#include <filesystem>
#include <string>

#include "../support/fake_jwt.hpp"
#include "../support/temp_dir.hpp"

using namespace oauth2cc;
using namespace std::chrono_literals;
using oauth2cc_test::epoch;
using oauth2cc_test::fake_jwt;
using oauth2cc_test::TempDir;

namespace token_sources_test {

namespace {

const Instant now{SteadyTime(1000h), WallTime(std::chrono::seconds(1'767'225'600))};

// A JWT access token that expires `in` after `now`.
std::string jwt_expiring_in(std::chrono::seconds in, std::string_view subject = "exporter") {
  return fake_jwt({{"sub", subject}, {"exp", epoch(now.wall) + in.count()}});
}

bool has(const std::string& text, std::string_view part) { return text.find(part) != std::string::npos; }

template <class Source>
Result<Token> fetch(Source& source, const Instant& at = now) {
  MockTransport idp;
  Result<Token> token = source.fetch(idp, at);
  CHECK(idp.request_count() == 0);
  return token;
}

}  // namespace

TEST_SUITE("StaticToken") {
  TEST_CASE("serves the same Bearer token on every fetch and sends no request") {
    StaticToken source(Secret("api-token-1"));
    for (int i = 0; i < 3; ++i) {
      const Result<Token> token = fetch(source);
      REQUIRE(token);
      CHECK(token->value == "api-token-1");
      CHECK(token->type == "Bearer");
      CHECK(token->issued_at == now.steady);
      CHECK(token->expires_at == now.steady + 1h);  // the reserve interval: a token not a JWT has no known expiry
    }
  }

  TEST_CASE("a JWT is served until its exp claim, and the reserve interval still caps it") {
    StaticToken expiring_soon{Secret(jwt_expiring_in(600s))};
    const Result<Token> soon = fetch(expiring_soon);
    REQUIRE(soon);
    CHECK(soon->expires_at == now.steady + 600s);
    StaticToken expiring_late{Secret(jwt_expiring_in(48h)), 2h};
    const Result<Token> late = fetch(expiring_late);
    REQUIRE(late);
    CHECK(late->expires_at == now.steady + 2h);
  }

  TEST_CASE("a JWT whose exp has passed fails with token_expired, never quoting it") {
    const std::string token = jwt_expiring_in(-90s);
    StaticToken source{Secret(token)};
    const Result<Token> result = fetch(source);
    REQUIRE_FALSE(result);
    CHECK(result.error() == errc::token_expired);
    CHECK(has(result.message(), "the static token holds a JWT whose exp passed 90 s ago; replace it"));
    CHECK_FALSE(has(result.message(), token));
  }

  TEST_CASE("an empty token, one that no header can carry, or a non-positive interval is refused at construction") {
    CHECK_THROWS_WITH_AS(StaticToken(Secret("")), doctest::Contains("static token is empty"), Error);
    CHECK_THROWS_WITH_AS(StaticToken(Secret("abc\r\nX-Injected: 1")), doctest::Contains("RFC 6750 b64token"), Error);
    CHECK_THROWS_WITH_AS(StaticToken(Secret("Bearer abc")), doctest::Contains("without \"Bearer \""), Error);
    CHECK_THROWS_AS(StaticToken(Secret("abc"), 0s), Error);
  }
}

TEST_SUITE("TokenFile") {
  TEST_CASE("the file is read once, then only looked at while it is unchanged") {
    const TempDir dir;
    TokenFile source(dir.write("token", "sidecar-token-1\n"));
    for (int i = 0; i < 3; ++i) {
      const Result<Token> token = fetch(source);
      REQUIRE_MESSAGE(token, token.message());
      CHECK(token->value == "sidecar-token-1");
      CHECK(token->type == "Bearer");
    }
    CHECK(source.reads() == 1);
  }

  TEST_CASE("a rewritten file is read again at the next fetch") {
    const TempDir dir;
    TokenFile source(dir.write("token", "sidecar-token-1"));
    REQUIRE(fetch(source));
    dir.write("token", "sidecar-token-two");  // in place: the size changes
    const Result<Token> token = fetch(source);
    REQUIRE(token);
    CHECK(token->value == "sidecar-token-two");
    CHECK(source.reads() == 2);
  }

  TEST_CASE("a file replaced by renaming a new one into place is read again, even at the same size") {
    const TempDir dir;
    const std::string path = dir.write("token", "sidecar-token-1");
    TokenFile source(path);
    REQUIRE(fetch(source));
    // As the kubelet and most sidecars write: a new file (a new inode) renamed over the old one.
    std::filesystem::rename(dir.write("token.new", "sidecar-token-2"), path);
    const Result<Token> token = fetch(source);
    REQUIRE(token);
    CHECK(token->value == "sidecar-token-2");
    CHECK(source.reads() == 2);
  }

  TEST_CASE("an opaque token is served for the recheck interval, a JWT until its exp when that is sooner") {
    const TempDir dir;
    TokenFile source(dir.write("token", "opaque"), 30s);
    const Result<Token> opaque = fetch(source);
    REQUIRE(opaque);
    CHECK(opaque->expires_at == now.steady + 30s);

    dir.write("token", jwt_expiring_in(10s));
    const Result<Token> short_jwt = fetch(source);
    REQUIRE(short_jwt);
    CHECK(short_jwt->expires_at == now.steady + 10s);

    dir.write("token", jwt_expiring_in(1h, "a-longer-subject"));
    const Result<Token> long_jwt = fetch(source);
    REQUIRE(long_jwt);
    CHECK(long_jwt->expires_at == now.steady + 30s);  // re-checked before its exp
  }

  TEST_CASE("a missing, unreadable or empty file fails with credential_file_unusable naming the file") {
    const TempDir dir;
    TokenFile missing(dir.file("absent"));
    const Result<Token> absent = fetch(missing);
    REQUIRE_FALSE(absent);
    CHECK(absent.error() == errc::credential_file_unusable);
    CHECK(has(absent.message(), "cannot read token_file " + dir.file("absent") + ": No such file or directory"));
    CHECK(has(absent.message(), "sidecar"));

    std::filesystem::create_directory(dir.file("a-directory"));
    TokenFile directory(dir.file("a-directory"));
    const Result<Token> unreadable = fetch(directory);
    REQUIRE_FALSE(unreadable);
    CHECK(unreadable.error() == errc::credential_file_unusable);
    CHECK(has(unreadable.message(), "cannot read token_file " + dir.file("a-directory")));

    TokenFile blank(dir.write("blank", " \n"));
    const Result<Token> empty = fetch(blank);
    REQUIRE_FALSE(empty);
    CHECK(empty.error() == errc::credential_file_unusable);
    CHECK(has(empty.message(), "token_file " + dir.file("blank") + " is empty"));
  }

  TEST_CASE("an empty file is read again at the next fetch, so the sidecar's first write is seen") {
    const TempDir dir;
    TokenFile source(dir.write("token", ""));
    CHECK_FALSE(fetch(source));
    dir.write("token", "now-there");
    const Result<Token> token = fetch(source);
    REQUIRE(token);
    CHECK(token->value == "now-there");
    CHECK(source.reads() == 2);
  }

  TEST_CASE("an expired JWT fails with token_expired, and the unchanged file is not read again") {
    const TempDir dir;
    const std::string token = jwt_expiring_in(-5s);
    TokenFile source(dir.write("token", token));
    for (int i = 0; i < 2; ++i) {
      const Result<Token> result = fetch(source);
      REQUIRE_FALSE(result);
      CHECK(result.error() == errc::token_expired);
      CHECK(has(result.message(), "token_file " + dir.file("token") + " holds a JWT whose exp passed 5 s ago"));
      CHECK_FALSE(has(result.message(), token));
    }
    CHECK(source.reads() == 1);
  }

  TEST_CASE("a token with a line break inside is refused: it would inject a header") {
    const TempDir dir;
    TokenFile source(dir.write("token", "abc\nX-Injected: 1\n"));
    const Result<Token> result = fetch(source);
    REQUIRE_FALSE(result);
    CHECK(result.error() == errc::invalid_token_characters);
    CHECK_FALSE(has(result.message(), "X-Injected"));
  }

  TEST_CASE("an Authenticator carries the rewritten token after the next recheck, reading the file once per change") {
    const TempDir dir;
    const std::string path = dir.write("token", "first-token");
    ManualClock clock;
    MockTransport idp;
    // RefreshAhead without jitter: the recheck comes at 80% of the 60 s interval.
    Authenticator<TokenFile, RefreshAhead, MockTransport, ManualClock> auth(TokenFile(path, 60s),
                                                                            RefreshAhead(0.8, 0.0), idp, clock);
    CHECK(auth.header() == "Bearer first-token");
    dir.write("token", "second-token");
    CHECK(auth.header() == "Bearer first-token");  // the hot path never looks at the file
    clock.advance(47s);
    CHECK(auth.header() == "Bearer first-token");
    clock.advance(2s);  // 49 s: past the recheck at 48 s
    CHECK(auth.header() == "Bearer second-token");
    clock.advance(49s);  // rechecked again, unchanged: looked at, not read
    CHECK(auth.header() == "Bearer second-token");
    CHECK(auth.source().reads() == 2);
    CHECK(idp.request_count() == 0);
  }

  TEST_CASE("an empty path or a non-positive recheck interval is refused at construction") {
    CHECK_THROWS_AS(TokenFile(""), Error);
    CHECK_THROWS_AS(TokenFile("/tmp/token", 0s), Error);
  }
}

}  // namespace token_sources_test
