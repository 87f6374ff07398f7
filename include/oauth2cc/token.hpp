#pragma once

#include <chrono>      // seconds
#include <functional>  // less
#include <map>         // map
#include <string>      // string

#include <oauth2cc/clock.hpp>

namespace oauth2cc {

// An access token as the token endpoint issued it (RFC 6749 §5.1).
struct Token {
  std::string value;  // the access token itself
  std::string type;   // "Bearer" (normalised; IdPs also send "bearer")
  std::string scope;  // granted scope, when the response named it
  SteadyTime issued_at{};   // when the request that produced it was sent
  SteadyTime expires_at{};  // last instant the token may be used
  // Every other member of the response, as its JSON text (`"abc"`, `42`, `{...}`).
  std::map<std::string, std::string, std::less<>> extra;

  std::chrono::steady_clock::duration lifetime() const noexcept { return expires_at - issued_at; }
  bool expired_at(SteadyTime now) const noexcept { return now >= expires_at; }
};

}  // namespace oauth2cc
