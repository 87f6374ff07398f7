#pragma once

// One token request through the library, exactly as an exporter would make it.

#include <functional>
#include <string_view>

#include <oauth2cc/config.hpp>
#include <oauth2cc/result.hpp>
#include <oauth2cc/token.hpp>

namespace oauth2cc::cli {

// Told about every cache file ignored or not written (config cache.enabled).
using CacheWarning = std::function<void(std::string_view path, std::string_view reason)>;

// A Config the library refuses is a Failure too, not an exception.
Result<Token> request_token(const Config& config, CacheWarning warn = {});

}  // namespace oauth2cc::cli
