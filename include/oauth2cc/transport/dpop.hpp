#pragma once

// DpopTransport: the transport half of DPoP (RFC 9449), adding a proof to
// every token request. The resource half (Dpop, DpopAuthenticator) and an
// example of both: <oauth2cc/jwt/dpop.hpp>. Needs OpenSSL (libcrypto).

#include <cstddef>      // size_t
#include <memory>       // shared_ptr
#include <string>       // string
#include <string_view>  // string_view
#include <utility>      // move

#include <nlohmann/json.hpp>

#include <oauth2cc/clock.hpp>
#include <oauth2cc/concepts.hpp>
#include <oauth2cc/error.hpp>
#include <oauth2cc/fwd.hpp>
#include <oauth2cc/http.hpp>
#include <oauth2cc/jwt/dpop.hpp>
#include <oauth2cc/result.hpp>
#include <oauth2cc/secret.hpp>

namespace oauth2cc {

namespace detail {

// Whether a token endpoint's answer is RFC 9449 §8's "use_dpop_nonce" error.
inline bool is_use_dpop_nonce(const HttpResponse& response) {
  if (response.status != 400 && response.status != 401) return false;
  const nlohmann::json body = nlohmann::json::parse(response.body, nullptr, /*allow_exceptions=*/false);
  return body.is_object() && body.contains("error") && body["error"] == "use_dpop_nonce";
}

}  // namespace detail

// Wraps the transport of an Authenticator so every token request carries a
// DPoP proof for POST and its URL; the source then accepts token_type DPoP.
// A token endpoint's DPoP-Nonce is remembered, and a use_dpop_nonce error is
// answered by sending the request once more with the nonce.
//
// Put it inside a RetryingTransport, not around it: each retry then signs a
// fresh proof (a repeated jti is refused as a replay).
template <HttpTransport Inner = HttplibTransport, Clock TimeSource = SystemClock>
class DpopTransport {
 public:
  static constexpr bool sends_dpop_proofs = true;

  explicit DpopTransport(std::shared_ptr<Dpop> dpop, Inner inner = Inner{}, TimeSource clock = TimeSource{})
      : dpop_(std::move(dpop)), inner_(std::move(inner)), clock_(std::move(clock)) {
    if (!dpop_) throw Error(errc::invalid_configuration, "DpopTransport: no Dpop given");
  }

  Result<HttpResponse> post_form(const HttpRequest& request) {
    HttpRequest sent = request;
    const detail::WipeOnExit wipe_body{sent.body};
    sent.headers.emplace_back("DPoP", std::string());
    Result<HttpResponse> response = Failure{};
    for (int attempt = 0; attempt < 2; ++attempt) {
      Result<std::string> proof = dpop_->proof("POST", request.url, clock_.wall_now());
      if (!proof) return std::move(proof).failure();
      sent.headers.back().second = std::move(*proof);
      response = inner_.post_form(sent);
      if (!response) break;
      const std::string_view nonce = response->header("DPoP-Nonce");
      dpop_->remember_nonce(request.url, nonce);
      if (nonce.empty() || !detail::is_use_dpop_nonce(*response)) break;
      ++nonce_retries_;
    }
    for (auto& header : sent.headers) secure_wipe(header.second);
    return response;
  }

  void set_observer(Observer* observer) noexcept {
    if constexpr (Observable<Inner>) inner_.set_observer(observer);
  }

  const std::shared_ptr<Dpop>& dpop() const noexcept { return dpop_; }
  Inner& inner() noexcept { return inner_; }
  // How often a token request was sent again with a server's new nonce.
  std::size_t nonce_retries() const noexcept { return nonce_retries_; }

 private:
  std::shared_ptr<Dpop> dpop_;
  Inner inner_;
  TimeSource clock_;
  std::size_t nonce_retries_ = 0;
};

}  // namespace oauth2cc
