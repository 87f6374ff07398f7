// DPoP (RFC 9449) against a real oidc-provider (tests/idp) with its DPoP
// feature on: the IdP binds the token to oauth2cc's key (cnf.jkt), and the
// harness's /dpop-protected endpoint, written with `jose` and not with this
// library, verifies proof and binding. The refusals are the harness's and the
// IdP's own verdicts.

#include <doctest/doctest.h>

#include <oauth2cc/oauth2cc.hpp>
#include <oauth2cc/authenticator_from_config.hpp>
#include <oauth2cc/config.hpp>
#include <oauth2cc/config/httplib_factories.hpp>

#include <httplib.h>

#include <cstdio>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "../support/idp_process.hpp"
#include "../support/key_pair.hpp"
#include "../support/temp_dir.hpp"
#include "../support/test_clients.hpp"

using namespace oauth2cc;
using oauth2cc_test::IdpOptions;
using oauth2cc_test::IdpProcess;
using oauth2cc_test::KeyPair;
using oauth2cc_test::TempDir;

namespace dpop_interop_test {

namespace {

using oauth2cc_test::api;
using oauth2cc_test::dpop_id;
using oauth2cc_test::dpop_secret;

IdpProcess start_idp(bool token_endpoint_requires_nonce = false) {
  IdpOptions options;
  options.script = OAUTH2CC_IDP_SCRIPT;
  if (token_endpoint_requires_nonce) options.extra_args = {"--dpop-require-nonce"};
  return IdpProcess(std::move(options));
}

ClientCredentials dpop_client(const IdpProcess& idp) {
  return std::move(ClientCredentials(idp.token_endpoint(), dpop_id, Secret(dpop_secret)).resource(api));
}

using DpopAuth = Authenticator<ClientCredentials, RefreshAhead, DpopTransport<>>;

// An authenticator on the real transport with DPoP, and its resource side.
struct DpopClient {
  std::shared_ptr<Dpop> dpop;
  DpopAuth auth;
  DpopAuthenticator<DpopAuth> resource;

  DpopClient(const IdpProcess& idp, JwsAlgorithm algorithm = JwsAlgorithm::es256)
      : dpop(std::make_shared<Dpop>(DpopKey::generate(algorithm))),
        auth(dpop_client(idp), RefreshAhead{}, DpopTransport<>(dpop)),
        resource(auth, dpop) {}
};

struct Answer {
  int status = 0;
  std::string www_authenticate;
  std::string dpop_nonce;
  nlohmann::json body;
};

// Sends `method` to `url` with the given headers, as an exporter would.
Answer send(const std::string& method, const std::string& url, const DpopHeaders& headers) {
  const std::size_t path = url.find('/', url.find("//") + 2);
  httplib::Client client(url.substr(0, path));
  const httplib::Headers sent{{"Authorization", headers.authorization}, {"DPoP", headers.dpop}};
  const auto response = method == "GET" ? client.Get(url.substr(path), sent)
                                        : client.Post(url.substr(path), sent, "", "text/plain");
  REQUIRE(response);
  return {response->status, response->get_header_value("WWW-Authenticate"), response->get_header_value("DPoP-Nonce"),
          nlohmann::json::parse(response->body, nullptr, false)};
}

}  // namespace

TEST_SUITE("DPoP interop") {
  TEST_CASE("oidc-provider binds the token to oauth2cc's ES256, EdDSA, RS256 and PS256 keys, and the verifying endpoint accepts it") {
    const IdpProcess idp = start_idp();
    for (const JwsAlgorithm algorithm : {JwsAlgorithm::es256, JwsAlgorithm::eddsa, JwsAlgorithm::rs256,
                                         JwsAlgorithm::ps256}) {
      CAPTURE(to_string(algorithm));
      DpopClient client(idp, algorithm);
      const Token token = client.auth.token();
      CHECK(token.type == "DPoP");
      const auto claims = detail::jwt_claims(token.value);
      REQUIRE(claims);
      CHECK((*claims)["cnf"]["jkt"] == client.dpop->key().thumbprint());
      for (const std::string method : {"GET", "POST"}) {
        const std::string url = idp.dpop_protected_url() + "?query=is-not-part-of-htu";
        const Answer answer = send(method, url, client.resource.headers(method, url));
        CHECK_MESSAGE(answer.status == 200, answer.body.dump());
        CHECK(answer.body["jkt"] == client.dpop->key().thumbprint());
        CHECK(answer.body["htu"] == idp.dpop_protected_url());
      }
      CHECK(client.auth.stats().fetches == 1);
    }
  }

  TEST_CASE("a proof made for another method or URL is refused as invalid_dpop_proof, and the token is kept") {
    const IdpProcess idp = start_idp();
    DpopClient client(idp);
    const std::string url = idp.dpop_protected_url();

    const DpopHeaders for_get = client.resource.headers("GET", url);
    const Answer wrong_method = send("POST", url, for_get);
    CHECK(wrong_method.status == 401);
    CHECK(wrong_method.body["error"] == "invalid_dpop_proof");
    CHECK(wrong_method.body["error_description"].get<std::string>().find("htm mismatch") != std::string::npos);
    CHECK_FALSE(client.resource.report_response(url, for_get, wrong_method.status, wrong_method.www_authenticate));

    const DpopHeaders for_other = client.resource.headers("GET", idp.issuer() + "/elsewhere");
    const Answer wrong_url = send("GET", url, for_other);
    CHECK(wrong_url.status == 401);
    CHECK(wrong_url.body["error_description"].get<std::string>().find("htu mismatch") != std::string::npos);
    CHECK_FALSE(client.resource.report_response(url, for_other, wrong_url.status, wrong_url.www_authenticate));

    CHECK(send("GET", url, client.resource.headers("GET", url)).status == 200);
    CHECK(client.auth.stats().fetches == 1);
  }

  TEST_CASE("a replayed proof (the same jti twice) is refused, while fresh headers per request are accepted") {
    const IdpProcess idp = start_idp();
    DpopClient client(idp);
    const std::string url = idp.dpop_protected_url();
    const DpopHeaders once = client.resource.headers("GET", url);
    CHECK(send("GET", url, once).status == 200);
    const Answer replay = send("GET", url, once);
    CHECK(replay.status == 401);
    CHECK(replay.body["error"] == "invalid_dpop_proof");
    CHECK(replay.body["error_description"].get<std::string>().find("jti replayed") != std::string::npos);
    CHECK(send("GET", url, client.resource.headers("GET", url)).status == 200);
  }

  TEST_CASE("a resource that demands its nonce answers use_dpop_nonce once, and the resend with the nonce is accepted") {
    const IdpProcess idp = start_idp();
    DpopClient client(idp);
    const std::string url = idp.dpop_protected_url() + "-nonce";
    const DpopHeaders first = client.resource.headers("POST", url);
    const Answer challenge = send("POST", url, first);
    CHECK(challenge.status == 401);
    CHECK(challenge.body["error"] == "use_dpop_nonce");
    REQUIRE_FALSE(challenge.dpop_nonce.empty());
    CHECK(client.resource.report_response(url, first, challenge.status, challenge.www_authenticate,
                                          challenge.dpop_nonce));
    const Answer resent = send("POST", url, client.resource.headers("POST", url));
    CHECK_MESSAGE(resent.status == 200, resent.body.dump());
    // Remembered: the next request needs no second round.
    CHECK(send("GET", url, client.resource.headers("GET", url)).status == 200);
    CHECK(client.auth.stats().fetches == 1);
  }

  TEST_CASE("a token endpoint that demands a nonce answers use_dpop_nonce, and the retry with its nonce gets the token") {
    const IdpProcess idp = start_idp(/*token_endpoint_requires_nonce=*/true);
    DpopClient client(idp);
    CHECK(client.auth.token().type == "DPoP");
    CHECK(client.auth.transport().nonce_retries() == 1);
    CHECK_FALSE(client.dpop->nonce(idp.token_endpoint()).empty());
    // The next token request uses the remembered nonce: no second round.
    client.auth.invalidate();
    CHECK(client.auth.token().type == "DPoP");
    CHECK(client.auth.transport().nonce_retries() == 1);
    const std::string url = idp.dpop_protected_url();
    CHECK(send("GET", url, client.resource.headers("GET", url)).status == 200);
  }

  TEST_CASE("a client registered for DPoP-bound tokens but without DPoP configured is refused by the IdP with invalid_grant") {
    const IdpProcess idp = start_idp();
    Authenticator auth(dpop_client(idp));
    const Result<Token> token = auth.try_token();
    REQUIRE_FALSE(token);
    // oidc-provider keeps its reason ("DPoP proof JWT not provided") to itself.
    CHECK(token.failure().code == make_error_code(errc::invalid_grant));
    CHECK(token.failure().message.find(dpop_secret) == std::string::npos);
  }

  TEST_CASE("a DPoP token reaching a source that was not told about DPoP is unsupported_token_type, naming the fix") {
    // A transport that adds proofs behind the source's back (as a sidecar
    // might) without declaring sends_dpop_proofs: the IdP binds the token,
    // and the source must refuse a token it cannot present.
    struct UndeclaredProofs {
      std::shared_ptr<Dpop> dpop = std::make_shared<Dpop>(DpopKey::generate());
      HttplibTransport inner;
      Result<HttpResponse> post_form(const HttpRequest& request) {
        HttpRequest sent = request;
        sent.headers.emplace_back("DPoP", dpop->proof("POST", request.url, std::chrono::system_clock::now()).value());
        return inner.post_form(sent);
      }
    };
    const IdpProcess idp = start_idp();
    Authenticator<ClientCredentials, RefreshAhead, UndeclaredProofs> auth(dpop_client(idp), RefreshAhead{},
                                                                         UndeclaredProofs{});
    const Result<Token> token = auth.try_token();
    REQUIRE_FALSE(token);
    CHECK(token.failure().code == make_error_code(errc::unsupported_token_type));
    CHECK(token.failure().message.find("token_type DPoP") != std::string::npos);
    CHECK(token.failure().message.find("configure a DPoP key") != std::string::npos);
  }

  TEST_CASE("make_dpop_authenticator from a Config with dpop and a key_file gets a bound token the endpoint accepts") {
    const IdpProcess idp = start_idp(/*token_endpoint_requires_nonce=*/true);
    const KeyPair pair = KeyPair::generate(JwsAlgorithm::eddsa);
    const TempDir dir;
    const std::string key_path = dir.write("dpop.pem", pair.private_pem().reveal());
    const nlohmann::json block = {{"client_id", dpop_id},
                                  {"client_secret", dpop_secret},
                                  {"token_url", idp.token_endpoint()},
                                  {"endpoint_params", {{"resource", api}}},
                                  {"dpop", {{"enabled", true}, {"key_file", key_path}, {"algorithm", "EdDSA"}}}};
    const Config config = config_from_json(block).value();
    CHECK_THROWS_WITH_AS(make_authenticator(config), doctest::Contains("make_dpop_authenticator"), Error);
    auto resource = make_dpop_authenticator(config);  // reads key_file now
    std::remove(key_path.c_str());
    CHECK(resource.dpop()->key().algorithm() == JwsAlgorithm::eddsa);
    const std::string url = idp.dpop_protected_url();
    const Answer answer = send("GET", url, resource.headers("GET", url));
    CHECK_MESSAGE(answer.status == 200, answer.body.dump());
    CHECK(answer.body["jkt"] == resource.dpop()->key().thumbprint());
    CHECK(resource.authenticator().transport().inner().nonce_retries() == 1);
  }
}

}  // namespace dpop_interop_test
