// The issuer key: OIDC discovery instead of token_url, the auth methods the
// credentials allow, and the problems of giving both, neither, or a bad URL.

#include <doctest/doctest.h>

#include <oauth2cc/config.hpp>

#include <string>
#include <vector>

#include "../support/config_checks.hpp"
#include "../support/scoped_env.hpp"

using namespace oauth2cc;
using nlohmann::json;
using oauth2cc_test::has;
using oauth2cc_test::refused;
using oauth2cc_test::valid;
using oauth2cc_test::ScopedEnv;

namespace config_discovery_test {

namespace {

const std::string issuer = "https://idp.example/realms/acme";

json with_issuer() { return {{"client_id", "exporter"}, {"client_secret", "s3cret-value"}, {"issuer", issuer}}; }




using Methods = std::vector<AuthMethod>;

}  // namespace

TEST_SUITE("Config: issuer (OIDC discovery)") {
  TEST_CASE("issuer instead of token_url: a client secret allows client_secret_basic, then client_secret_post") {
    const Config config = valid(with_issuer());
    CHECK(config.issuer == issuer);
    CHECK(config.token_url.empty());
    CHECK(uses_discovery(config));
    CHECK(discovery_auth_methods(config) == Methods{AuthMethod::client_secret_basic, AuthMethod::client_secret_post});

    json from_file = with_issuer();
    from_file.erase("client_secret");
    from_file["client_secret_file"] = "/run/secrets/client";
    CHECK(discovery_auth_methods(valid(from_file)) ==
          Methods{AuthMethod::client_secret_basic, AuthMethod::client_secret_post});
  }

  TEST_CASE("a key file or an assertion file allows private_key_jwt, without setting auth_method") {
    json key = with_issuer();
    key.erase("client_secret");
    key["private_key_file"] = "/run/keys/client.pem";
    const Config with_key = valid(key);
    CHECK(with_key.auth_method == AuthMethod::private_key_jwt);
    CHECK(discovery_auth_methods(with_key) == Methods{AuthMethod::private_key_jwt});

    json assertion = with_issuer();
    assertion.erase("client_secret");
    assertion["client_assertion_file"] = "/var/run/secrets/tokens/oauth2cc";
    CHECK(discovery_auth_methods(valid(assertion)) == Methods{AuthMethod::private_key_jwt});
  }

  TEST_CASE("a client certificate and no secret allows tls_client_auth, then self_signed_tls_client_auth") {
    json block = with_issuer();
    block.erase("client_secret");
    block["tls"] = {{"cert_file", "/client.pem"}, {"key_file", "/client.key"}};
    const Config config = valid(block);
    CHECK(config.auth_method == AuthMethod::tls_client_auth);
    CHECK(discovery_auth_methods(config) ==
          Methods{AuthMethod::tls_client_auth, AuthMethod::self_signed_tls_client_auth});
  }

  TEST_CASE("an auth_method set with issuer is the only one discovery may pick") {
    json block = with_issuer();
    block["auth_method"] = "client_secret_post";
    CHECK(discovery_auth_methods(valid(block)) == Methods{AuthMethod::client_secret_post});
  }

  TEST_CASE("token_url and issuer together are refused, naming both") {
    json block = with_issuer();
    block["token_url"] = "https://idp.example/token";
    const std::string message = refused(block);
    CHECK(has(message, "token_url: set token_url or issuer, not both"));
    CHECK_FALSE(has(message, "s3cret-value"));
  }

  TEST_CASE("neither token_url nor issuer: the token_url problem suggests issuer too") {
    json block = with_issuer();
    block.erase("issuer");
    const std::string message = refused(block);
    CHECK(has(message, "token_url: missing; set the IdP's token endpoint"));
    CHECK(has(message, "or set issuer"));
  }

  TEST_CASE("an issuer that is not an absolute http(s) URL is refused, and not quoted") {
    for (const char* url : {"idp.example/realms/acme", "ftp://idp.example", "https://user:pw@idp.example"}) {
      CAPTURE(url);
      json block = with_issuer();
      block["issuer"] = url;
      const std::string message = refused(block);
      CHECK(has(message, "issuer: not an absolute http:// or https:// URL"));
      CHECK_FALSE(has(message, url));
    }
  }

  TEST_CASE("an issuer made empty by an unset variable names the variable") {
    ScopedEnv env;
    env.set("OAUTH2CC_TEST_ISSUER", "");
    json block = with_issuer();
    block["issuer"] = "${env:OAUTH2CC_TEST_ISSUER}";
    const std::string message = refused(block);
    CHECK(has(message, "issuer: is empty because"));
    CHECK(has(message, "OAUTH2CC_TEST_ISSUER"));
  }

  TEST_CASE("a misspelt issuer gets a did-you-mean") {
    json block = with_issuer();
    block.erase("issuer");
    block["isuer"] = issuer;
    CHECK(has(refused(block), "isuer: unknown key (did you mean issuer?)"));
  }

  TEST_CASE("issuer with a given token is refused like the other request keys") {
    const std::string message = refused({{"token", "given-token"}, {"issuer", issuer}});
    CHECK(has(message, "issuer: not used with token"));
  }

  TEST_CASE("issuer with dpop.enabled is refused: DPoP needs token_url") {
    json block = with_issuer();
    block["dpop"] = {{"enabled", true}};
    CHECK(has(refused(block), "dpop.enabled: DPoP-bound tokens need the token endpoint up front"));
  }

  TEST_CASE("without issuer nothing is discovered, and auth_method keeps its default") {
    const Config config = valid({{"client_id", "exporter"}, {"client_secret", "s"}, {"token_url", "https://idp/token"}});
    CHECK_FALSE(uses_discovery(config));
    CHECK(config.discovery_auth_methods.empty());
    CHECK(config.auth_method == AuthMethod::client_secret_basic);
    CHECK(discovery_auth_methods(config) == Methods{AuthMethod::client_secret_basic});
  }
}

}  // namespace config_discovery_test
