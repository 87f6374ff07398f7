#pragma once

// TlsSettings: the collector's `tls` block, as Config reads it and as
// HttplibTransport uses it. A vocabulary type of its own, so configuration
// can hold it without including cpp-httplib.

#include <string>  // string

namespace oauth2cc {

enum class TlsVersion { tls1_0, tls1_1, tls1_2, tls1_3 };

// TLS options under the names the collector's `tls` block uses.
struct TlsSettings {
  std::string ca_file;    // PEM bundle to trust instead of the system's CAs
  std::string cert_file;  // client certificate (PEM, mTLS), with key_file
  std::string key_file;   // its private key (PEM)
  // Kept with the collector's meaning: "plain text" for gRPC exporters. It does
  // NOT turn off verification of an https:// token_url (insecure_skip_verify
  // does), and no transport reads it: whether TLS is used at all follows the
  // URL's scheme.
  bool insecure = false;
  bool insecure_skip_verify = false;  // accept any certificate: for debugging only
  std::string server_name_override;   // name to send (SNI) and verify instead of the URL's host
  TlsVersion min_version = TlsVersion::tls1_2;
};

}  // namespace oauth2cc
