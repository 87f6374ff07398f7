#pragma once

// Every feature but the adapters (which need curl, gRPC...): the umbrella
// plus the opt-in headers. The single header is generated from this file.

#include <oauth2cc/oauth2cc.hpp>

// Configuration files, and a Config turned into an authenticator.
#include <oauth2cc/authenticator_from_config.hpp>
#include <oauth2cc/config.hpp>

// Tokens kept in files between runs.
#include <oauth2cc/cache/file_cache.hpp>
#include <oauth2cc/cache/file_cached.hpp>

// MockTransport, ManualClock and the other test helpers.
#include <oauth2cc/testing.hpp>
