#pragma once

// The subcommands. Each returns the exit code.

#include <iosfwd>

#include "arguments.hpp"
#include "console.hpp"
#include "exit_code.hpp"

namespace oauth2cc::cli {

ExitCode run_token(const ConnectionFlags& flags, TokenFormat format, Console& console);
ExitCode run_check(const ConnectionFlags& flags, Console& console);
ExitCode run_decode(const std::string& input, std::istream& standard_input, Console& console);

}  // namespace oauth2cc::cli
