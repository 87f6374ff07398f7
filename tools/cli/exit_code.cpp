#include "exit_code.hpp"

#include <oauth2cc/error.hpp>

namespace oauth2cc::cli {

ExitCode exit_code_for(std::error_code code) noexcept {
  if (!code) return ExitCode::success;
  if (code.category() != oauth2cc_category()) return ExitCode::internal_error;
  switch (static_cast<errc>(code.value())) {
    // Settings the user gave us that cannot work, found before or while sending.
    case errc::invalid_url:
    case errc::tls_configuration:
    case errc::invalid_configuration:
    case errc::credential_file_unusable:
    case errc::client_assertion_malformed:
    case errc::client_assertion_expired:
    case errc::environment_variable_unset: return ExitCode::usage;
    case errc::source_failed: return ExitCode::internal_error;
    default: break;
  }
  if (is_oauth_error(code)) return ExitCode::oauth_error;
  // errc groups: 1-99 transport, 100-199 protocol (see error.hpp).
  if (code.value() >= 100 && code.value() < 200) return ExitCode::malformed_response;
  if (static_cast<errc>(code.value()) == errc::response_too_large) return ExitCode::malformed_response;
  if (code.value() < 100) return ExitCode::network;
  return ExitCode::internal_error;
}

}  // namespace oauth2cc::cli
