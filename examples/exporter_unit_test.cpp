// How a user unit-tests their own exporter with oauth2cc's test kit: a
// MockTransport scripts the IdP, a ManualClock moves time, no sockets.

#include <doctest/doctest.h>

#include <oauth2cc/core.hpp>
#include <oauth2cc/testing.hpp>

#include <string>
#include <vector>

namespace {

// The user's exporter: sends batches with a current token and, on HTTP 401,
// drops the rejected token and tries once more with a new one.
class SpanExporter {
 public:
  explicit SpanExporter(oauth2cc::AnyAuthenticator auth) : auth_(std::move(auth)) {}

  // `backend` stands in for the HTTP call: returns the status for a header.
  template <class Backend>
  int export_batch(Backend&& backend) {
    std::string header = auth_.header();
    int status = backend(header);
    if (status == 401) {
      auth_.invalidate(header.substr(header.find(' ') + 1));
      status = backend(auth_.header());
    }
    return status;
  }

 private:
  oauth2cc::AnyAuthenticator auth_;
};

using TestAuthenticator = oauth2cc::Authenticator<oauth2cc::ClientCredentials, oauth2cc::ExpiryBuffer,
                                                  oauth2cc::MockTransport, oauth2cc::ManualClock>;

}  // namespace

TEST_CASE("the exporter sends a current token and recovers from a revoked one") {
  using namespace std::chrono_literals;
  oauth2cc::MockTransport idp;
  oauth2cc::ManualClock clock;
  idp.respond_token("first", 300).respond_token("second", 300).respond_token("third", 300);
  SpanExporter exporter(oauth2cc::AnyAuthenticator::make<TestAuthenticator>(
      oauth2cc::ClientCredentials("https://idp.example/token", "exporter", "s3cret"), oauth2cc::ExpiryBuffer(30s),
      idp, clock));

  std::vector<std::string> seen;
  const auto accept_all = [&](const std::string& header) {
    seen.push_back(header);
    return 200;
  };
  CHECK(exporter.export_batch(accept_all) == 200);
  CHECK(exporter.export_batch(accept_all) == 200);
  CHECK(idp.request_count() == 1);

  SUBCASE("a token near expiry is replaced before it is sent") {
    clock.advance(271s);
    CHECK(exporter.export_batch(accept_all) == 200);
    CHECK(seen.back() == "Bearer second");
  }
  SUBCASE("a 401 makes the exporter fetch once and retry") {
    const auto reject_first = [&](const std::string& header) {
      seen.push_back(header);
      return header == "Bearer first" ? 401 : 200;
    };
    CHECK(exporter.export_batch(reject_first) == 200);
    CHECK(seen.back() == "Bearer second");
    CHECK(idp.request_count() == 2);
  }
  SUBCASE("the token request carried the client's credentials") {
    const auto credentials = idp.requests().front().basic_credentials();
    REQUIRE(credentials);
    CHECK(credentials->first == "exporter");
    CHECK(idp.requests().front().form_value("grant_type") == "client_credentials");
  }
}
