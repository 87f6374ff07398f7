#pragma once

// oauth2cc on cpp-httplib requests: a current Authorization header on each
// request, and one retry with a new token when the backend answers 401.
// Part of oauth2cc::httplib (CMake) / oauth2cc_httplib_dep (meson).
//
//   auto response = oauth2cc::adapters::send(auth, [&](const httplib::Headers& headers) {
//     return client.Post("/v1/traces", headers, body, "application/json");
//   });
//
// `Auth` is an Authenticator<...> or an AnyAuthenticator (anything with
// try_header() and report_response()).

#include <httplib.h>

#include <concepts>     // invocable, convertible_to
#include <cstddef>      // size_t
#include <string>       // string
#include <string_view>  // string_view
#include <type_traits>  // invoke_result_t
#include <utility>      // as_const, move

#include <oauth2cc/result.hpp>

namespace oauth2cc::adapters {

// Sets Authorization in `headers` to a current header, replacing any there.
// Returns the value set, which report_response() wants after a rejection, or
// why there is none (then `headers` is unchanged).
template <class Auth>
Result<std::string> set_authorization(Auth& auth, httplib::Headers& headers) {
  Result<std::string_view> header = auth.try_header();
  if (!header) return std::move(header).failure();
  std::string value(*header);  // kept by the caller beyond the view's lifetime
  headers.erase("Authorization");  // Headers compares names case-insensitively
  headers.emplace("Authorization", value);
  return value;
}

// The same for every request `client` sends from now on. A snapshot: it does
// not follow token refreshes, so call it before each request or use send().
template <class Auth>
Result<std::string> set_authorization(Auth& auth, httplib::Client& client) {
  Result<std::string_view> header = auth.try_header();
  if (!header) return std::move(header).failure();
  std::string value(*header);
  const std::size_t space = value.find(' ');
  client.set_bearer_token_auth(space == std::string::npos ? value : value.substr(space + 1));
  return value;
}

// Tells `auth` what the backend answered to a request sent with `sent_header`.
// True when sending it again with a new header makes sense.
template <class Auth>
bool report_response(Auth& auth, std::string_view sent_header, const httplib::Response& response) {
  const bool challenged = response.has_header("WWW-Authenticate");
  if (response.status != 401 && !challenged) return false;  // the common case: nothing to look at
  const std::string challenge = challenged ? response.get_header_value("WWW-Authenticate") : std::string();
  return auth.report_response(sent_header, response.status, challenge);
}

// Sends `request(headers)` with a current Authorization header added to
// `headers`. When the backend rejects the token (401, or a Bearer
// error="invalid_token" challenge) the authenticator drops it (once, however
// many threads were rejected with it) and the request is sent once more with
// a new one. A second rejection is returned as it is.
//
// The value is httplib's own result (which may be a connection error); the
// failure says why no token could be had, and then nothing was sent.
template <class Auth, class Request>
  requires std::invocable<Request&, const httplib::Headers&> &&
           std::convertible_to<std::invoke_result_t<Request&, const httplib::Headers&>, httplib::Result>
Result<httplib::Result> send(Auth& auth, Request&& request, httplib::Headers headers = {}) {
  for (int attempt = 1;; ++attempt) {
    Result<std::string> sent = set_authorization(auth, headers);
    if (!sent) return std::move(sent).failure();
    httplib::Result response = request(std::as_const(headers));
    const bool retry = response && report_response(auth, *sent, *response);
    if (!retry || attempt == 2) return response;
  }
}

// The same for a prepared request (method, path, body, headers) on `client`.
template <class Auth>
Result<httplib::Result> send(Auth& auth, httplib::Client& client, httplib::Request request) {
  httplib::Headers headers = std::move(request.headers);
  return send(
      auth,
      [&](const httplib::Headers& with_token) {
        request.headers = with_token;
        return client.send(request);
      },
      std::move(headers));
}

}  // namespace oauth2cc::adapters
