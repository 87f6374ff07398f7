#include "tls_probe.hpp"

#include <arpa/inet.h>
#include <sys/socket.h>
#include <sys/time.h>

#include <cerrno>
#include <cstdio>
#include <system_error>
#include <utility>
#include <ctime>
#include <memory>

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include "time_text.hpp"

namespace oauth2cc::cli {

namespace {

template <class T, void (*Free)(T*)>
struct Deleter {
  void operator()(T* pointer) const noexcept { Free(pointer); }
};
using SslContext = std::unique_ptr<SSL_CTX, Deleter<SSL_CTX, SSL_CTX_free>>;
using SslConnection = std::unique_ptr<SSL, Deleter<SSL, SSL_free>>;
using Certificate = std::unique_ptr<X509, Deleter<X509, X509_free>>;
using Bio = std::unique_ptr<BIO, Deleter<BIO, BIO_free_all>>;
void free_general_names(GENERAL_NAMES* names) { GENERAL_NAMES_free(names); }
using GeneralNames = std::unique_ptr<GENERAL_NAMES, Deleter<GENERAL_NAMES, free_general_names>>;

Failure fail(errc code, std::string message) { return {make_error_code(code), std::move(message)}; }

// The oldest queued OpenSSL error, in its own words; clears the queue.
std::string openssl_reason() {
  const unsigned long error = ERR_peek_error();
  std::string reason = "no reason given";
  if (const char* text = error != 0 ? ERR_reason_error_string(error) : nullptr) {
    reason = text;
  } else if (error != 0) {
    char buffer[256];
    ERR_error_string_n(error, buffer, sizeof buffer);
    reason = buffer;
  }
  ERR_clear_error();
  return reason;
}

// Why a file cannot be read, in the OS's words; empty when it can.
std::string unreadable(const std::string& path) {
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (file == nullptr) return std::generic_category().message(errno);
  std::fclose(file);
  return {};
}

bool is_ip_address(const std::string& host) {
  unsigned char bytes[sizeof(in6_addr)];
  return inet_pton(AF_INET, host.c_str(), bytes) == 1 || inet_pton(AF_INET6, host.c_str(), bytes) == 1;
}

std::string name_text(const X509_NAME* name) {
  Bio bio(BIO_new(BIO_s_mem()));
  if (!bio || X509_NAME_print_ex(bio.get(), name, 0, XN_FLAG_RFC2253) < 0) return "?";
  std::string text(static_cast<std::size_t>(BIO_number_written(bio.get())), '\0');
  const int length = BIO_read(bio.get(), text.data(), static_cast<int>(text.size()));
  text.resize(length > 0 ? static_cast<std::size_t>(length) : 0);
  return text;
}

std::string time_text(const ASN1_TIME* time) {
  std::tm parts{};
  if (ASN1_TIME_to_tm(time, &parts) != 1) return "?";
  return iso8601_utc(std::chrono::system_clock::from_time_t(timegm(&parts)));
}

std::vector<std::string> subject_alt_names(X509* certificate) {
  std::vector<std::string> out;
  GeneralNames names(static_cast<GENERAL_NAMES*>(X509_get_ext_d2i(certificate, NID_subject_alt_name, nullptr, nullptr)));
  if (!names) return out;
  for (int i = 0; i < sk_GENERAL_NAME_num(names.get()); ++i) {
    const GENERAL_NAME* name = sk_GENERAL_NAME_value(names.get(), i);
    if (name->type == GEN_DNS) {
      const ASN1_STRING* dns = name->d.dNSName;
      out.push_back("DNS:" + std::string(reinterpret_cast<const char*>(ASN1_STRING_get0_data(dns)),
                                         static_cast<std::size_t>(ASN1_STRING_length(dns))));
    } else if (name->type == GEN_IPADD) {
      const ASN1_OCTET_STRING* ip = name->d.iPAddress;
      const int length = ASN1_STRING_length(ip);
      char text[INET6_ADDRSTRLEN] = {};
      if ((length == 4 || length == 16) &&
          inet_ntop(length == 4 ? AF_INET : AF_INET6, ASN1_STRING_get0_data(ip), text, sizeof text) != nullptr) {
        out.push_back(std::string("IP:") + text);
      }
    }
  }
  return out;
}

bool matches_name(X509* certificate, const std::string& name) {
  if (is_ip_address(name)) return X509_check_ip_asc(certificate, name.c_str(), 0) == 1;
  return X509_check_host(certificate, name.c_str(), name.size(), 0, nullptr) == 1;
}

int protocol_number(TlsVersion version) noexcept {
  switch (version) {
    case TlsVersion::tls1_0: return TLS1_VERSION;
    case TlsVersion::tls1_1: return TLS1_1_VERSION;
    case TlsVersion::tls1_2: return TLS1_2_VERSION;
    case TlsVersion::tls1_3: return TLS1_3_VERSION;
  }
  return TLS1_2_VERSION;
}

Result<SslContext> make_context(const TlsProbeSettings& settings) {
  const std::pair<const char*, const std::string*> files[] = {
      {"tls.ca_file", &settings.ca_file}, {"tls.cert_file", &settings.cert_file}, {"tls.key_file", &settings.key_file}};
  for (const auto& [setting, path] : files) {
    if (path->empty()) continue;
    if (const std::string why = unreadable(*path); !why.empty()) {
      return fail(errc::tls_configuration, "cannot read " + std::string(setting) + " " + *path + ": " + why);
    }
  }
  SslContext context(SSL_CTX_new(TLS_client_method()));
  if (!context) return fail(errc::tls_configuration, "OpenSSL cannot create a TLS context: " + openssl_reason());
  // Verification runs and is reported, but never aborts the handshake: the
  // point is to see the certificate that would be rejected.
  SSL_CTX_set_verify(context.get(), SSL_VERIFY_NONE, nullptr);
  if (SSL_CTX_set_min_proto_version(context.get(), protocol_number(settings.min_version)) != 1) {
    return fail(errc::tls_configuration, "this OpenSSL cannot enforce tls.min_version: " + openssl_reason());
  }
  const bool trusted = settings.ca_file.empty()
                           ? SSL_CTX_set_default_verify_paths(context.get()) == 1
                           : SSL_CTX_load_verify_locations(context.get(), settings.ca_file.c_str(), nullptr) == 1;
  if (!trusted) {
    return fail(errc::tls_configuration,
                (settings.ca_file.empty() ? std::string("cannot load the system's CA certificates")
                                          : "cannot load tls.ca_file " + settings.ca_file) +
                    ": " + openssl_reason() + "; it must be a readable PEM bundle");
  }
  if (!settings.cert_file.empty() || !settings.key_file.empty()) {
    if (SSL_CTX_use_certificate_chain_file(context.get(), settings.cert_file.c_str()) != 1 ||
        SSL_CTX_use_PrivateKey_file(context.get(), settings.key_file.c_str(), SSL_FILETYPE_PEM) != 1 ||
        SSL_CTX_check_private_key(context.get()) != 1) {
      return fail(errc::tls_configuration, "cannot load the client certificate " + settings.cert_file +
                                               " with key " + settings.key_file + ": " + openssl_reason() +
                                               "; both must be PEM and belong together");
    }
  }
  return context;
}

void set_io_timeout(int fd, std::chrono::milliseconds timeout) {
  timeval limit{};
  limit.tv_sec = static_cast<time_t>(timeout.count() / 1000);
  limit.tv_usec = static_cast<suseconds_t>(timeout.count() % 1000 * 1000);
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof limit);
  ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &limit, sizeof limit);
}

}  // namespace

Result<TlsProbeResult> probe_tls(int fd, const TlsProbeSettings& settings) {
  ERR_clear_error();
  Result<SslContext> context = make_context(settings);
  if (!context) return std::move(context).failure();
  SslConnection ssl(SSL_new(context->get()));
  if (!ssl || SSL_set_fd(ssl.get(), fd) != 1) {
    return fail(errc::tls_configuration, "OpenSSL cannot set up the connection: " + openssl_reason());
  }
  // SNI carries host names only (RFC 6066). SSL_set_tlsext_host_name, without its old-style cast.
  if (!is_ip_address(settings.server_name)) {
    SSL_ctrl(ssl.get(), SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name,
             const_cast<char*>(settings.server_name.c_str()));
  }

  set_io_timeout(fd, settings.timeout);
  errno = 0;
  if (SSL_connect(ssl.get()) != 1) {
    if (errno == EAGAIN || errno == EWOULDBLOCK) {
      return fail(errc::timeout, "no TLS handshake within " + std::to_string(settings.timeout.count()) + " ms");
    }
    const int os_error = errno;
    std::string reason = openssl_reason();
    if (reason == "no reason given" && os_error != 0) reason = std::generic_category().message(os_error);
    return fail(errc::tls_handshake_failed, "TLS handshake failed: " + reason);
  }

  TlsProbeResult result;
  result.protocol = SSL_get_version(ssl.get());
  Certificate peer(SSL_get1_peer_certificate(ssl.get()));
  if (!peer) return fail(errc::tls_handshake_failed, "the server sent no certificate");
  result.certificate.subject = name_text(X509_get_subject_name(peer.get()));
  result.certificate.issuer = name_text(X509_get_issuer_name(peer.get()));
  result.certificate.not_after = time_text(X509_get0_notAfter(peer.get()));
  result.certificate.names = subject_alt_names(peer.get());
  result.verify_result = SSL_get_verify_result(ssl.get());
  result.verify_text = X509_verify_cert_error_string(result.verify_result);
  result.name_matches = matches_name(peer.get(), settings.server_name);
  SSL_shutdown(ssl.get());
  return result;
}

}  // namespace oauth2cc::cli
