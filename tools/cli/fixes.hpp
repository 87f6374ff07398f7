#pragma once

// What a user of the CLI should do about a failure: the library's messages
// name config keys; these also name the flags that set them.

#include <string>
#include <string_view>

#include <oauth2cc/error.hpp>

namespace oauth2cc::cli {

// The likely cause and fix, one sentence; empty when the message says it all.
std::string likely_fix(const Failure& failure);

// "the flags for these settings: token_url is set by --token-url URL; ..."
// for the keys a message names as "key:" or "parent.key:"; empty for none.
std::string flags_for_keys(std::string_view message);

}  // namespace oauth2cc::cli
