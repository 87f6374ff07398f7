#include "token_request.hpp"

#include <memory>
#include <utility>

#include <oauth2cc/authenticator_from_config.hpp>
#include <oauth2cc/config/httplib_factories.hpp>
#include <oauth2cc/observer.hpp>

namespace oauth2cc::cli {

namespace {

class CacheWarnings final : public Observer {
 public:
  explicit CacheWarnings(CacheWarning warn) : warn_(std::move(warn)) {}
  void file_cache_problem(const FileCacheProblem& event) noexcept override {
    try {
      warn_(event.path, event.reason);
    } catch (...) {  // a warning that cannot be printed is dropped
    }
  }

 private:
  CacheWarning warn_;
};

}  // namespace

Result<Token> request_token(const Config& config, CacheWarning warn) {
  try {
    if (config.dpop.enabled) return make_dpop_authenticator(config).authenticator().try_token();
    std::shared_ptr<Observer> observer;
    if (warn) observer = std::make_shared<CacheWarnings>(std::move(warn));
    return make_authenticator(config, std::move(observer)).try_token();
  } catch (const Error& error) {
    return Failure{error.code(), error.what()};
  }
}

}  // namespace oauth2cc::cli
