#pragma once

// The HttpTransport on cpp-httplib: the only oauth2cc header that includes
// <httplib.h>. HTTPS needs httplib built with a TLS backend: define
// CPPHTTPLIB_OPENSSL_SUPPORT in your build (the oauth2cc::httplib CMake
// target and Debian's pkg-config file do), or with cpp-httplib 0.31+
// CPPHTTPLIB_MBEDTLS_SUPPORT or CPPHTTPLIB_WOLFSSL_SUPPORT (https:// with
// those two needs cpp-httplib 0.47.0 or newer and is refused before); this
// header never defines them. Tested with cpp-httplib 0.11.4 to 0.53.1
// (docs/building.md: "cpp-httplib versions and TLS backends").

#include <charconv>     // from_chars
#include <chrono>       // steady_clock, milliseconds
#include <cstddef>      // size_t
#include <cstdint>      // uint32_t, int64_t
#include <fstream>      // ifstream
#include <memory>       // unique_ptr, make_unique
#include <optional>     // optional
#include <string>       // string, to_string
#include <string_view>  // string_view
#include <utility>      // move
#include <vector>       // vector

#include <httplib.h>
#ifdef CPPHTTPLIB_WOLFSSL_SUPPORT
#include <wolfssl/openssl/evp.h>  // the client key check (key_fits_certificate)
#endif

#include <oauth2cc/concepts.hpp>
#include <oauth2cc/url.hpp>
#include <oauth2cc/error.hpp>
#include <oauth2cc/http.hpp>
#include <oauth2cc/observer.hpp>
#include <oauth2cc/result.hpp>
#include <oauth2cc/tls_settings.hpp>

// HTTPS with any backend: OpenSSL in every release, mbedTLS or wolfSSL from
// cpp-httplib 0.31 on (which defines CPPHTTPLIB_SSL_ENABLED for all three).
#if defined(CPPHTTPLIB_OPENSSL_SUPPORT) || defined(CPPHTTPLIB_SSL_ENABLED)
#define OAUTH2CC_HTTPLIB_TLS 1
#endif

namespace oauth2cc {

#ifdef OAUTH2CC_HTTPLIB_TLS
namespace detail {
// The TLS library cpp-httplib was built with, for messages.
#if defined(CPPHTTPLIB_OPENSSL_SUPPORT)
inline constexpr const char* httplib_tls_backend = "OpenSSL";
#elif defined(CPPHTTPLIB_MBEDTLS_SUPPORT)
inline constexpr const char* httplib_tls_backend = "mbedTLS";
#else
inline constexpr const char* httplib_tls_backend = "wolfSSL";
#endif

// What a refused server certificate was wrong with, whichever library
// checked it: the transport's messages and error codes follow from this alone.
struct CertificateProblem {
  enum Kind { name_only, expired, not_yet_valid, untrusted, other } kind;
  std::string reason;  // the TLS library's own words, for the message
};

// cpp-httplib 0.11 reports a certificate for another name as a failed
// verification like any other; later releases have an error of their own for it.
template <class Error>
constexpr bool is_hostname_error(Error error) {
  if constexpr (requires { Error::SSLServerHostnameVerification; }) {
    return error == Error::SSLServerHostnameVerification;
  } else {
    return false;
  }
}

#if !defined(CPPHTTPLIB_OPENSSL_SUPPORT)
// Whether this cpp-httplib's mbedTLS and wolfSSL backends check the server's
// certificate chain for a host given as an IP address. Before cpp-httplib
// 0.47.0 (upstream commit fa981ce) they switched verification off for such
// hosts and checked only that the certificate named the address, so any
// certificate carrying that address was accepted. enable_system_ca() came
// with the same release and stands for the fix, as CPPHTTPLIB_VERSION is a
// string #if cannot compare.
template <class Client>
inline constexpr bool httplib_verifies_ip_hosts = requires(Client& client) { client.enable_system_ca(true); };
#endif
}  // namespace detail
#endif

#ifdef CPPHTTPLIB_OPENSSL_SUPPORT
namespace detail {
// What differs between the cpp-httplib releases oauth2cc supports, found by
// looking for the members themselves: CPPHTTPLIB_VERSION is a string, and the
// numeric CPPHTTPLIB_VERSION_NUM (0.30 on) is a string too, so #if cannot test
// either. cpp-httplib 0.31 put TLS behind a backend interface: ssl_context()
// became tls_context(), an untyped handle that is the SSL_CTX* with the
// OpenSSL backend, and SSLClient::get_openssl_verify_result() gave way to
// the request's Result::ssl_backend_error(). The old names linger deprecated
// for a few releases, so the new ones are preferred where both exist.
template <class ClientOrServer>
SSL_CTX* openssl_context(const ClientOrServer& tls) {
  if constexpr (requires { tls.tls_context(); }) {
    return static_cast<SSL_CTX*>(tls.tls_context());
  } else {
    return tls.ssl_context();
  }
}

// The X509_V_* result of the failed certificate check behind `result` (an
// httplib::Result, a template parameter only so the unused branch is not compiled).
template <class Client, class Outcome>
long openssl_verify_result(const Client& client, const Outcome& result) {
  if constexpr (requires { client.get_openssl_verify_result(); }) {
    return client.get_openssl_verify_result();
  } else {
    return static_cast<long>(result.ssl_backend_error());
  }
}
}  // namespace detail
#endif

struct HttplibTransportSettings {
  TlsSettings tls;
  std::size_t max_response_bytes = std::size_t{1} << 20;  // a token response is a few KiB
};

// Sends token requests with cpp-httplib, keeping the connection alive between
// requests to the same endpoint. One request at a time: the Authenticator
// guarantees that, so the transport needs no lock of its own.
class HttplibTransport {
 public:
  HttplibTransport() = default;
  explicit HttplibTransport(HttplibTransportSettings settings) : settings_(std::move(settings)) {}

  Result<HttpResponse> post_form(const HttpRequest& request) { return exchange("POST", request); }

  // A GET of request.url (its body is not sent): for OIDC discovery
  // (<oauth2cc/source/discovery.hpp>), with the same TLS settings and limits.
  Result<HttpResponse> get(const HttpRequest& request) { return exchange("GET", request); }

  const HttplibTransportSettings& settings() const noexcept { return settings_; }

  // Where insecure_transport is reported: once per origin the transport
  // talks to over plain http:// or with insecure_skip_verify. Not owned; it
  // must outlive the transport or be replaced first (nullptr: no reports).
  void set_observer(Observer* observer) noexcept { observer_ = observer; }

 private:
  Result<HttpResponse> exchange(const char* method, const HttpRequest& request) {
    const auto url = parse_url(request.url);
    if (!url) {
      return Failure{make_error_code(errc::invalid_url),
                     "token_url is not an absolute http:// or https:// URL without user:password@; fix token_url"};
    }
    const std::string origin = (url->https ? "https://" : "http://") + url->host + ":" + std::to_string(url->port);
    report_if_insecure(*url, origin);
    if (!client_ || origin_ != origin) {
      client_.reset();
      auto created = connect(*url, origin);
      if (!created) return std::move(created).failure();
      client_ = std::move(*created);
      origin_ = origin;
    }

    const auto deadline = std::chrono::steady_clock::now() + request.timeout;
    client_->set_connection_timeout(request.timeout);
    client_->set_read_timeout(request.timeout);
    client_->set_write_timeout(request.timeout);

    httplib::Request req;
    req.method = method;
    req.path = url->target;
    if (req.method == "POST") req.body = request.body;
    for (const auto& [name, value] : request.headers) req.headers.emplace(name, value);
    if (!settings_.tls.server_name_override.empty() && !req.has_header("Host")) {
      req.headers.emplace("Host", url->host);
    }

    // The body is read through a receiver so the size cap and the overall
    // deadline hold while the response arrives, not after.
    std::string body;
    bool too_large = false;
    bool late = false;
    req.response_handler = [&](const httplib::Response& head) {
      const std::string length = head.get_header_value("Content-Length");
      std::size_t announced = 0;
      const auto parsed = std::from_chars(length.data(), length.data() + length.size(), announced);
      too_large = parsed.ec == std::errc::result_out_of_range ||
                  (parsed.ec == std::errc{} && announced > settings_.max_response_bytes);
      return !too_large;
    };
    req.content_receiver = [&](const char* data, std::size_t size, std::uint64_t, std::uint64_t) {
      too_large = body.size() + size > settings_.max_response_bytes;
      late = std::chrono::steady_clock::now() > deadline;
      if (too_large || late) return false;
      body.append(data, size);
      return true;
    };

#ifdef CPPHTTPLIB_OPENSSL_SUPPORT
    if (url->https) ERR_clear_error();  // so a failure below finds only its own TLS errors
#elif defined(CPPHTTPLIB_MBEDTLS_SUPPORT)
    *mbedtls_verify_flags_ = 0;  // only this request's handshake may set them
#endif
    // The Result, not send()'s bool: since cpp-httplib 0.31 it alone carries
    // the reason a certificate was refused.
    const httplib::Result result = client_->send(req);
    if (!result) {
      // httplib reports a read that timed out as a plain read error; the
      // clock tells the two apart (90%: poll may wake a little early).
      late = late || std::chrono::steady_clock::now() >= deadline - request.timeout / 10;
      Failure failure = describe(result, *url, origin, request.timeout, too_large, late);
      client_.reset();  // start from a fresh connection next time
      return failure;
    }

    HttpResponse response;
    response.status = result->status;
    for (const auto& [name, value] : result->headers) response.headers.emplace_back(name, value);
    response.body = std::move(body);
    return response;
  }

  static bool readable(const std::string& path) { return std::ifstream(path).good(); }

  // Plain http:// works (in-cluster IdPs use it), and so does switching
  // verification off, but neither may go unnoticed: the observer hears of
  // each once, before the first request, whether or not that request succeeds.
  void report_if_insecure(const Url& url, const std::string& origin) {
    if (observer_ == nullptr) return;  // unreported until someone listens
    const char* reason = !url.https                         ? "plain http"
                         : settings_.tls.insecure_skip_verify ? "insecure_skip_verify"
                                                              : nullptr;
    if (reason == nullptr) return;
    for (const std::string& reported : insecure_reported_) {
      if (reported == origin) return;
    }
    insecure_reported_.push_back(origin);
    observer_->insecure_transport(InsecureTransport{reason, origin});
  }

  // Reuse the connection, and send each request at once: on a kept-alive
  // connection Nagle's algorithm would hold a refresh back for a delayed ACK.
  static void keep_fast(httplib::ClientImpl& client) {
    client.set_keep_alive(true);
    client.set_tcp_nodelay(true);
  }

  Result<std::unique_ptr<httplib::ClientImpl>> connect(const Url& url, const std::string& origin) const {
    if (!url.https) {
      auto client = std::make_unique<httplib::ClientImpl>(url.host, url.port);
      keep_fast(*client);
      return client;
    }
#ifdef OAUTH2CC_HTTPLIB_TLS
#if !defined(CPPHTTPLIB_OPENSSL_SUPPORT)
    if constexpr (!detail::httplib_verifies_ip_hosts<httplib::SSLClient>) {
      return Failure{make_error_code(errc::invalid_configuration),
                     std::string("token_url is https:// but cpp-httplib ") + CPPHTTPLIB_VERSION + "'s " +
                         detail::httplib_tls_backend + " backend does not check the certificate chain of a host "
                         "given as an IP address, so an untrusted certificate could pass; use cpp-httplib 0.47.0 "
                         "or newer, or build it with CPPHTTPLIB_OPENSSL_SUPPORT and link OpenSSL"};
    }
#endif
    const TlsSettings& tls = settings_.tls;
    const auto config_error = [](std::string message) {
      return Failure{make_error_code(errc::tls_configuration), std::move(message)};
    };
    if (tls.cert_file.empty() != tls.key_file.empty()) {
      return config_error("tls.cert_file and tls.key_file must be set together; set both or neither");
    }
    for (const std::string* path : {&tls.ca_file, &tls.cert_file, &tls.key_file}) {
      if (!path->empty() && !readable(*path)) {
        return config_error("cannot read TLS file " + *path + "; check the path and that this process may read it");
      }
    }

    // With server_name_override the client is named after the override (for
    // SNI and verification) and pointed at the URL host's address.
    const bool override_name = !tls.server_name_override.empty();
    const std::string& name = override_name ? tls.server_name_override : url.host;
    auto client = tls.cert_file.empty() ? std::make_unique<httplib::SSLClient>(name, url.port)
                                        : std::make_unique<httplib::SSLClient>(name, url.port, tls.cert_file, tls.key_file);
    if (!client->is_valid() || !key_fits_certificate(*client)) {
      return config_error("cannot load the client certificate " + tls.cert_file + " with key " + tls.key_file +
                          "; check that both are PEM and belong together");
    }
    if (auto refused = apply_min_version(*client)) return std::move(*refused);
    if (override_name) {
      const std::string address = resolve(url.host);
      if (address.empty()) {
        return Failure{make_error_code(errc::connection_failed),
                       "cannot resolve host " + url.host + " of " + origin + "; check token_url and DNS"};
      }
      client->set_hostname_addr_map({{name, address}});
    }
    if (!tls.ca_file.empty()) client->set_ca_cert_path(tls.ca_file.c_str());
    client->enable_server_certificate_verification(!tls.insecure_skip_verify);
#ifdef CPPHTTPLIB_MBEDTLS_SUPPORT
    // mbedTLS checks the chain inside the handshake, and httplib keeps only
    // "verification failed" of it: the flags saying why are collected here.
    // MbedTlsContext is httplib's documented handle for such additions.
    auto* context = static_cast<httplib::tls::impl::MbedTlsContext*>(client->tls_context());
    mbedtls_ssl_conf_verify(&context->conf, &collect_verify_flags, mbedtls_verify_flags_.get());
#endif
    keep_fast(*client);
    return std::unique_ptr<httplib::ClientImpl>(std::move(client));
#else
    (void)origin;
    return Failure{make_error_code(errc::tls_configuration),
                   "token_url is https:// but cpp-httplib was built without TLS; define CPPHTTPLIB_OPENSSL_SUPPORT "
                   "and link OpenSSL (use the oauth2cc::httplib CMake target)"};
#endif
  }

#ifdef OAUTH2CC_HTTPLIB_TLS
  // tls.min_version, or why this backend cannot enforce it.
  std::optional<Failure> apply_min_version(httplib::SSLClient& client) const {
    const TlsVersion min = settings_.tls.min_version;
#ifdef CPPHTTPLIB_OPENSSL_SUPPORT
    static constexpr int versions[] = {TLS1_VERSION, TLS1_1_VERSION, TLS1_2_VERSION, TLS1_3_VERSION};
    if (SSL_CTX_set_min_proto_version(detail::openssl_context(client), versions[static_cast<int>(min)]) != 1) {
      return Failure{make_error_code(errc::tls_configuration),
                     "this OpenSSL cannot enforce tls.min_version; use a newer OpenSSL or a lower min_version"};
    }
    return std::nullopt;
#else
    // httplib's backend interface (tls::set_min_version) knows TLS 1.2 and
    // 1.3 only, and with an mbedTLS built without TLS 1.3 it quietly keeps
    // 1.2 for a 1.3 minimum: both cases are refused here instead.
    const auto unsupported = [](std::string what) {
      return Failure{make_error_code(errc::invalid_configuration),
                     "tls.min_version " + what + "; set tls.min_version to a version this backend offers, or build "
                     "cpp-httplib with CPPHTTPLIB_OPENSSL_SUPPORT and link OpenSSL"};
    };
    if (min == TlsVersion::tls1_0 || min == TlsVersion::tls1_1) {
      return unsupported(std::string(min == TlsVersion::tls1_0 ? "1.0" : "1.1") + " cannot be enforced: cpp-httplib's " +
                         detail::httplib_tls_backend + " backend offers TLS 1.2 and 1.3 only (1.2 is the default)");
    }
#if defined(CPPHTTPLIB_MBEDTLS_SUPPORT) && !defined(MBEDTLS_SSL_PROTO_TLS1_3)
    if (min == TlsVersion::tls1_3) {
      return unsupported("1.3 cannot be enforced: this mbedTLS was built without TLS 1.3 (mbedTLS 2.x always is), "
                         "so cpp-httplib's mbedTLS backend would connect with TLS 1.2 (use 1.2, or an mbedTLS 3.x "
                         "with MBEDTLS_SSL_PROTO_TLS1_3)");
    }
#elif defined(CPPHTTPLIB_WOLFSSL_SUPPORT)
    // Its client context is made for TLS 1.2 alone (wolfTLSv1_2_client_method,
    // up to cpp-httplib 0.53.1 at least), where a 1.3 minimum changes nothing.
    if (min == TlsVersion::tls1_3) {
      return unsupported("1.3 cannot be enforced: cpp-httplib's wolfSSL backend connects with TLS 1.2 only "
                         "(use 1.2, or the OpenSSL backend for TLS 1.3)");
    }
#endif
    const auto version = min == TlsVersion::tls1_3 ? httplib::tls::Version::TLS1_3 : httplib::tls::Version::TLS1_2;
    if (!httplib::tls::set_min_version(client.tls_context(), version)) {
      return unsupported(std::string(min == TlsVersion::tls1_3 ? "1.3" : "1.2") + " was refused by cpp-httplib's " +
                         detail::httplib_tls_backend + " backend");
    }
    return std::nullopt;
#endif
  }

  // Whether the client certificate's public key and the private key belong
  // together. OpenSSL and mbedTLS check that as they load them (httplib's
  // is_valid() is false otherwise). wolfSSL 5.5's wolfSSL_CTX_check_private_key,
  // which httplib relies on, passes an EC key of another certificate, so here
  // the key signs a message that the certificate's public key must verify.
  static bool key_fits_certificate([[maybe_unused]] httplib::SSLClient& client) {
#ifdef CPPHTTPLIB_WOLFSSL_SUPPORT
    WOLFSSL_CTX* context = static_cast<httplib::tls::impl::WolfSSLContext*>(client.tls_context())->ctx;
    WOLFSSL_X509* certificate = wolfSSL_CTX_get0_certificate(context);  // owned by the context
    WOLFSSL_EVP_PKEY* key = wolfSSL_CTX_get0_privatekey(context);       // likewise
    if (certificate == nullptr) return true;  // no client certificate configured
    if (key == nullptr) return false;
    const std::unique_ptr<WOLFSSL_EVP_PKEY, decltype(&wolfSSL_EVP_PKEY_free)> public_key(
        wolfSSL_X509_get_pubkey(certificate), &wolfSSL_EVP_PKEY_free);
    const std::unique_ptr<WOLFSSL_EVP_MD_CTX, decltype(&wolfSSL_EVP_MD_CTX_free)> signing(wolfSSL_EVP_MD_CTX_new(),
                                                                                        &wolfSSL_EVP_MD_CTX_free);
    const std::unique_ptr<WOLFSSL_EVP_MD_CTX, decltype(&wolfSSL_EVP_MD_CTX_free)> verifying(
        wolfSSL_EVP_MD_CTX_new(), &wolfSSL_EVP_MD_CTX_free);
    if (!public_key || !signing || !verifying) return false;
    static constexpr unsigned char message[] = "oauth2cc: does the key belong to the certificate?";
    unsigned char signature[1024];  // an RSA-8192 signature takes 1024 bytes, an EC one far fewer
    std::size_t signature_size = sizeof signature;
    return wolfSSL_EVP_DigestSignInit(signing.get(), nullptr, wolfSSL_EVP_sha256(), nullptr, key) == 1 &&
           wolfSSL_EVP_DigestSignUpdate(signing.get(), message, sizeof message) == 1 &&
           wolfSSL_EVP_DigestSignFinal(signing.get(), signature, &signature_size) == 1 &&
           wolfSSL_EVP_DigestVerifyInit(verifying.get(), nullptr, wolfSSL_EVP_sha256(), nullptr, public_key.get()) == 1 &&
           wolfSSL_EVP_DigestVerifyUpdate(verifying.get(), message, sizeof message) == 1 &&
           wolfSSL_EVP_DigestVerifyFinal(verifying.get(), signature, signature_size) == 1;
#else
    return true;
#endif
  }

  // The numeric address of a host, for pointing an overridden name at it.
  static std::string resolve(const std::string& host) {
    addrinfo hints{};
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* found = nullptr;
    if (getaddrinfo(host.c_str(), nullptr, &hints, &found) != 0 || found == nullptr) return {};
    char text[INET6_ADDRSTRLEN] = {};
    const void* address = found->ai_family == AF_INET6
                              ? static_cast<const void*>(&reinterpret_cast<sockaddr_in6*>(found->ai_addr)->sin6_addr)
                              : static_cast<const void*>(&reinterpret_cast<sockaddr_in*>(found->ai_addr)->sin_addr);
    const bool ok = inet_ntop(found->ai_family, address, text, sizeof text) != nullptr;
    freeaddrinfo(found);
    return ok ? text : "";
  }
#endif

  Failure describe(const httplib::Result& result, const Url& url, const std::string& origin,
                   std::chrono::milliseconds timeout, bool too_large, bool late) const {
    const httplib::Error error = result.error();
    const auto fail = [](errc code, std::string message) { return Failure{make_error_code(code), std::move(message)}; };
    const std::string after = std::to_string(timeout.count()) + " ms";
    if (too_large) {
      return fail(errc::response_too_large, "response from " + origin + " is larger than " +
                                                std::to_string(settings_.max_response_bytes) +
                                                " bytes; check that token_url is the token endpoint");
    }
    if (late || error == httplib::Error::ConnectionTimeout) {
      return fail(errc::timeout, "no complete response from " + origin + " within the timeout of " + after +
                                     "; check that the IdP is reachable and healthy, or raise timeout");
    }
#ifdef OAUTH2CC_HTTPLIB_TLS
    if (detail::is_hostname_error(error)) return hostname_failure(url, origin);
#endif
    switch (error) {
      case httplib::Error::Connection:
        return fail(errc::connection_failed, "could not connect to " + origin +
                                                 " (refused, unreachable, or the name did not resolve); check "
                                                 "token_url and that the IdP is reachable from here");
      case httplib::Error::Read:
      case httplib::Error::Write:
#ifdef CPPHTTPLIB_OPENSSL_SUPPORT
        if (url.https) {
          if (const unsigned long alert = received_tls_alert(); alert != 0) return alert_failure(alert, origin);
        }
#endif
        // A TLS 1.3 server that drops a client without a certificate can close
        // before the request is written; then no alert is left to read.
        return fail(errc::connection_failed,
                    "the connection to " + origin + " broke before a complete response arrived (reset, closed, or "
                    "no answer within " + after + "); check the IdP and any proxy in between" +
                        (url.https && settings_.tls.cert_file.empty()
                             ? ", and whether it requires a client certificate (set tls.cert_file and tls.key_file)"
                             : ""));
#ifdef OAUTH2CC_HTTPLIB_TLS
      case httplib::Error::SSLConnection:
        return fail(errc::tls_handshake_failed,
                    "TLS handshake with " + origin + " failed (the server does not speak TLS, requires a client "
                    "certificate, or offers no version at or above tls.min_version); check token_url's scheme "
                    "and the tls settings (tls.min_version; tls.cert_file and tls.key_file for a client "
                    "certificate)");
      case httplib::Error::SSLLoadingCerts:
        return fail(errc::tls_configuration, "cannot load the CA certificates" +
                                                 (settings_.tls.ca_file.empty() ? std::string(" of the system")
                                                                                : " in " + settings_.tls.ca_file) +
                                                 "; check that tls.ca_file is a PEM bundle");
      case httplib::Error::SSLServerVerification: return verification_failure(result, url, origin);
#endif
      default:
        return fail(errc::transport_failed, "request to " + origin + " failed: " + httplib::to_string(error));
    }
  }

#ifdef CPPHTTPLIB_OPENSSL_SUPPORT
  // The TLS alert the server sent, if that is what ended the exchange: its
  // OpenSSL error code (0 if none), from this thread's error queue, which is
  // left empty.
  static unsigned long received_tls_alert() noexcept {
    unsigned long alert = 0;
    for (unsigned long error = ERR_get_error(); error != 0; error = ERR_get_error()) {
      const int reason = ERR_GET_REASON(error);
      if (ERR_GET_LIB(error) == ERR_LIB_SSL && reason > SSL_AD_REASON_OFFSET && reason < SSL_AD_REASON_OFFSET + 256) {
        alert = error;
      }
    }
    return alert;
  }

  // A TLS 1.3 server checks the client's certificate after the client has
  // finished its side of the handshake, so a missing or refused client
  // certificate shows up as an alert on the first read, not as a failed handshake.
  static Failure alert_failure(unsigned long error, const std::string& origin) {
    const int alert = ERR_GET_REASON(error) - SSL_AD_REASON_OFFSET;
    const char* reason = ERR_reason_error_string(error);  // "tlsv13 alert certificate required"
    const bool about_client_certificate = alert == SSL_AD_CERTIFICATE_REQUIRED || alert == SSL_AD_BAD_CERTIFICATE ||
                                          alert == SSL_AD_UNKNOWN_CA || alert == SSL_AD_CERTIFICATE_EXPIRED ||
                                          alert == SSL_AD_CERTIFICATE_REVOKED || alert == SSL_AD_UNSUPPORTED_CERTIFICATE ||
                                          alert == SSL_AD_CERTIFICATE_UNKNOWN || alert == SSL_AD_HANDSHAKE_FAILURE;
    return {make_error_code(errc::tls_handshake_failed),
            "the TLS server at " + origin + " ended the session with an alert (" +
                (reason != nullptr ? std::string(reason) : "alert number " + std::to_string(alert)) + ")" +
                (about_client_certificate
                     ? "; it wants a client certificate it trusts: set tls.cert_file and tls.key_file to one"
                     : "; check the tls settings against what the server requires")};
  }

  // What OpenSSL found wrong with the certificate behind `failed`.
  detail::CertificateProblem certificate_problem(const httplib::Result& failed) const {
    const auto* tls = dynamic_cast<const httplib::SSLClient*>(client_.get());
    const long result = tls != nullptr ? detail::openssl_verify_result(*tls, failed) : X509_V_OK;
    // httplib checks the chain first, then the name: a good chain means the
    // name failed (cpp-httplib 0.11; later ones say so with an error of their own).
    if (result == X509_V_OK) return {detail::CertificateProblem::name_only, {}};
    const char* reason = X509_verify_cert_error_string(result);
    using enum detail::CertificateProblem::Kind;
    const auto kind = result == X509_V_ERR_CERT_HAS_EXPIRED     ? expired
                      : result == X509_V_ERR_CERT_NOT_YET_VALID ? not_yet_valid
                      : result == X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT ||
                              result == X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN ||
                              result == X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY ||
                              result == X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT ||
                              result == X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE
                          ? untrusted
                          : other;
    return {kind, reason};
  }
#elif defined(CPPHTTPLIB_MBEDTLS_SUPPORT)
  // mbedTLS's verification callback: gathers the flags of every certificate
  // in the chain into the uint32_t at `gathered`, and changes no decision.
  static int collect_verify_flags(void* gathered, mbedtls_x509_crt*, int, std::uint32_t* flags) {
    *static_cast<std::uint32_t*>(gathered) |= *flags;
    return 0;
  }

  // What mbedTLS found wrong, from the flags collect_verify_flags gathered
  // during the handshake that failed (a name that does not match is one of them).
  detail::CertificateProblem certificate_problem(const httplib::Result&) const {
    const std::uint32_t flags = *mbedtls_verify_flags_ & ~std::uint32_t{MBEDTLS_X509_BADCERT_CN_MISMATCH};
    using enum detail::CertificateProblem::Kind;
    if (flags == 0) return {name_only, {}};
    const auto kind = (flags & MBEDTLS_X509_BADCERT_EXPIRED) != 0  ? expired
                      : (flags & MBEDTLS_X509_BADCERT_FUTURE) != 0 ? not_yet_valid
                      : (flags & MBEDTLS_X509_BADCERT_NOT_TRUSTED) != 0 ? untrusted
                                                                        : other;
    return {kind, httplib::tls::verify_error_string(static_cast<long>(flags))};
  }
#else
  // What wolfSSL found wrong: httplib passes its error code on in the Result.
  static detail::CertificateProblem certificate_problem(const httplib::Result& failed) {
    const auto code = static_cast<int>(static_cast<std::int64_t>(failed.ssl_backend_error()));
    using enum detail::CertificateProblem::Kind;
    if (code == DOMAIN_NAME_MISMATCH) return {name_only, {}};
    const auto kind = code == ASN_AFTER_DATE_E    ? expired
                      : code == ASN_BEFORE_DATE_E ? not_yet_valid
                      : code == ASN_NO_SIGNER_E || code == ASN_SELF_SIGNED_E ? untrusted
                                                                            : other;
    return {kind, httplib::tls::error_string(failed.ssl_backend_error())};
  }
#endif

#ifdef OAUTH2CC_HTTPLIB_TLS
  Failure hostname_failure(const Url& url, const std::string& origin) const {
    const std::string& name = settings_.tls.server_name_override.empty() ? url.host : settings_.tls.server_name_override;
    return {make_error_code(errc::tls_hostname_mismatch),
            "the certificate of " + origin + " is not valid for the name " + name +
                "; use a token_url host the certificate names, or set tls.server_name_override"};
  }

  Failure verification_failure(const httplib::Result& failed, const Url& url, const std::string& origin) const {
    const detail::CertificateProblem problem = certificate_problem(failed);
    using enum detail::CertificateProblem::Kind;
    switch (problem.kind) {
      case name_only: return hostname_failure(url, origin);
      case expired:
      case not_yet_valid:
        return {make_error_code(errc::tls_certificate_invalid),
                "the certificate of " + origin + (problem.kind == expired ? " has expired" : " is not valid yet") +
                    " (" + problem.reason + "); renew the IdP's certificate or check this machine's clock"};
      case untrusted:
        return {make_error_code(errc::tls_certificate_untrusted),
                "the certificate of " + origin + " is not signed by a trusted CA (" + problem.reason +
                    "); set tls.ca_file to the PEM bundle of the CA that issued it"};
      case other: break;
    }
    return {make_error_code(errc::tls_certificate_invalid),
            "the certificate of " + origin + " was rejected (" + problem.reason + "); check the IdP's certificate"};
  }
#endif

  HttplibTransportSettings settings_;
  std::string origin_;  // scheme://host:port the cached client talks to
  std::unique_ptr<httplib::ClientImpl> client_;
  Observer* observer_ = nullptr;
  std::vector<std::string> insecure_reported_;  // origins already reported as insecure
#ifdef CPPHTTPLIB_MBEDTLS_SUPPORT
  // Where the client's handshakes leave mbedTLS's verification flags: on the
  // heap, so the address the client holds survives moving the transport.
  std::unique_ptr<std::uint32_t> mbedtls_verify_flags_ = std::make_unique<std::uint32_t>(0);
#endif
};

static_assert(HttpTransport<HttplibTransport>);
static_assert(Observable<HttplibTransport>);

}  // namespace oauth2cc

#undef OAUTH2CC_HTTPLIB_TLS
