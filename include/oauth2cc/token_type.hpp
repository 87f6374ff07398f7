#pragma once

// The token type identifiers of token exchange (RFC 8693 §3), on their own so
// configuration types can name them without the token sources.

#include <string_view>  // string_view

namespace oauth2cc::token_type {

inline constexpr std::string_view access_token = "urn:ietf:params:oauth:token-type:access_token";
inline constexpr std::string_view refresh_token = "urn:ietf:params:oauth:token-type:refresh_token";
inline constexpr std::string_view id_token = "urn:ietf:params:oauth:token-type:id_token";
inline constexpr std::string_view jwt = "urn:ietf:params:oauth:token-type:jwt";
inline constexpr std::string_view saml1 = "urn:ietf:params:oauth:token-type:saml1";
inline constexpr std::string_view saml2 = "urn:ietf:params:oauth:token-type:saml2";

}  // namespace oauth2cc::token_type
