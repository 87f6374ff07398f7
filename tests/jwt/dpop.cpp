// DPoP (RFC 9449) with real OpenSSL keys and MockTransport: every proof is
// verified with the key it was made from, its header and claims checked, and
// the nonce rounds of the token endpoint and of a resource server played out.

#include <doctest/doctest.h>

#include <oauth2cc/authenticator.hpp>
#include <oauth2cc/transport/dpop.hpp>
#include <oauth2cc/transport/retrying.hpp>
#include <oauth2cc/source/client_credentials.hpp>
#include <oauth2cc/testing.hpp>

#include <nlohmann/json.hpp>

#include <set>
#include <string>

#include "../support/clock_sleeper.hpp"
#include "../support/jws.hpp"
#include "../support/key_pair.hpp"

using namespace oauth2cc;
using namespace std::chrono_literals;
using oauth2cc_test::ClockSleeper;
using oauth2cc_test::Jws;
using oauth2cc_test::KeyPair;
using oauth2cc_test::split_jws;

namespace {

const WallTime wall_now(std::chrono::seconds(1'767'225'600));
const std::string token_url = "https://idp.example/token";

std::string dpop_token_response(std::string_view token) {
  return R"({"access_token":")" + std::string(token) + R"(","token_type":"DPoP","expires_in":3600})";
}

// The canonical RFC 7638 JSON, written out by hand rather than by the library.
std::string canonical_jwk(const nlohmann::json& jwk) {
  const auto q = [&](const char* name) { return "\"" + jwk.at(name).get<std::string>() + "\""; };
  const std::string kty = jwk.at("kty");
  if (kty == "EC") return R"({"crv":)" + q("crv") + R"(,"kty":"EC","x":)" + q("x") + R"(,"y":)" + q("y") + "}";
  if (kty == "RSA") return R"({"e":)" + q("e") + R"(,"kty":"RSA","n":)" + q("n") + "}";
  return R"({"crv":)" + q("crv") + R"(,"kty":"OKP","x":)" + q("x") + "}";
}

ClientCredentials source() { return ClientCredentials(token_url, "svc", Secret("s3cret")); }

using DpopAuth = Authenticator<ClientCredentials, RefreshAhead, DpopTransport<MockTransport, ManualClock>, ManualClock>;

struct Fixture {
  ManualClock clock;
  MockTransport idp;
  KeyPair pair = KeyPair::generate(JwsAlgorithm::es256);
  std::shared_ptr<Dpop> dpop = std::make_shared<Dpop>(DpopKey::from_pem(pair.private_pem()));
  DpopAuth auth{source(), RefreshAhead{}, DpopTransport<MockTransport, ManualClock>(dpop, idp, clock), clock};
  DpopAuthenticator<DpopAuth> resource{auth, dpop};

  Fixture() { clock.set_wall(wall_now); }
};

}  // namespace

TEST_SUITE("DPoP") {
  TEST_CASE("ES256, EdDSA, RS256 and PS256 proofs verify with their key and carry typ dpop+jwt, alg and the public jwk") {
    for (const JwsAlgorithm algorithm : {JwsAlgorithm::es256, JwsAlgorithm::eddsa, JwsAlgorithm::rs256,
                                         JwsAlgorithm::ps256}) {
      CAPTURE(to_string(algorithm));
      const KeyPair pair = KeyPair::generate(algorithm);
      const DpopKey key = DpopKey::from_pem(pair.private_pem(), algorithm);
      const Jws proof = split_jws(key.proof({"POST", token_url, wall_now, {}, {}}).value());
      CHECK(pair.verifies(algorithm, proof.signing_input, proof.signature));
      CHECK(proof.header["typ"] == "dpop+jwt");
      CHECK(proof.header["alg"] == to_string(algorithm));
      CHECK(proof.header["jwk"] == nlohmann::json::parse(key.public_jwk()));
      for (const char* secret_member : {"d", "p", "q", "dp", "dq", "qi"}) CHECK_FALSE(proof.header["jwk"].contains(secret_member));
      CHECK(key.thumbprint() == base64url_encode(detail::sha256(canonical_jwk(proof.header["jwk"]))));
      CHECK(key.thumbprint().size() == 43);
    }
  }

  TEST_CASE("a generated key signs proofs that verify against the jwk it publishes, and copies share the key") {
    const DpopKey key = DpopKey::generate();
    const DpopKey copy = key;  // NOLINT(performance-unnecessary-copy-initialization): sharing is the point
    CHECK(key.algorithm() == JwsAlgorithm::es256);
    CHECK(copy.thumbprint() == key.thumbprint());
    CHECK(DpopKey::generate().thumbprint() != key.thumbprint());
    const Jws proof = split_jws(key.proof({"GET", "https://api.example/x", wall_now, {}, {}}).value());
    CHECK(proof.signature.size() == 64);  // raw R||S, as JWS wants
  }

  TEST_CASE("claims: htm, htu without query and fragment, iat, a fresh jti each time, nonce and ath only when given") {
    const DpopKey key = DpopKey::generate(JwsAlgorithm::eddsa);
    const Jws plain = split_jws(key.proof({"GET", "https://api.example/v1/metrics?x=1#top", wall_now, {}, {}}).value());
    CHECK(plain.claims["htm"] == "GET");
    CHECK(plain.claims["htu"] == "https://api.example/v1/metrics");
    CHECK(plain.claims["iat"] == 1'767'225'600);
    CHECK_FALSE(plain.claims.contains("nonce"));
    CHECK_FALSE(plain.claims.contains("ath"));
    CHECK(plain.claims.size() == 4);

    const Jws bound = split_jws(key.proof({"POST", "https://api.example/v1", wall_now, "n-1", "tok.en"}).value());
    CHECK(bound.claims["nonce"] == "n-1");
    // RFC 9449 §4.2: ath = base64url(SHA-256(ASCII(access token))); the
    // expected value is SHA-256("abc") of FIPS 180-2, base64url-encoded.
    CHECK(DpopKey::access_token_hash("abc") == "ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0");
    CHECK(bound.claims["ath"] == DpopKey::access_token_hash("tok.en"));

    std::set<std::string> ids;
    for (int i = 0; i < 50; ++i) ids.insert(split_jws(key.proof({"GET", "https://a/", wall_now, {}, {}}).value()).claims["jti"]);
    CHECK(ids.size() == 50);
  }

  TEST_CASE("HMAC algorithms and keys of the wrong kind are refused, naming what is needed") {
    CHECK_THROWS_WITH_AS(DpopKey::generate(JwsAlgorithm::hs256), doctest::Contains("HMAC"), Error);
    const KeyPair rsa = KeyPair::generate(JwsAlgorithm::rs256);
    CHECK_THROWS_WITH_AS(DpopKey::from_pem(rsa.private_pem(), JwsAlgorithm::es256), doctest::Contains("P-256"), Error);
    CHECK_THROWS_WITH_AS(DpopKey::from_pem(Secret("not a key")), doctest::Contains("PEM"), Error);
    CHECK_THROWS_WITH_AS(DpopKey::from_file("/nonexistent/dpop.pem"), doctest::Contains("/nonexistent/dpop.pem"), Error);
  }

  TEST_CASE("a token request through DpopTransport carries a proof for POST and the token URL, and token_type DPoP is accepted") {
    Fixture f;
    f.idp.respond(200, dpop_token_response("bound-token"));
    CHECK(f.auth.header() == "DPoP bound-token");
    REQUIRE(f.idp.request_count() == 1);
    const Jws proof = split_jws(f.idp.requests()[0].header("DPoP"));
    CHECK(f.pair.verifies(JwsAlgorithm::es256, proof.signing_input, proof.signature));
    CHECK(proof.claims["htm"] == "POST");
    CHECK(proof.claims["htu"] == token_url);
    CHECK_FALSE(proof.claims.contains("ath"));  // no token yet
    CHECK(f.auth.token().type == "DPoP");
  }

  TEST_CASE("token_type DPoP without DPoP configured is an unsupported_token_type error that says how to fix it") {
    MockTransport idp;
    idp.respond(200, dpop_token_response("bound-token"));
    ManualClock clock;
    Authenticator<ClientCredentials, RefreshAhead, MockTransport, ManualClock> auth(source(), {}, idp, clock);
    const Result<std::string_view> header = auth.try_header();
    REQUIRE_FALSE(header);
    CHECK(header.failure().code == make_error_code(errc::unsupported_token_type));
    CHECK(header.failure().message.find("DPoP key") != std::string::npos);
    CHECK(header.failure().message.find("bound-token") == std::string::npos);
  }

  TEST_CASE("use_dpop_nonce from the token endpoint: sent once more with the nonce, which later proofs reuse") {
    Fixture f;
    f.idp.respond(400, R"({"error":"use_dpop_nonce","error_description":"nonce is required"})",
                  {{"Content-Type", "application/json"}, {"DPoP-Nonce", "nonce-1"}});
    f.idp.respond(200, dpop_token_response("bound-token"), {{"Content-Type", "application/json"}, {"DPoP-Nonce", "nonce-2"}});
    f.idp.respond(200, dpop_token_response("second-token"));
    CHECK(f.auth.header() == "DPoP bound-token");
    REQUIRE(f.idp.request_count() == 2);
    CHECK_FALSE(split_jws(f.idp.requests()[0].header("DPoP")).claims.contains("nonce"));
    const Jws retried = split_jws(f.idp.requests()[1].header("DPoP"));
    CHECK(retried.claims["nonce"] == "nonce-1");
    CHECK(retried.claims["jti"] != split_jws(f.idp.requests()[0].header("DPoP")).claims["jti"]);
    CHECK(f.auth.transport().nonce_retries() == 1);

    f.auth.invalidate();
    CHECK(f.auth.header() == "DPoP second-token");
    REQUIRE(f.idp.request_count() == 3);
    CHECK(split_jws(f.idp.requests()[2].header("DPoP")).claims["nonce"] == "nonce-2");  // the latest one
  }

  TEST_CASE("a second use_dpop_nonce in a row is not retried again but reported as the IdP's error") {
    Fixture f;
    for (const char* nonce : {"n1", "n2"}) {
      f.idp.respond(400, R"({"error":"use_dpop_nonce"})", {{"Content-Type", "application/json"}, {"DPoP-Nonce", nonce}});
    }
    const Result<std::string_view> header = f.auth.try_header();
    REQUIRE_FALSE(header);
    CHECK(header.failure().message.find("use_dpop_nonce") != std::string::npos);
    CHECK(f.idp.request_count() == 2);
  }

  TEST_CASE("use_dpop_nonce without a DPoP-Nonce header is not retried") {
    Fixture f;
    f.idp.respond(400, R"({"error":"use_dpop_nonce"})");
    CHECK_FALSE(f.auth.try_header());
    CHECK(f.idp.request_count() == 1);
  }

  TEST_CASE("RetryingTransport around DpopTransport still accepts DPoP tokens, each attempt with a fresh proof") {
    ManualClock clock;
    clock.set_wall(wall_now);
    MockTransport idp;
    idp.respond(503, "{}").respond(200, dpop_token_response("t"));
    auto dpop = std::make_shared<Dpop>(DpopKey::generate());
    using Retrying = RetryingTransport<DpopTransport<MockTransport, ManualClock>, ExponentialBackoff, ManualClock,
                                       ClockSleeper>;
    static_assert(SendsDpopProofs<Retrying>);
    static_assert(!SendsDpopProofs<MockTransport>);
    Authenticator<ClientCredentials, RefreshAhead, Retrying, ManualClock> auth(
        source(), {}, Retrying(DpopTransport<MockTransport, ManualClock>(dpop, idp, clock), {}, clock, ClockSleeper{clock}),
        clock);
    CHECK(auth.header() == "DPoP t");
    REQUIRE(idp.request_count() == 2);
    CHECK(split_jws(idp.requests()[0].header("DPoP")).claims["jti"] != split_jws(idp.requests()[1].header("DPoP")).claims["jti"]);
  }

  TEST_CASE("resource headers: Authorization DPoP <token> and a fresh proof for the method and URL with ath") {
    Fixture f;
    f.idp.respond(200, dpop_token_response("bound-token"));
    const DpopHeaders first = f.resource.headers("GET", "https://api.example/v1/metrics?since=1");
    const DpopHeaders second = f.resource.headers("GET", "https://api.example/v1/metrics?since=1");
    CHECK(first.authorization == "DPoP bound-token");
    const Jws proof = split_jws(first.dpop);
    CHECK(f.pair.verifies(JwsAlgorithm::es256, proof.signing_input, proof.signature));
    CHECK(proof.claims["htm"] == "GET");
    CHECK(proof.claims["htu"] == "https://api.example/v1/metrics");
    CHECK(proof.claims["ath"] == DpopKey::access_token_hash("bound-token"));
    CHECK(proof.claims["jti"] != split_jws(second.dpop).claims["jti"]);
    CHECK(f.idp.request_count() == 1);
  }

  TEST_CASE("a Bearer token from a server that did not bind it is sent as Bearer, without a proof") {
    Fixture f;
    f.idp.respond_token("plain");
    const DpopHeaders headers = f.resource.headers("POST", "https://api.example/v1");
    CHECK(headers.authorization == "Bearer plain");
    CHECK(headers.dpop.empty());
  }

  TEST_CASE("a resource's 401 use_dpop_nonce keeps the token, stores the nonce for that server and asks for a resend") {
    Fixture f;
    f.idp.respond(200, dpop_token_response("bound-token"));
    const std::string url = "https://api.example/v1/metrics";
    const DpopHeaders sent = f.resource.headers("POST", url);
    CHECK(f.resource.report_response(url, sent, 401, R"(DPoP error="use_dpop_nonce", error_description="x")", "rs-nonce"));
    const DpopHeaders again = f.resource.headers("POST", url);
    CHECK(again.authorization == sent.authorization);
    CHECK(split_jws(again.dpop).claims["nonce"] == "rs-nonce");
    // Per server: the token endpoint's proofs do not get the resource's nonce.
    CHECK(f.dpop->nonce(token_url).empty());
    CHECK(f.dpop->nonce("https://api.example:443/other") == "rs-nonce");
    CHECK(f.idp.request_count() == 1);
    CHECK(f.auth.stats().fetches == 1);
  }

  TEST_CASE("a resource's 401 invalid_token drops the token, so the resend gets a new one") {
    Fixture f;
    f.idp.respond(200, dpop_token_response("old")).respond(200, dpop_token_response("new"));
    const std::string url = "https://api.example/v1";
    const DpopHeaders sent = f.resource.headers("GET", url);
    CHECK(f.resource.report_response(url, sent, 401, R"(DPoP error="invalid_token")"));
    CHECK(f.resource.headers("GET", url).authorization == "DPoP new");
    CHECK(f.idp.request_count() == 2);
  }

  TEST_CASE("a 401 use_dpop_nonce without a DPoP-Nonce header asks for no resend and keeps the token") {
    Fixture f;
    f.idp.respond(200, dpop_token_response("bound-token"));
    const DpopHeaders sent = f.resource.headers("GET", "https://api.example/");
    CHECK_FALSE(f.resource.report_response("https://api.example/", sent, 401, R"(DPoP error="use_dpop_nonce")"));
    CHECK(f.resource.headers("GET", "https://api.example/").authorization == "DPoP bound-token");
    CHECK(f.idp.request_count() == 1);
  }

  TEST_CASE("a 401 invalid_dpop_proof is no fault of the token: it is kept and no resend is asked for") {
    Fixture f;
    f.idp.respond(200, dpop_token_response("bound-token"));
    const DpopHeaders sent = f.resource.headers("GET", "https://api.example/");
    CHECK_FALSE(f.resource.report_response("https://api.example/", sent, 401,
                                           R"(DPoP algs="ES256", error="invalid_dpop_proof", error_description="htm mismatch")"));
    CHECK(f.resource.headers("GET", "https://api.example/").authorization == "DPoP bound-token");
    CHECK(f.auth.stats().fetches == 1);
  }
}
