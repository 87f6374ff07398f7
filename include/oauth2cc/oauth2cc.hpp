#pragma once

// The core plus the cpp-httplib transport and JWT signing, so that
//   Authenticator auth{ClientCredentials{{...}}};
// works with the defaults, with signed client assertions and DPoP too.
//
// Configuration files, the file cache and the testing helpers are opt-in
// (see core.hpp), as they cost every translation unit compile time whether
// used or not; <oauth2cc/all.hpp> includes them all, as the single header does.
//
// With the compiled library (oauth2cc::compiled, which defines
// OAUTH2CC_COMPILED_LIB) this header is the light API instead: a Config, read
// from JSON, made into an AnyAuthenticator, with no JSON, HTTP or TLS headers
// to parse. The templates stay available through their own headers.

#if defined(OAUTH2CC_COMPILED_LIB)

#include <oauth2cc/version.hpp>

#include <oauth2cc/any_authenticator.hpp>
#include <oauth2cc/authenticator_from_config.hpp>
#include <oauth2cc/config/load.hpp>
#include <oauth2cc/config/types.hpp>
#include <oauth2cc/error.hpp>
#include <oauth2cc/observer.hpp>
#include <oauth2cc/result.hpp>

#else

#include <oauth2cc/core.hpp>
#include <oauth2cc/transport/httplib.hpp>

// Client assertions signed with OpenSSL, which the transport links already.
#include <oauth2cc/jwt/client_secret_jwt.hpp>
#include <oauth2cc/jwt/private_key_jwt.hpp>

// DPoP-bound tokens (RFC 9449), signed with the same OpenSSL.
#include <oauth2cc/jwt/dpop.hpp>
#include <oauth2cc/jwt/dpop_key.hpp>
#include <oauth2cc/transport/dpop.hpp>

#endif
