// Interop of RFC 8705 client authentication with a real oidc-provider over
// HTTPS that asks for client certificates (idp.mjs --client-ca): the
// certificate is the credential, and the tokens are bound to it.

#include <doctest/doctest.h>

#include <oauth2cc/oauth2cc.hpp>
#include <oauth2cc/authenticator_from_config.hpp>
#include <oauth2cc/config.hpp>

#include <openssl/pem.h>
#include <openssl/x509.h>

#include <cstdio>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "../support/idp_process.hpp"
#include "../support/protected_resource.hpp"
#include "../support/temp_dir.hpp"
#include "../support/test_clients.hpp"

using namespace oauth2cc;
using oauth2cc_test::IdpProcess;

namespace mtls_interop_test {

namespace {

using oauth2cc_test::api;

const std::string certs = OAUTH2CC_TEST_CERTS_DIR;
const std::string ca_id = "oauth2cc-tls-client-auth";
const std::string self_signed_id = "oauth2cc-self-signed-tls";

std::string file_text(const std::string& path) {
  std::string text;
  std::unique_ptr<std::FILE, decltype(&std::fclose)> file(std::fopen(path.c_str(), "rb"), &std::fclose);
  REQUIRE(file);
  char buffer[4096];
  for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, file.get())) > 0;) text.append(buffer, n);
  return text;
}

// RFC 8705 §3.1: base64url(SHA-256(DER certificate)).
std::string thumbprint(const std::string& pem_path) {
  std::unique_ptr<std::FILE, decltype(&std::fclose)> file(std::fopen(pem_path.c_str(), "rb"), &std::fclose);
  REQUIRE(file);
  std::unique_ptr<X509, decltype(&X509_free)> cert(PEM_read_X509(file.get(), nullptr, nullptr, nullptr), &X509_free);
  REQUIRE(cert);
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  REQUIRE(X509_digest(cert.get(), EVP_sha256(), digest, &size) == 1);
  return base64url_encode(std::string_view(reinterpret_cast<const char*>(digest), size));
}

// The IdP over HTTPS, asking for client certificates from the test CA, with
// a tls_client_auth client (subject CN=oauth2cc-client, as client.pem has)
// and a self_signed_tls_client_auth client registered with self-signed.pem.
struct MtlsIdp {
  oauth2cc_test::TempDir dir;
  IdpProcess idp = start();

  IdpProcess start() const {
    const nlohmann::json clients = nlohmann::json::array(
        {{{"client_id", ca_id},
          {"token_endpoint_auth_method", "tls_client_auth"},
          {"tls_client_auth_subject_dn", "CN=oauth2cc-client"},
          {"tls_client_certificate_bound_access_tokens", true}},
         {{"client_id", self_signed_id},
          {"token_endpoint_auth_method", "self_signed_tls_client_auth"},
          {"certificates", {file_text(certs + "/self-signed.pem")}},
          {"tls_client_certificate_bound_access_tokens", true}}});
    oauth2cc_test::IdpOptions options;
    options.script = OAUTH2CC_IDP_SCRIPT;
    options.https = true;
    options.cert_file = certs + "/server.pem";
    options.key_file = certs + "/server.key";
    options.extra_args = {"--clients", dir.write("clients.json", clients.dump()), "--client-ca", certs + "/ca.pem"};
    return IdpProcess(options);
  }

  ClientCredentials source(const std::string& id, AuthMethod method) const {
    ClientCredentialsSettings settings;
    settings.token_url = idp.token_endpoint();
    settings.client_id = id;
    settings.auth_method = method;
    settings.scopes = {"api:read"};
    settings.resource = api;
    return ClientCredentials(std::move(settings));
  }
};

// Trusts the test CA and presents `cert` (none when empty).
HttplibTransport transport_with(const std::string& cert) {
  HttplibTransportSettings settings;
  settings.tls.ca_file = certs + "/ca.pem";
  if (!cert.empty()) {
    settings.tls.cert_file = certs + "/" + cert + ".pem";
    settings.tls.key_file = certs + "/" + cert + ".key";
  }
  return HttplibTransport(settings);
}

void check_refused(const Result<std::string_view>& header) {
  CHECK(header.error() == errc::invalid_client);
  CHECK(header.message().find("tls.cert_file and tls.key_file") != std::string::npos);
}

}  // namespace

TEST_SUITE("interop: mutual TLS client authentication with oidc-provider") {
  TEST_CASE("tls_client_auth: a CA-issued client certificate gets a token bound to it") {
    const MtlsIdp setup;
    Authenticator auth(setup.source(ca_id, AuthMethod::tls_client_auth), ExpiryBuffer{}, transport_with("client"));
    const auto token = auth.try_token();
    REQUIRE_MESSAGE(token, token.message());
    const auto claims = detail::jwt_claims(token->value);
    REQUIRE(claims);
    CHECK((*claims)["client_id"] == ca_id);
    CHECK((*claims)["cnf"]["x5t#S256"] == thumbprint(certs + "/client.pem"));
    CHECK(oauth2cc_test::protected_status(setup.idp, auth.header(), certs + "/ca.pem") == 200);
  }

  TEST_CASE("self_signed_tls_client_auth: the registered certificate gets a token bound to it") {
    const MtlsIdp setup;
    Authenticator auth(setup.source(self_signed_id, AuthMethod::self_signed_tls_client_auth), ExpiryBuffer{},
                       transport_with("self-signed"));
    const auto token = auth.try_token();
    REQUIRE_MESSAGE(token, token.message());
    const auto claims = detail::jwt_claims(token->value);
    REQUIRE(claims);
    CHECK((*claims)["cnf"]["x5t#S256"] == thumbprint(certs + "/self-signed.pem"));
  }

  TEST_CASE("without a client certificate both methods are invalid_client naming tls.cert_file") {
    const MtlsIdp setup;
    Authenticator ca(setup.source(ca_id, AuthMethod::tls_client_auth), ExpiryBuffer{}, transport_with(""));
    check_refused(ca.try_header());
    Authenticator self(setup.source(self_signed_id, AuthMethod::self_signed_tls_client_auth), ExpiryBuffer{},
                       transport_with(""));
    check_refused(self.try_header());
  }

  TEST_CASE("the wrong certificate is invalid_client: untrusted for tls_client_auth, unregistered for self-signed") {
    const MtlsIdp setup;
    Authenticator ca(setup.source(ca_id, AuthMethod::tls_client_auth), ExpiryBuffer{}, transport_with("untrusted"));
    check_refused(ca.try_header());
    Authenticator self(setup.source(self_signed_id, AuthMethod::self_signed_tls_client_auth), ExpiryBuffer{},
                       transport_with("client"));
    check_refused(self.try_header());
  }

  TEST_CASE("tls_client_auth from a configuration: make_authenticator with tls.cert_file") {
    const MtlsIdp setup;
    const nlohmann::json block = {
        {"client_id", ca_id},
        {"token_url", setup.idp.token_endpoint()},
        {"auth_method", "tls_client_auth"},
        {"scopes", {"api:read"}},
        {"endpoint_params", {{"resource", api}}},
        {"tls", {{"ca_file", certs + "/ca.pem"}, {"cert_file", certs + "/client.pem"}, {"key_file", certs + "/client.key"}}}};
    const auto config = config_from_json_text(block.dump());
    REQUIRE_MESSAGE(config, config.message());
    AnyAuthenticator auth = make_authenticator(*config);
    const auto header = auth.try_header();
    REQUIRE_MESSAGE(header, header.message());
    CHECK(oauth2cc_test::protected_status(setup.idp, std::string(*header), certs + "/ca.pem") == 200);
  }
}

}  // namespace mtls_interop_test
