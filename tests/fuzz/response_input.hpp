#pragma once

// Turns fuzz input into a token endpoint's answer. The first byte picks the
// HTTP status (low four bits) and the Content-Type (next two bits); the rest
// is the body. Chosen so that seed files stay readable text:
//   'P' 200 JSON   'Q' 201 JSON   'R' 400 JSON   'S' 401 JSON   'W' 500 JSON
//   '@' 200 none   'B' 400 none   'b' 400 HTML   'p' 200 hostile   'r' 400 hostile

#include <cstddef>      // size_t
#include <cstdint>      // uint8_t
#include <string>       // string
#include <string_view>  // string_view

#include <oauth2cc/http.hpp>

#include "invariants.hpp"

namespace oauth2cc_fuzz {

inline constexpr int fuzzed_statuses[16] = {200, 201, 400, 401, 403, 404, 429, 500,
                                            502, 503, 302, 204, 299, 100, 0,   999};

// What the request carried; a server that echoes it back must not get it into a message.
// Its form-encoded spelling differs from the raw one, as a real secret's may.
inline constexpr std::string_view fuzzed_secret = "s3cr3t/+& Kq=";

inline oauth2cc::HttpResponse response_from(const std::uint8_t* data, std::size_t size) {
  oauth2cc::HttpResponse response;
  if (size == 0) return response;
  const std::uint8_t selector = data[0];
  response.status = fuzzed_statuses[selector & 0x0f];
  switch ((selector >> 4) & 0x03) {
    case 0: break;
    case 1: response.headers.emplace_back("Content-Type", "application/json"); break;
    case 2: response.headers.emplace_back("Content-Type", "text/html; charset=utf-8"); break;
    default:  // a hostile proxy: line breaks and the secret itself in a header
      response.headers.emplace_back("Content-Type", "text/plain\r\nX-Echo: " + std::string(fuzzed_secret));
  }
  response.body = std::string(as_text(data + 1, size - 1));
  return response;
}

}  // namespace oauth2cc_fuzz
