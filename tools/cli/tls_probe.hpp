#pragma once

// The TLS step of `check`, done with OpenSSL directly rather than through the
// transport: the handshake is completed whatever the certificate, so the
// report can show the certificate and say exactly what is wrong with it.

#include <chrono>
#include <string>
#include <vector>

#include <oauth2cc/result.hpp>
#include <oauth2cc/transport/httplib.hpp>

namespace oauth2cc::cli {

struct TlsProbeSettings {
  std::string server_name;  // sent as SNI (unless an IP address) and checked against the certificate
  std::string ca_file;      // empty: the system's CAs
  std::string cert_file;    // client certificate, with key_file
  std::string key_file;
  TlsVersion min_version = TlsVersion::tls1_2;
  std::chrono::milliseconds timeout{10'000};
};

struct CertificateInfo {
  std::string subject;           // RFC 2253: "CN=idp.example,O=Example"
  std::string issuer;
  std::string not_after;         // ISO 8601 UTC
  std::vector<std::string> names;  // subjectAltName entries: "DNS:localhost", "IP:127.0.0.1"
};

struct TlsProbeResult {
  std::string protocol;          // "TLSv1.3"
  CertificateInfo certificate;
  long verify_result = 0;        // X509_V_OK or an X509_V_ERR_* code (chain, validity)
  std::string verify_text;       // OpenSSL's words for verify_result
  bool name_matches = false;     // the certificate is valid for server_name
};

// Handshakes over the connected socket `fd`. A failure is the transport's
// code (tls_configuration, tls_handshake_failed, timeout) with OpenSSL's reason.
Result<TlsProbeResult> probe_tls(int fd, const TlsProbeSettings& settings);

}  // namespace oauth2cc::cli
