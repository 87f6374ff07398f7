// client_id_file and client_secret_file: read afresh on every fetch, with
// real files in a temporary directory.

#include <doctest/doctest.h>

#include <oauth2cc/authenticator.hpp>
#include <oauth2cc/cache/expiry_buffer.hpp>
#include <oauth2cc/source/client_credentials.hpp>
#include <oauth2cc/testing.hpp>

#include <string>

#include "../support/temp_dir.hpp"

using namespace oauth2cc;
using namespace std::chrono_literals;
using oauth2cc_test::TempDir;

namespace client_credentials_files_test {

namespace {

const std::string url = "https://idp.example/token";
const Instant now{SteadyTime(1000h), WallTime(std::chrono::seconds(1'767'225'600))};

ClientCredentials from_files(const std::string& id_file, const std::string& secret_file) {
  ClientCredentialsSettings settings;
  settings.token_url = url;
  settings.client_id_file = id_file;
  settings.client_secret_file = secret_file;
  return ClientCredentials(std::move(settings));
}

ClientCredentials with_secret_file(const std::string& secret_file) {
  ClientCredentialsSettings settings;
  settings.token_url = url;
  settings.client_id = "exporter";
  settings.client_secret_file = secret_file;
  return ClientCredentials(std::move(settings));
}

// The secret the IdP saw in a successful fetch.
std::string secret_sent(ClientCredentials& source) {
  MockTransport idp;
  idp.respond_token("tok");
  const auto token = source.fetch(idp, now);
  REQUIRE_MESSAGE(token, token.message());
  REQUIRE(idp.request_count() == 1);
  const auto credentials = idp.requests().front().basic_credentials();
  REQUIRE(credentials);
  return credentials->second;
}

}  // namespace

TEST_SUITE("ClientCredentials with credential files") {
  TEST_CASE("the secret file is read on every fetch, so a rotated secret is used by the next request") {
    const TempDir dir;
    const std::string secret_file = dir.write("client-secret", "first-secret\n");
    ClientCredentials source = with_secret_file(secret_file);
    MockTransport idp;
    idp.respond_token("one").respond_token("two");

    REQUIRE(source.fetch(idp, now));
    dir.write("client-secret", "second-secret\n");  // what a Kubernetes secret rotation does to the mounted file
    REQUIRE(source.fetch(idp, now));

    REQUIRE(idp.request_count() == 2);
    CHECK(idp.requests()[0].basic_credentials() == std::pair<std::string, std::string>{"exporter", "first-secret"});
    CHECK(idp.requests()[1].basic_credentials() == std::pair<std::string, std::string>{"exporter", "second-secret"});
  }

  TEST_CASE("the client id file too, also with client_secret_post") {
    const TempDir dir;
    const std::string id_file = dir.write("client-id", "id-1\n");
    const std::string secret_file = dir.write("client-secret", "secret-1");
    ClientCredentials source = from_files(id_file, secret_file);
    source.auth_method(AuthMethod::client_secret_post);
    MockTransport idp;
    idp.respond_token("one").respond_token("two");

    REQUIRE(source.fetch(idp, now));
    dir.write("client-id", "id-2\n");
    dir.write("client-secret", "secret-2");
    REQUIRE(source.fetch(idp, now));

    REQUIRE(idp.request_count() == 2);
    CHECK(idp.requests()[0].form_value("client_id") == "id-1");
    CHECK(idp.requests()[0].form_value("client_secret") == "secret-1");
    CHECK(idp.requests()[1].form_value("client_id") == "id-2");
    CHECK(idp.requests()[1].form_value("client_secret") == "secret-2");
  }

  TEST_CASE("an Authenticator uses the rotated secret at its next refresh") {
    const TempDir dir;
    const std::string secret_file = dir.write("client-secret", "before\n");
    MockTransport idp;
    ManualClock clock;
    idp.respond_token("first", 300).respond_token("second", 300);
    Authenticator<ClientCredentials, ExpiryBuffer, MockTransport, ManualClock> auth(with_secret_file(secret_file),
                                                                                    ExpiryBuffer(30s), idp, clock);

    CHECK(auth.header() == "Bearer first");
    dir.write("client-secret", "after\n");
    CHECK(auth.header() == "Bearer first");  // cached: the file is read per fetch, not per call
    CHECK(idp.request_count() == 1);
    clock.advance(271s);  // inside the 30 s buffer
    CHECK(auth.header() == "Bearer second");
    REQUIRE(idp.request_count() == 2);
    CHECK(idp.requests()[0].basic_credentials()->second == "before");
    CHECK(idp.requests()[1].basic_credentials()->second == "after");
  }

  TEST_CASE("one trailing line ending is dropped, every other character is kept") {
    const TempDir dir;
    struct Case {
      std::string content;
      std::string sent;
    };
    for (const Case& c : {Case{"plain", "plain"}, Case{"unix\n", "unix"}, Case{"windows\r\n", "windows"},
                          Case{"two lines\n\n", "two lines\n"}, Case{" spaced  secret \n", " spaced  secret "},
                          Case{"\ttab\r", "\ttab\r"}, Case{"in\nside\n", "in\nside"}}) {
      CAPTURE(c.content);
      ClientCredentials source = with_secret_file(dir.write("client-secret", c.content));
      CHECK(secret_sent(source) == c.sent);
    }
  }

  TEST_CASE("a missing or unreadable file fails that fetch, names the path, and sends nothing") {
    const TempDir dir;
    std::string path;
    SUBCASE("missing") { path = dir.file("no-such-file"); }
    SUBCASE("a directory") { path = dir.path().string(); }
    ClientCredentials source = with_secret_file(path);
    MockTransport idp;
    const auto token = source.fetch(idp, now);
    CHECK(token.error() == errc::credential_file_unusable);
    CHECK(token.message().find("client_secret_file " + path) != std::string::npos);
    CHECK(token.message().find("check the path") != std::string::npos);
    CHECK(idp.request_count() == 0);
  }

  TEST_CASE("an empty file fails the fetch, and the message holds nothing read before") {
    const TempDir dir;
    const std::string secret_file = dir.write("client-secret", "valid-secret-value\n");
    ClientCredentials source = with_secret_file(secret_file);
    CHECK(secret_sent(source) == "valid-secret-value");

    for (const std::string empty : {"", "\n", "\r\n"}) {
      CAPTURE(empty.size());
      dir.write("client-secret", empty);
      MockTransport idp;
      const auto token = source.fetch(idp, now);
      CHECK(token.error() == errc::credential_file_unusable);
      CHECK(token.message().find(secret_file + " is empty") != std::string::npos);
      CHECK(token.message().find("valid-secret-value") == std::string::npos);
      CHECK(idp.request_count() == 0);
    }
  }

  TEST_CASE("an empty client id file is reported as client_id_file") {
    const TempDir dir;
    ClientCredentials source = from_files(dir.write("client-id", "\n"), dir.write("client-secret", "s"));
    MockTransport idp;
    const auto token = source.fetch(idp, now);
    CHECK(token.error() == errc::credential_file_unusable);
    CHECK(token.message().starts_with("client_id_file "));
  }

  TEST_CASE("a file far too large for a credential is refused without quoting it") {
    const TempDir dir;
    ClientCredentials source = with_secret_file(dir.write("client-secret", std::string(70'000, 'A')));
    MockTransport idp;
    const auto token = source.fetch(idp, now);
    CHECK(token.error() == errc::credential_file_unusable);
    CHECK(token.message().find("larger than 65536 bytes") != std::string::npos);
    CHECK(token.message().find("AAAA") == std::string::npos);
  }

  TEST_CASE("construction takes a secret or a secret file, not both and not neither") {
    const TempDir dir;
    const std::string secret_file = dir.write("client-secret", "s");
    CHECK_NOTHROW(with_secret_file(secret_file));
    // Files are read when fetching, not before: a secret mounted later still works.
    CHECK_NOTHROW(with_secret_file(dir.file("mounted-later")));

    ClientCredentialsSettings both;
    both.token_url = url;
    both.client_id = "exporter";
    both.client_secret = "inline";
    both.client_secret_file = secret_file;
    both.client_id_file = secret_file;
    try {
      ClientCredentials source(std::move(both));
      FAIL("expected an exception");
    } catch (const Error& error) {
      CHECK(error.code() == errc::invalid_configuration);
      const std::string what = error.what();
      CHECK(what.find("client_secret and client_secret_file are both set") != std::string::npos);
      CHECK(what.find("client_id and client_id_file are both set") != std::string::npos);
      CHECK(what.find("inline") == std::string::npos);
    }

    ClientCredentialsSettings neither;
    neither.token_url = url;
    CHECK_THROWS_WITH_AS(ClientCredentials(std::move(neither)), doctest::Contains("set client_id or client_id_file"),
                         Error);
  }

  TEST_CASE("the setters switch an existing source to files, wiping the inline secret") {
    const TempDir dir;
    ClientCredentials source(url, "inline-id", "inline-secret");
    source.client_id_file(dir.write("client-id", "file-id\n"))
        .client_secret_file(dir.write("client-secret", "file-secret\n"));
    CHECK(source.settings().client_secret.empty());
    CHECK(source.settings().client_id.empty());
    MockTransport idp;
    idp.respond_token("tok");
    REQUIRE(source.fetch(idp, now));
    CHECK(idp.requests()[0].basic_credentials() == std::pair<std::string, std::string>{"file-id", "file-secret"});

    CHECK_THROWS_AS(source.client_secret_file(""), Error);
    CHECK_THROWS_AS(source.client_id_file(""), Error);
  }

  TEST_CASE("request() throws and try_request() reports when a credential file is unusable") {
    const TempDir dir;
    ClientCredentials source = with_secret_file(dir.file("absent"));
    CHECK(source.try_request().error() == errc::credential_file_unusable);
    CHECK_THROWS_AS((void)source.request(), Error);
    dir.write("absent", "now-present");
    REQUIRE(source.try_request());
    CHECK(find_header(source.request().headers, "Authorization").starts_with("Basic "));
  }
}

}  // namespace client_credentials_files_test
