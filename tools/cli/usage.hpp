#pragma once

// The --help texts.

#include <string_view>

#include "arguments.hpp"

namespace oauth2cc::cli {

// The help for a command, or for the tool with Command::none.
std::string_view usage(Command command);

}  // namespace oauth2cc::cli
