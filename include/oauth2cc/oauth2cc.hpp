#pragma once

// Everything: the core plus the cpp-httplib transport, so that
//   Authenticator auth{ClientCredentials{{...}}};
// works with the defaults. The single header is generated from this file.

#include <oauth2cc/core.hpp>
#include <oauth2cc/transport/httplib.hpp>

// Client assertions signed with OpenSSL, which the transport links already.
#include <oauth2cc/jwt/client_secret_jwt.hpp>
#include <oauth2cc/jwt/private_key_jwt.hpp>

// DPoP-bound tokens (RFC 9449), signed with the same OpenSSL.
#include <oauth2cc/jwt/dpop.hpp>
#include <oauth2cc/jwt/dpop_key.hpp>

// Needs both: a Config turned into an authenticator on HttplibTransport.
#include <oauth2cc/authenticator_from_config.hpp>
