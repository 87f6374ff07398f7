#pragma once

#include <memory>       // shared_ptr, make_shared
#include <string>       // string
#include <string_view>  // string_view
#include <utility>      // forward, move

#include <oauth2cc/authenticator_stats.hpp>
#include <oauth2cc/result.hpp>
#include <oauth2cc/token.hpp>

namespace oauth2cc {

// Any Authenticator behind one virtual call, for code that must not be a
// template: exporter option structs, plugin boundaries, pimpl classes.
// Copies share the same authenticator (and so the same cached token).
class AnyAuthenticator {
 public:
  // Builds an authenticator of type `Auth` in place (authenticators hold a
  // mutex and cannot move): AnyAuthenticator::make<Authenticator<...>>(source, ...).
  template <class Auth, class... Args>
  static AnyAuthenticator make(Args&&... args) {
    return AnyAuthenticator(std::make_shared<Auth>(std::forward<Args>(args)...));
  }

  // Shares an authenticator the caller keeps using too.
  template <class Auth>
  explicit AnyAuthenticator(std::shared_ptr<Auth> authenticator)
      : impl_(std::make_shared<Shared<Auth>>(std::move(authenticator))) {}

  // As Authenticator::header() and try_header(), with the same lifetime rule.
  const std::string& header() { return impl_->header(); }
  Token token() { return impl_->try_token().value(); }
  Result<std::string_view> try_header() noexcept { return impl_->try_header(); }
  Result<Token> try_token() noexcept { return impl_->try_token(); }
  void invalidate() noexcept { impl_->invalidate(); }
  void invalidate(std::string_view rejected) noexcept { impl_->invalidate(rejected); }
  bool report_response(std::string_view sent_header, int status, std::string_view www_authenticate = {}) noexcept {
    return impl_->report_response(sent_header, status, www_authenticate);
  }
  AuthenticatorStats stats() const noexcept { return impl_->stats(); }
  void start_background_refresh() { impl_->start_background_refresh(); }
  void stop_background_refresh() noexcept { impl_->stop_background_refresh(); }

 private:
  struct Interface {
    Interface() = default;
    Interface(const Interface&) = delete;
    Interface& operator=(const Interface&) = delete;
    virtual ~Interface() = default;
    virtual const std::string& header() = 0;
    virtual Result<std::string_view> try_header() noexcept = 0;
    virtual Result<Token> try_token() noexcept = 0;
    virtual void invalidate() noexcept = 0;
    virtual void invalidate(std::string_view rejected) noexcept = 0;
    virtual bool report_response(std::string_view sent_header, int status,
                                 std::string_view www_authenticate) noexcept = 0;
    virtual AuthenticatorStats stats() const noexcept = 0;
    virtual void start_background_refresh() = 0;
    virtual void stop_background_refresh() noexcept = 0;
  };

  template <class Auth>
  struct Shared final : Interface {
    explicit Shared(std::shared_ptr<Auth> a) : auth(std::move(a)) {}
    const std::string& header() override { return auth->header(); }
    Result<std::string_view> try_header() noexcept override { return auth->try_header(); }
    Result<Token> try_token() noexcept override { return auth->try_token(); }
    void invalidate() noexcept override { auth->invalidate(); }
    void invalidate(std::string_view rejected) noexcept override { auth->invalidate(rejected); }
    bool report_response(std::string_view sent_header, int status,
                         std::string_view www_authenticate) noexcept override {
      return auth->report_response(sent_header, status, www_authenticate);
    }
    AuthenticatorStats stats() const noexcept override { return auth->stats(); }
    void start_background_refresh() override { auth->start_background_refresh(); }
    void stop_background_refresh() noexcept override { auth->stop_background_refresh(); }
    std::shared_ptr<Auth> auth;
  };

  std::shared_ptr<Interface> impl_;
};

}  // namespace oauth2cc
