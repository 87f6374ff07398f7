#include "token_request.hpp"

#include <oauth2cc/authenticator_from_config.hpp>

namespace oauth2cc::cli {

Result<Token> request_token(const Config& config) {
  try {
    if (config.dpop.enabled) return make_dpop_authenticator(config).authenticator().try_token();
    return make_authenticator(config).try_token();
  } catch (const Error& error) {
    return Failure{error.code(), error.what()};
  }
}

}  // namespace oauth2cc::cli
