// The demo's servers and exporter over real sockets on 127.0.0.1: what they
// accept and refuse is what the demo's output claims.

#include <doctest/doctest.h>

#include <httplib.h>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include <oauth2cc/oauth2cc.hpp>

#include "hs256_signer.hpp"
#include "options.hpp"
#include "otlp_batch.hpp"
#include "otlp_http_exporter.hpp"
#include "token_endpoint.hpp"
#include "trace_receiver.hpp"

using namespace oauth2cc_demo;
using namespace std::chrono_literals;

namespace {

constexpr const char* audience = "urn:test:traces";
constexpr const char* client_id = "test-client";
const std::string secret = "s3cret%&+= :/-\xc3\xa9";  // everything form-encoding must survive

using Auth = oauth2cc::Authenticator<oauth2cc::ClientCredentials>;

std::shared_ptr<Auth> authenticator(const TokenEndpoint& idp, std::string client_secret = secret) {
  return std::make_shared<Auth>(oauth2cc::ClientCredentials(idp.url(), client_id, std::move(client_secret)));
}

std::int64_t unix_seconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

nlohmann::json claims_for(const char* aud, std::int64_t exp, const char* jti = "test-jti") {
  return {{"sub", client_id}, {"aud", aud}, {"iat", unix_seconds()}, {"exp", exp}, {"jti", jti}};
}

// A POST to the receiver as an exporter would send it.
httplib::Result post_traces(const TraceReceiver& receiver, const std::string& authorization,
                            const std::string& body = otlp_trace_batch(1, 3),
                            const std::string& content_type = "application/json") {
  const std::string url = receiver.url();
  httplib::Client client(url.substr(0, url.find('/', 7)));
  httplib::Headers headers;
  if (!authorization.empty()) headers.emplace("Authorization", authorization);
  return client.Post("/v1/traces", headers, body, content_type.c_str());
}

}  // namespace

TEST_SUITE("Hs256Signer") {
  TEST_CASE("verifies what it signed and nothing else") {
    const Hs256Signer signer;
    const Hs256Signer other;
    const std::string token = signer.sign({{"sub", "x"}});
    REQUIRE(signer.verify(token).has_value());
    CHECK(signer.verify(token)->at("sub") == "x");
    CHECK_FALSE(other.verify(token).has_value());

    SUBCASE("a changed payload") {
      const std::string forged_payload = other.sign({{"sub", "admin"}});
      const auto dot = [](const std::string& t, int n) { return n == 1 ? t.find('.') : t.rfind('.'); };
      const std::string mixed = token.substr(0, dot(token, 1)) +
                                forged_payload.substr(dot(forged_payload, 1), dot(forged_payload, 2) - dot(forged_payload, 1)) +
                                token.substr(dot(token, 2));
      CHECK_FALSE(signer.verify(mixed).has_value());
    }
    SUBCASE("an unsigned token (alg none)") {
      const std::string none = "eyJhbGciOiJub25lIn0." + token.substr(token.find('.') + 1, token.rfind('.') - token.find('.')) ;
      CHECK_FALSE(signer.verify(none).has_value());
    }
    SUBCASE("not a JWT") {
      CHECK_FALSE(signer.verify("").has_value());
      CHECK_FALSE(signer.verify("abc").has_value());
      CHECK_FALSE(signer.verify("a.b").has_value());
    }
  }
}

TEST_SUITE("TokenEndpoint") {
  TEST_CASE("issues signed JWTs to the client with its secret, counting them") {
    const Hs256Signer signer;
    const TokenEndpoint idp(signer, {client_id, secret, audience, 3s});
    auto auth = authenticator(idp);

    const oauth2cc::Token first = auth->token();
    const auto claims = signer.verify(first.value);
    REQUIRE(claims.has_value());
    CHECK(claims->at("sub") == client_id);
    CHECK(claims->at("aud") == audience);
    // exp is rounded up to a whole second: never earlier than expires_in says.
    const auto lived = claims->at("exp").get<std::int64_t>() - claims->at("iat").get<std::int64_t>();
    CHECK(lived >= 3);
    CHECK(lived <= 4);
    CHECK(first.lifetime() == 3s);

    auth->invalidate();
    const oauth2cc::Token second = auth->token();
    CHECK(signer.verify(second.value)->at("jti") != claims->at("jti"));
    CHECK(idp.tokens_issued() == 2);
    CHECK(auth->stats().fetches == 2);
  }

  TEST_CASE("refuses a wrong secret as invalid_client and issues nothing") {
    const Hs256Signer signer;
    const TokenEndpoint idp(signer, {client_id, secret, audience, 3s});
    auto auth = authenticator(idp, "wrong");
    const auto header = auth->try_header();
    CHECK(header.error() == oauth2cc::errc::invalid_client);
    CHECK(idp.tokens_issued() == 0);
  }

  TEST_CASE("refuses other grant types") {
    const Hs256Signer signer;
    const TokenEndpoint idp(signer, {client_id, "plain", audience, 3s});
    const std::string url = idp.url();
    httplib::Client client(url.substr(0, url.find('/', 7)));
    client.set_basic_auth(client_id, "plain");
    const auto response = client.Post("/token", "grant_type=password", "application/x-www-form-urlencoded");
    REQUIRE(response);
    CHECK(response->status == 400);
    CHECK(nlohmann::json::parse(response->body).at("error") == "unsupported_grant_type");
    CHECK(idp.tokens_issued() == 0);
  }
}

TEST_SUITE("TraceReceiver") {
  TEST_CASE("accepts OTLP JSON with a good token and counts its spans") {
    const Hs256Signer signer;
    const TraceReceiver receiver(signer, {audience, 0});
    const auto response = post_traces(receiver, "Bearer " + signer.sign(claims_for(audience, unix_seconds() + 60)),
                                      otlp_trace_batch(7, 4));
    REQUIRE(response);
    CHECK(response->status == 200);
    CHECK(nlohmann::json::parse(response->body) == nlohmann::json{{"partialSuccess", nlohmann::json::object()}});
    CHECK(receiver.counts().accepted == 1);
    CHECK(receiver.counts().spans == 4);

    // `aud` may also be a list naming the receiver among others (RFC 7519).
    nlohmann::json claims = claims_for(audience, unix_seconds() + 60);
    claims["aud"] = {"urn:other", audience};
    CHECK(post_traces(receiver, "Bearer " + signer.sign(claims))->status == 200);
  }

  TEST_CASE("answers 401 with WWW-Authenticate to every token it must not accept") {
    const Hs256Signer signer;
    const Hs256Signer forger;
    const TraceReceiver receiver(signer, {audience, 0});
    struct Case {
      const char* name;
      std::string authorization;
      const char* www_authenticate;
    };
    const std::vector<Case> cases{
        {"missing", "", R"(Bearer realm="oauth2cc-demo")"},
        {"not bearer", "Basic dXNlcjpwYXNz", R"(Bearer realm="oauth2cc-demo")"},
        {"forged", "Bearer " + forger.sign(claims_for(audience, unix_seconds() + 60)), "invalid_token"},
        {"expired", "Bearer " + signer.sign(claims_for(audience, unix_seconds() - 1)), "has expired"},
        {"other audience", "Bearer " + signer.sign(claims_for("urn:other", unix_seconds() + 60)), "another audience"},
        {"other audiences", "Bearer " + signer.sign([] {
           auto claims = claims_for("", unix_seconds() + 60);
           claims["aud"] = {"urn:other", 7};
           return claims;
         }()),
         "another audience"},
        {"no exp", "Bearer " + signer.sign({{"aud", audience}}), "no exp"},
    };
    for (const Case& c : cases) {
      CAPTURE(c.name);
      const auto response = post_traces(receiver, c.authorization);
      REQUIRE(response);
      CHECK(response->status == 401);
      CHECK(response->get_header_value("WWW-Authenticate").find(c.www_authenticate) != std::string::npos);
    }
    CHECK(receiver.counts().rejected == cases.size());
    CHECK(receiver.counts().accepted == 0);
  }

  TEST_CASE("revokes the token presented with the chosen request, for good") {
    const Hs256Signer signer;
    const TraceReceiver receiver(signer, {audience, 2});
    const std::string first = "Bearer " + signer.sign(claims_for(audience, unix_seconds() + 60, "first"));
    const std::string second = "Bearer " + signer.sign(claims_for(audience, unix_seconds() + 60, "second"));
    CHECK(post_traces(receiver, first)->status == 200);
    const auto revoked = post_traces(receiver, first);
    CHECK(revoked->status == 401);
    CHECK(revoked->get_header_value("WWW-Authenticate").find("revoked") != std::string::npos);
    CHECK(post_traces(receiver, first)->status == 401);
    CHECK(post_traces(receiver, second)->status == 200);
    CHECK(receiver.counts().requests == 4);
    CHECK(receiver.counts().rejected == 2);
  }

  TEST_CASE("refuses bodies that are not OTLP JSON, after checking the token") {
    const Hs256Signer signer;
    const TraceReceiver receiver(signer, {audience, 0});
    const std::string good = "Bearer " + signer.sign(claims_for(audience, unix_seconds() + 60));
    CHECK(post_traces(receiver, good, "{}")->status == 400);
    CHECK(post_traces(receiver, good, R"({"resourceSpans":{}})")->status == 400);
    CHECK(post_traces(receiver, good, R"({"resourceSpans":[{"scopeSpans":[{"spans":7}]}]})")->status == 400);
    CHECK(post_traces(receiver, good, "not json")->status == 400);
    CHECK(post_traces(receiver, good, otlp_trace_batch(1, 1), "application/x-protobuf")->status == 415);
    CHECK(post_traces(receiver, good, R"({"resourceSpans":[]})")->status == 200);
    CHECK(post_traces(receiver, "", "not json")->status == 401);
    CHECK(receiver.counts().accepted == 1);
  }
}

TEST_SUITE("OtlpHttpExporter") {
  TEST_CASE("after a 401 invalidates the rejected token and retries once with a new one") {
    const Hs256Signer signer;
    const TraceReceiver receiver(signer, {audience, 1});
    const TokenEndpoint idp(signer, {client_id, secret, audience, 60s});
    auto auth = authenticator(idp);
    OtlpHttpExporter exporter(oauth2cc::AnyAuthenticator(auth), receiver.url());

    const ExportOutcome first = exporter.export_batch(otlp_trace_batch(1, 2));
    CHECK(first.status == 200);
    CHECK(first.retried);
    CHECK(first.recovered);
    CHECK(first.new_token);
    CHECK(first.token_number == 2);

    const ExportOutcome second = exporter.export_batch(otlp_trace_batch(2, 2));
    CHECK(second.status == 200);
    CHECK_FALSE(second.retried);
    CHECK_FALSE(second.new_token);
    CHECK(second.token_number == 2);

    CHECK(exporter.header_latencies().size() == 3);
    CHECK(idp.tokens_issued() == 2);
    CHECK(receiver.counts().rejected == 1);
    CHECK(receiver.counts().spans == 4);
  }

  TEST_CASE("retries only once: a second 401 is the batch's answer") {
    const Hs256Signer signer;
    const Hs256Signer other;  // the receiver trusts another key, so every token is refused
    const TraceReceiver receiver(other, {audience, 0});
    const TokenEndpoint idp(signer, {client_id, secret, audience, 60s});
    OtlpHttpExporter exporter(oauth2cc::AnyAuthenticator(authenticator(idp)), receiver.url());
    const ExportOutcome outcome = exporter.export_batch(otlp_trace_batch(1, 1));
    CHECK(outcome.status == 401);
    CHECK(outcome.retried);
    CHECK_FALSE(outcome.recovered);
    CHECK(receiver.counts().requests == 2);
    CHECK(idp.tokens_issued() == 2);
  }

  TEST_CASE("reports a token that cannot be had without sending the batch") {
    const Hs256Signer signer;
    const TraceReceiver receiver(signer, {audience, 0});
    const TokenEndpoint idp(signer, {client_id, secret, audience, 60s});
    OtlpHttpExporter exporter(oauth2cc::AnyAuthenticator(authenticator(idp, "wrong")), receiver.url());
    const ExportOutcome outcome = exporter.export_batch(otlp_trace_batch(1, 1));
    CHECK(outcome.status == 0);
    CHECK(outcome.problem.find("invalid_client") != std::string::npos);
    CHECK(outcome.problem.find("wrong") == std::string::npos);
    CHECK(receiver.counts().requests == 0);
  }
}

TEST_SUITE("demo options") {
  TEST_CASE("durations are a whole number and ms, s or m") {
    CHECK(parse_duration("250ms") == 250ms);
    CHECK(parse_duration("4s") == 4s);
    CHECK(parse_duration("2m") == 120s);
    CHECK_FALSE(parse_duration("4").has_value());
    CHECK_FALSE(parse_duration("1.5s").has_value());
    CHECK_FALSE(parse_duration("-1s").has_value());
    CHECK_FALSE(parse_duration("s").has_value());
  }

  TEST_CASE("flags") {
    const DemoOptions options =
        parse_options({"--batches", "12", "--token-lifetime", "2s", "--interval", "300ms", "--revoke-at", "0"});
    CHECK(options.batches == 12);
    CHECK(options.token_lifetime == 2s);
    CHECK(options.interval == 300ms);
    CHECK(options.revoke_at == 0u);
    CHECK_FALSE(parse_options({}).revoke_at.has_value());
    CHECK_THROWS_AS(parse_options({"--batches"}), std::invalid_argument);
    CHECK_THROWS_AS(parse_options({"--batches", "0"}), std::invalid_argument);
    CHECK_THROWS_AS(parse_options({"--token-lifetime", "1500ms"}), std::invalid_argument);
    CHECK_THROWS_AS(parse_options({"--extension", "oauth2client"}), std::invalid_argument);
    CHECK_THROWS_AS(parse_options({"--serve-only", "--endpoint", "http://x/v1/traces"}), std::invalid_argument);
    CHECK_THROWS_AS(parse_options({"--bogus"}), std::invalid_argument);
  }
}
