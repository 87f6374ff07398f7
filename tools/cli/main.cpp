// oauth2cc: get and troubleshoot OAuth2 client-credentials tokens from the
// command line. See usage.cpp for the contract and docs/cli.md for examples.

#include <exception>
#include <iostream>
#include <string_view>
#include <vector>

#include <oauth2cc/version.hpp>

#include "arguments.hpp"
#include "commands.hpp"
#include "console.hpp"
#include "usage.hpp"

using namespace oauth2cc::cli;

int main(int argc, char** argv) {
  Console console(std::cout, std::cerr);
  try {
    const std::vector<std::string_view> args(argv + 1, argv + argc);
    oauth2cc::Result<Invocation> invocation = parse_arguments(args);
    if (!invocation) {
      console.error(invocation.message());
      return as_int(ExitCode::usage);
    }
    if (invocation->help) {
      std::cout << usage(invocation->command);
      return as_int(ExitCode::success);
    }
    if (invocation->version) {
      std::cout << "oauth2cc " OAUTH2CC_VERSION_STRING "\n";
      return as_int(ExitCode::success);
    }
    switch (invocation->command) {
      case Command::token: return as_int(run_token(invocation->flags, invocation->format, console));
      case Command::check: return as_int(run_check(invocation->flags, console));
      case Command::decode: return as_int(run_decode(invocation->decode_input, std::cin, console));
      case Command::none: break;
    }
    std::cout << usage(Command::none);
    return as_int(ExitCode::usage);
  } catch (const std::exception& error) {
    // Scrubbed like every message; only allocation failures should get here.
    console.error(std::string("internal error: ") + error.what());
    return as_int(ExitCode::internal_error);
  }
}
