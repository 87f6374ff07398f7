// Workload identity: ClientAssertionFile reads the client assertion from a
// file (a Kubernetes projected service-account token) on every fetch, with
// real files in a temporary directory and a MockTransport for the IdP.

#include <doctest/doctest.h>

#include <oauth2cc/authenticator.hpp>
#include <oauth2cc/cache/expiry_buffer.hpp>
#include <oauth2cc/source/client_assertion_file.hpp>
#include <oauth2cc/source/client_credentials.hpp>
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

namespace client_assertion_file_test {

namespace {

const std::string url = "https://idp.example/token";
const Instant now{SteadyTime(1000h), WallTime(std::chrono::seconds(1'767'225'600))};

// A projected service-account token as the kubelet writes it, valid for an hour.
std::string projected_token(std::string_view subject, WallTime issued = now.wall) {
  return fake_jwt({{"iss", "https://kubernetes.default.svc"},
                   {"sub", subject},
                   {"aud", "api://AzureADTokenExchange"},
                   {"iat", epoch(issued)},
                   {"exp", epoch(issued) + 3600}});
}

ClientCredentials workload_identity(const std::string& path) {
  ClientCredentialsSettings settings;
  settings.token_url = url;
  settings.client_id = "exporter";
  settings.auth_method = AuthMethod::private_key_jwt;
  settings.assertion_signer = ClientAssertionFile(path);
  return ClientCredentials(std::move(settings));
}

// The failure of a fetch that must not reach the IdP.
Failure refused(ClientCredentials& source, WallTime at = now.wall) {
  MockTransport idp;
  const Result<Token> token = source.fetch(idp, Instant{now.steady, at});
  REQUIRE_FALSE(token);
  CHECK(idp.request_count() == 0);
  return token.failure();
}

bool has(const std::string& text, std::string_view part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_SUITE("ClientAssertionFile") {
  TEST_CASE("the assertion is read on every fetch and sent as a jwt-bearer client assertion, so a rotated token "
            "is sent by the next request") {
    const TempDir dir;
    const std::string first = projected_token("system:serviceaccount:otel:exporter");
    const std::string second = projected_token("system:serviceaccount:otel:exporter", now.wall + 10min);
    const std::string path = dir.write("token", first + "\n");
    ClientCredentials source = workload_identity(path);
    MockTransport idp;
    idp.respond_token("one").respond_token("two");

    REQUIRE(source.fetch(idp, now));
    dir.write("token", second);
    REQUIRE(source.fetch(idp, now));

    REQUIRE(idp.request_count() == 2);
    for (const auto& request : idp.requests()) {
      CHECK(request.form_value("client_assertion_type") == std::string(jwt_bearer_assertion_type));
      CHECK(request.form_value("client_id") == "exporter");
      CHECK_FALSE(request.form_value("client_secret"));
      CHECK(request.header("Authorization").empty());
    }
    CHECK(idp.requests()[0].form_value("client_assertion") == first);  // the newline trimmed
    CHECK(idp.requests()[1].form_value("client_assertion") == second);
  }

  TEST_CASE("white space around the assertion is dropped") {
    const TempDir dir;
    const std::string token = projected_token("sa");
    ClientCredentials source = workload_identity(dir.write("token", "\n  " + token + " \r\n\t"));
    MockTransport idp;
    idp.respond_token("tok");
    REQUIRE(source.fetch(idp, now));
    CHECK(idp.requests().front().form_value("client_assertion") == token);
  }

  TEST_CASE("a missing file fails the fetch with credential_file_unusable, naming the file and what writes it") {
    const TempDir dir;
    ClientCredentials source = workload_identity(dir.file("not-projected"));
    const Failure failure = refused(source);
    CHECK(failure.code == errc::credential_file_unusable);
    CHECK(has(failure.message, "client_assertion_file " + dir.file("not-projected")));
    CHECK(has(failure.message, "No such file or directory"));
    CHECK(has(failure.message, "kubelet"));
  }

  TEST_CASE("an unreadable file (a directory) fails with credential_file_unusable") {
    const TempDir dir;
    std::filesystem::create_directory(dir.file("tokens"));
    ClientCredentials source = workload_identity(dir.file("tokens"));
    const Failure failure = refused(source);
    CHECK(failure.code == errc::credential_file_unusable);
    CHECK(has(failure.message, "cannot read client_assertion_file " + dir.file("tokens")));
  }

  TEST_CASE("an empty or blank file fails with credential_file_unusable") {
    const TempDir dir;
    for (const std::string content : {"", "\n", " \r\n\t "}) {
      CAPTURE(content.size());
      ClientCredentials source = workload_identity(dir.write("token", content));
      const Failure failure = refused(source);
      CHECK(failure.code == errc::credential_file_unusable);
      CHECK(has(failure.message, "client_assertion_file " + dir.file("token") + " is empty"));
    }
  }

  TEST_CASE("a file that holds no JWT fails with client_assertion_malformed and quotes none of it") {
    const TempDir dir;
    for (const std::string content : {"opaque-token-kept-secret", "a.b", "a.b.c.d", "e30.bm90IGpzb24.c2ln",
                                      "-----BEGIN PRIVATE KEY-----secret-----END PRIVATE KEY-----"}) {
      CAPTURE(content);
      ClientCredentials source = workload_identity(dir.write("token", content));
      const Failure failure = refused(source);
      CHECK(failure.code == errc::client_assertion_malformed);
      CHECK(has(failure.message, "client_assertion_file " + dir.file("token") + " does not hold a JWT"));
      CHECK_FALSE(has(failure.message, content));
    }
  }

  TEST_CASE("an assertion whose exp has passed fails with client_assertion_expired and is not sent") {
    const TempDir dir;
    const std::string token = projected_token("sa", now.wall - 3630s);  // expired 30 s before `now`
    ClientCredentials source = workload_identity(dir.write("token", token));
    const Failure failure = refused(source);
    CHECK(failure.code == errc::client_assertion_expired);
    CHECK(has(failure.message, "client_assertion_file " + dir.file("token") + " holds an assertion that expired 30 s ago"));
    CHECK(has(failure.message, "kubelet"));
    CHECK_FALSE(has(failure.message, token));
  }

  TEST_CASE("exp is compared with the fetch's wall time: expired at exp, usable the second before") {
    const TempDir dir;
    const std::string token = projected_token("sa");  // exp = now + 3600 s
    ClientCredentials source = workload_identity(dir.write("token", token));
    CHECK(refused(source, now.wall + 3600s).code == errc::client_assertion_expired);
    MockTransport idp;
    idp.respond_token("tok");
    CHECK(source.fetch(idp, Instant{now.steady, now.wall + 3599s}));
    CHECK(idp.request_count() == 1);
  }

  TEST_CASE("an assertion without exp is sent: the IdP judges it") {
    const TempDir dir;
    const std::string token = fake_jwt({{"iss", "k8s"}, {"sub", "sa"}});
    ClientCredentials source = workload_identity(dir.write("token", token));
    MockTransport idp;
    idp.respond_token("tok");
    REQUIRE(source.fetch(idp, now));
    CHECK(idp.requests().front().form_value("client_assertion") == token);
  }

  TEST_CASE("invalid_client names what to check for a federated credential, never the assertion") {
    const TempDir dir;
    const std::string token = projected_token("sa");
    ClientCredentials source = workload_identity(dir.write("token", token));
    MockTransport idp;
    idp.respond(401, R"({"error":"invalid_client","error_description":"bad )" + token + R"("})");
    const Result<Token> result = source.fetch(idp, now);
    REQUIRE_FALSE(result);
    CHECK(result.error() == errc::invalid_client);
    CHECK(has(result.message(), "trusts the issuer of the assertion in client_assertion_file"));
    CHECK_FALSE(has(result.message(), "private_key_file"));
    CHECK_FALSE(has(result.message(), token));
  }

  TEST_CASE("an Authenticator sends the rotated assertion at its next refresh") {
    const TempDir dir;
    const std::string first = projected_token("sa");
    const std::string second = projected_token("sa", now.wall + 1min);
    const std::string path = dir.write("token", first);
    MockTransport idp;
    ManualClock clock;
    clock.set_wall(now.wall);
    idp.respond_token("first", 300).respond_token("second", 300);
    Authenticator<ClientCredentials, ExpiryBuffer, MockTransport, ManualClock> auth(workload_identity(path),
                                                                                    ExpiryBuffer(30s), idp, clock);
    CHECK(auth.header() == "Bearer first");
    dir.write("token", second);
    CHECK(auth.header() == "Bearer first");
    clock.advance(271s);
    CHECK(auth.header() == "Bearer second");
    REQUIRE(idp.request_count() == 2);
    CHECK(idp.requests()[0].form_value("client_assertion") == first);
    CHECK(idp.requests()[1].form_value("client_assertion") == second);
  }

  TEST_CASE("an empty path is refused at construction") {
    CHECK_THROWS_AS(ClientAssertionFile(""), Error);
  }
}

}  // namespace client_assertion_file_test
