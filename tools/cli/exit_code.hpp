#pragma once

// The CLI's exit codes. They are a contract: scripts and docs rely on them.

#include <system_error>

namespace oauth2cc::cli {

enum class ExitCode : int {
  success = 0,
  internal_error = 1,     // a bug or out of memory: nothing the user can fix
  usage = 2,              // a bad command line or configuration
  oauth_error = 3,        // the IdP answered with an RFC 6749 error
  network = 4,            // connect, DNS, TLS or timeout
  malformed_response = 5  // the endpoint answered, but not with a usable token (or decode got no JWT)
};

// The exit code for an oauth2cc::errc (or any other error code: internal_error).
ExitCode exit_code_for(std::error_code code) noexcept;

constexpr int as_int(ExitCode code) noexcept { return static_cast<int>(code); }

}  // namespace oauth2cc::cli
