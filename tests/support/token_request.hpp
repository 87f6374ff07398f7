#pragma once

// The request a transport is handed for a client_credentials token, for the
// transport tests, which send it to servers of their own.

#include <chrono>  // milliseconds, seconds
#include <string>  // string

#include <oauth2cc/http.hpp>

namespace oauth2cc_test {

inline oauth2cc::HttpRequest token_request(const std::string& url,
                                           std::chrono::milliseconds timeout = std::chrono::seconds(5)) {
  oauth2cc::HttpRequest request;
  request.url = url;
  request.body = "grant_type=client_credentials";
  request.headers = {{"Content-Type", "application/x-www-form-urlencoded"}, {"Authorization", "Basic aWQ6cw=="}};
  request.timeout = timeout;
  return request;
}

}  // namespace oauth2cc_test
