#pragma once

// One token request through the library, exactly as an exporter would make it.

#include <oauth2cc/config.hpp>
#include <oauth2cc/result.hpp>
#include <oauth2cc/token.hpp>

namespace oauth2cc::cli {

// A Config the library refuses is a Failure too, not an exception.
Result<Token> request_token(const Config& config);

}  // namespace oauth2cc::cli
