#pragma once

// Every feature but the adapters (which need curl, gRPC...): the umbrella
// plus the opt-in headers. The single header is generated from this file.

#include <oauth2cc/oauth2cc.hpp>

// The core, the httplib transport and the signers (the umbrella's own
// content, named here too because the compiled library's umbrella is light).
#include <oauth2cc/core.hpp>
#include <oauth2cc/jwt/client_secret_jwt.hpp>
#include <oauth2cc/jwt/dpop.hpp>
#include <oauth2cc/jwt/dpop_key.hpp>
#include <oauth2cc/jwt/private_key_jwt.hpp>
#include <oauth2cc/transport/dpop.hpp>
#include <oauth2cc/transport/httplib.hpp>

// Configuration files, and a Config turned into an authenticator.
#include <oauth2cc/authenticator_from_config.hpp>
#include <oauth2cc/config.hpp>
#include <oauth2cc/config/httplib_factories.hpp>
#include <oauth2cc/config/make_authenticator.hpp>

// Tokens kept in files between runs.
#include <oauth2cc/file_cache/file_cache.hpp>
#include <oauth2cc/file_cache/file_cached.hpp>

// MockTransport, ManualClock and the other test helpers.
#include <oauth2cc/testing.hpp>
