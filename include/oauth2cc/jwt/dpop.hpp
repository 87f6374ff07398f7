#pragma once

// DPoP (RFC 9449): tokens bound to a key of the client, so a stolen token is
// useless without the key. Two pieces compose with any Authenticator:
//
// Dpop and DpopAuthenticator are here, DpopTransport in
// <oauth2cc/transport/dpop.hpp>, which includes this header:
//
//   auto dpop = std::make_shared<Dpop>(DpopKey::generate());          // ES256
//   Authenticator<ClientCredentials, RefreshAhead, DpopTransport<>> auth(
//       source, RefreshAhead{}, DpopTransport<>(dpop));               // proofs on token requests
//   DpopAuthenticator resource(auth, dpop);
//   DpopHeaders sent = resource.headers("GET", url);  // Authorization: DPoP <token>, DPoP: <proof>
//   ... send, then:
//   if (resource.report_response(url, sent, status, www_authenticate, dpop_nonce)) resend;
//
// Without DPoP, none of this is compiled in and header() stays as it is.
// Needs OpenSSL (libcrypto): link oauth2cc::httplib, or OpenSSL::Crypto yourself.

#include <cstddef>      // size_t
#include <functional>   // less
#include <map>          // map
#include <memory>       // shared_ptr
#include <mutex>        // mutex, lock_guard
#include <optional>     // optional
#include <string>       // string
#include <string_view>  // string_view
#include <utility>      // move

#include <nlohmann/json.hpp>

#include <oauth2cc/clock.hpp>
#include <oauth2cc/concepts.hpp>
#include <oauth2cc/url.hpp>
#include <oauth2cc/detail/http/www_authenticate.hpp>
#include <oauth2cc/error.hpp>
#include <oauth2cc/fwd.hpp>
#include <oauth2cc/http.hpp>
#include <oauth2cc/jwt/dpop_key.hpp>
#include <oauth2cc/observer.hpp>
#include <oauth2cc/result.hpp>
#include <oauth2cc/secret.hpp>

namespace oauth2cc {

// The key and the servers' latest nonces (RFC 9449 §8, §9), shared by the
// token requests and the resource requests of one client. Thread-safe.
class Dpop {
 public:
  explicit Dpop(DpopKey key) : key_(std::move(key)) {}

  const DpopKey& key() const noexcept { return key_; }

  // A proof for `method` and `url`, with the nonce last heard from that
  // server (scheme, host and port), and `ath` when `access_token` is given.
  Result<std::string> proof(std::string_view method, std::string_view url, WallTime now,
                            std::string_view access_token = {}) const {
    const std::string current = nonce(url);
    return key_.proof({method, url, now, current, access_token});
  }

  // The nonce the server of `url` asked for last, or empty.
  std::string nonce(std::string_view url) const {
    const std::lock_guard lock(mutex_);
    const auto found = nonces_.find(origin(url));
    return found == nonces_.end() ? std::string() : found->second;
  }

  // Keeps the server's DPoP-Nonce for the next proofs to that server.
  void remember_nonce(std::string_view url, std::string_view nonce) {
    if (nonce.empty()) return;
    const std::lock_guard lock(mutex_);
    // A bound against a client that talks to endless servers: nonces are
    // only an optimisation, a forgotten one costs one use_dpop_nonce round.
    if (nonces_.size() >= max_servers) nonces_.clear();
    nonces_[origin(url)] = std::string(nonce);
  }

 private:
  static constexpr std::size_t max_servers = 64;

  static std::string origin(std::string_view url) {
    const std::optional<Url> parsed = parse_url(url);
    if (!parsed) return std::string(url);
    return (parsed->https ? "https://" : "http://") + parsed->host + ":" + std::to_string(parsed->port);
  }

  DpopKey key_;
  mutable std::mutex mutex_;
  std::map<std::string, std::string, std::less<>> nonces_;
};

// What a resource request carries: `Authorization` and, for a DPoP-bound
// token, `DPoP` (empty when the server issued a plain Bearer token).
struct DpopHeaders {
  std::string authorization;
  std::string dpop;
};

// Resource requests with DPoP: for each request a fresh proof for its method
// and URL, bound to the token by `ath`. `Auth` is the Authenticator whose
// transport is a DpopTransport with the same Dpop. Thread-safe.
template <class Auth>
class DpopAuthenticator {
 public:
  // Uses `auth`, which must outlive this object.
  DpopAuthenticator(Auth& auth, std::shared_ptr<Dpop> dpop) : auth_(&auth), dpop_(std::move(dpop)) {
    if (!dpop_) throw Error(errc::invalid_configuration, "DpopAuthenticator: no Dpop given");
  }
  // Shares the ownership of `auth` (as make_dpop_authenticator does).
  DpopAuthenticator(std::shared_ptr<Auth> auth, std::shared_ptr<Dpop> dpop)
      : DpopAuthenticator(*auth, std::move(dpop)) {
    owned_ = std::move(auth);
  }

  // Throws oauth2cc::Error.
  DpopHeaders headers(std::string_view method, std::string_view url) { return try_headers(method, url).value(); }

  Result<DpopHeaders> try_headers(std::string_view method, std::string_view url) noexcept {
    try {
      Result<std::string_view> header = auth_->try_header();
      if (!header) return std::move(header).failure();
      DpopHeaders out{std::string(*header), {}};
      constexpr std::string_view scheme = "DPoP ";
      if (!out.authorization.starts_with(scheme)) return out;  // not bound: a Bearer token needs no proof
      const std::string_view token = std::string_view(out.authorization).substr(scheme.size());
      Result<std::string> proof = dpop_->proof(method, url, auth_->clock().wall_now(), token);
      if (!proof) return std::move(proof).failure();
      out.dpop = std::move(*proof);
      return out;
    } catch (...) {
      return Failure{make_error_code(errc::source_failed), "out of memory while building DPoP headers"};
    }
  }

  // What the resource server answered to a request to `url` that carried
  // `sent`: its DPoP-Nonce is kept for the next proofs to that server. A 401
  // with a DPoP challenge error="use_dpop_nonce" (RFC 9449 §9) keeps the
  // token and returns true: send again with new headers(). A refused proof
  // (error="invalid_dpop_proof": wrong method or URL, replayed, too old) is
  // no fault of the token, which is kept; false. Anything else goes to the
  // Authenticator's report_response (a rejected token is dropped).
  bool report_response(std::string_view url, const DpopHeaders& sent, int status,
                       std::string_view www_authenticate = {}, std::string_view dpop_nonce = {}) noexcept {
    try {
      dpop_->remember_nonce(url, dpop_nonce);
    } catch (...) {  // out of memory: the server will ask again
    }
    if (status == 401 && detail::challenge_error(www_authenticate, "DPoP") == "use_dpop_nonce") {
      return !dpop_nonce.empty();
    }
    if (status == 401 && detail::challenge_error(www_authenticate, "DPoP") == "invalid_dpop_proof") return false;
    return auth_->report_response(sent.authorization, status, www_authenticate);
  }

  const std::shared_ptr<Dpop>& dpop() const noexcept { return dpop_; }
  Auth& authenticator() noexcept { return *auth_; }

 private:
  Auth* auth_;
  std::shared_ptr<Dpop> dpop_;
  std::shared_ptr<Auth> owned_;
};

}  // namespace oauth2cc
