// The fault matrix over TLS: certificates that must be refused, and a server
// that demands a client certificate. The client trusts the test CA
// (tls.ca_file), as a user of a private IdP would. Recovery: the server comes
// back on the same port with a good certificate and the same client succeeds;
// for the missing client certificate the fix is on the client's side, so a
// client configured with one succeeds against the same server.

#include <doctest/doctest.h>

#include <oauth2cc/error.hpp>
#include <oauth2cc/transport/httplib.hpp>

#include <string>

#include "fault_case.hpp"
#include "tls_endpoint.hpp"

using oauth2cc::errc;
using oauth2cc::HttplibTransport;
using oauth2cc::HttplibTransportSettings;
using oauth2cc_test::TlsEndpoint;
using namespace oauth2cc_test::faults;

namespace tls_faults_test {

namespace {

std::string token_json(const std::string& token) {
  return R"({"access_token":")" + token + R"(","token_type":"Bearer","expires_in":3600})";
}

HttplibTransportSettings trusting_test_ca() {
  HttplibTransportSettings settings;
  settings.tls.ca_file = TlsEndpoint::path_of("ca.pem");
  return settings;
}

// The server presents `certificate` and is refused with `expected`; then it
// presents the good one on the same port and the same client gets its token.
void refused_certificate(const std::string& certificate, errc expected) {
  const std::string token = served_token("after-" + certificate);
  TlsEndpoint server(certificate, token_json(token));
  FaultClient client(server.url(), HttplibTransport(trusting_test_ca()));
  client.keeps_failing_with(expected);
  CHECK(server.requests() == 0);  // refused during the handshake: no request was sent
  server.restart("server");
  client.recovers_with(token);
  CHECK(server.requests() == 1);
}

}  // namespace

FAULT_CASE("TLS certificate for another host name: tls_hostname_mismatch, then recovers") {
  refused_certificate("wrong-host", errc::tls_hostname_mismatch);
}

FAULT_CASE("TLS certificate that has expired: tls_certificate_invalid, then recovers") {
  refused_certificate("expired", errc::tls_certificate_invalid);
}

FAULT_CASE("TLS certificate that is self-signed: tls_certificate_untrusted, then recovers") {
  refused_certificate("self-signed", errc::tls_certificate_untrusted);
}

FAULT_CASE("TLS certificate from an unknown CA: tls_certificate_untrusted, then recovers") {
  refused_certificate("untrusted", errc::tls_certificate_untrusted);
}

FAULT_CASE("TLS client certificate required but absent: tls_handshake_failed, and succeeds with one") {
  const std::string token = served_token("with-client-cert");
  TlsEndpoint server("server", token_json(token), TlsEndpoint::path_of("ca.pem"));
  FaultClient without(server.url(), HttplibTransport(trusting_test_ca()));
  // TLS 1.3 refuses the client after the handshake, with an alert. Mostly the
  // client reads it (tls_handshake_failed); sometimes the server's close
  // overtakes the request and the write fails first (connection_failed).
  // Either way the message names the fix.
  for (const std::string& text : without.keeps_failing_with(errc::tls_handshake_failed, {errc::connection_failed})) {
    CHECK(text.find("tls.cert_file") != std::string::npos);
  }
  CHECK(server.requests() == 0);

  HttplibTransportSettings settings = trusting_test_ca();
  settings.tls.cert_file = TlsEndpoint::path_of("client.pem");
  settings.tls.key_file = TlsEndpoint::path_of("client.key");
  FaultClient with(server.url(), HttplibTransport(settings));
  with.recovers_with(token);
  CHECK(server.requests() == 1);
}

}  // namespace tls_faults_test
