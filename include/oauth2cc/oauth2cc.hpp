#pragma once

// The core plus the cpp-httplib transport and JWT signing, so that
//   Authenticator auth{ClientCredentials{{...}}};
// works with the defaults, with signed client assertions and DPoP too.
//
// Configuration files, the file cache and the testing helpers are opt-in
// (see core.hpp), as they cost every translation unit compile time whether
// used or not; <oauth2cc/all.hpp> includes them all, as the single header does.

#include <oauth2cc/core.hpp>
#include <oauth2cc/transport/httplib.hpp>

// Client assertions signed with OpenSSL, which the transport links already.
#include <oauth2cc/jwt/client_secret_jwt.hpp>
#include <oauth2cc/jwt/private_key_jwt.hpp>

// DPoP-bound tokens (RFC 9449), signed with the same OpenSSL.
#include <oauth2cc/jwt/dpop.hpp>
#include <oauth2cc/jwt/dpop_key.hpp>
