#pragma once

// oauth2cc on a libcurl easy handle: a current Authorization header on each
// transfer, with the header list's lifetime handled, and one retry with a new
// token when the backend answers 401. Part of oauth2cc::curl (CMake) /
// oauth2cc_curl_dep (meson).
//
//   oauth2cc::adapters::CurlHeaders headers(curl, {"Content-Type: application/json"});
//   auto outcome = oauth2cc::adapters::perform(auth, curl, headers);
//   if (outcome && outcome->result == CURLE_OK && outcome->status == 200) ...
//
// `Auth` is an Authenticator<...> or an AnyAuthenticator (anything with
// try_header() and report_response()).

#include <curl/curl.h>

#include <string>       // string
#include <string_view>  // string_view
#include <utility>      // move
#include <vector>       // vector

#include <oauth2cc/error.hpp>
#include <oauth2cc/result.hpp>
#include <oauth2cc/secret.hpp>

namespace oauth2cc::adapters {

// Owns the curl_slist that `handle`'s CURLOPT_HTTPHEADER points to: curl keeps
// the pointer, not a copy, so the list must outlive every transfer and the
// handle must never point at a freed one. Each set_authorization() points the
// handle at a new list before freeing the old; the destructor unsets the
// option before freeing. Declare it after the handle, so it goes first.
class CurlHeaders {
 public:
  // `lines` ("Name: value") are sent with every transfer, after Authorization.
  explicit CurlHeaders(CURL* handle, std::vector<std::string> lines = {})
      : handle_(handle), lines_(std::move(lines)) {}
  CurlHeaders(const CurlHeaders&) = delete;
  CurlHeaders& operator=(const CurlHeaders&) = delete;
  ~CurlHeaders() {
    if (list_ == nullptr) return;
    curl_easy_setopt(handle_, CURLOPT_HTTPHEADER, static_cast<curl_slist*>(nullptr));
    curl_slist_free_all(list_);
  }

  // Sets CURLOPT_HTTPHEADER to the lines plus a current Authorization header.
  // Returns the header value set, which report_response() wants after a
  // rejection, or why there is none (then the handle is left as it was).
  template <class Auth>
  Result<std::string> set_authorization(Auth& auth) {
    Result<std::string_view> header = auth.try_header();
    if (!header) return std::move(header).failure();
    std::string value(*header);
    std::string line = "Authorization: " + value;
    curl_slist* fresh = curl_slist_append(nullptr, line.c_str());
    for (const std::string& extra : lines_) {
      if (fresh == nullptr) break;
      curl_slist* longer = curl_slist_append(fresh, extra.c_str());
      if (longer == nullptr) {
        curl_slist_free_all(fresh);
        fresh = nullptr;
      } else {
        fresh = longer;
      }
    }
    secure_wipe(line);  // curl copied it
    if (fresh == nullptr) {
      return Failure{make_error_code(errc::transport_failed),
                     "libcurl ran out of memory building the request headers (curl_slist_append failed)"};
    }
    curl_easy_setopt(handle_, CURLOPT_HTTPHEADER, fresh);  // now nothing points at the old list
    curl_slist_free_all(list_);
    list_ = fresh;
    return value;
  }

  CURL* handle() const noexcept { return handle_; }

 private:
  CURL* handle_;
  std::vector<std::string> lines_;
  curl_slist* list_ = nullptr;
};

// What perform() did: curl's result of the last transfer, its HTTP status
// (0 when none arrived), and how many transfers it made (1 or 2).
struct CurlOutcome {
  CURLcode result = CURLE_OK;
  long status = 0;
  int attempts = 0;
};

// The response's WWW-Authenticate, read with curl_easy_header() (libcurl
// 7.83 or newer), which leaves the caller's CURLOPT_HEADERFUNCTION alone.
inline std::string curl_www_authenticate(CURL* handle) {
#if LIBCURL_VERSION_NUM >= 0x075300
  curl_header* header = nullptr;
  if (curl_easy_header(handle, "WWW-Authenticate", 0, CURLH_HEADER, -1, &header) == CURLHE_OK && header != nullptr) {
    return header->value;
  }
#else
  (void)handle;  // older libcurl: the 401 alone still counts as a rejection
#endif
  return {};
}

// Tells `auth` what the backend answered to a transfer that carried
// `sent_header`. True when sending it again with a new header makes sense.
template <class Auth>
bool report_response(Auth& auth, std::string_view sent_header, CURL* handle, long status) {
  const std::string challenge = curl_www_authenticate(handle);
  if (status != 401 && challenge.empty()) return false;
  return auth.report_response(sent_header, static_cast<int>(status), challenge);
}

struct NoPreparation {
  void operator()(int /*attempt*/) const noexcept {}
};

// curl_easy_perform() on a handle the caller has set up (URL, body, write
// callback), with `headers` carrying a current Authorization header. When the
// backend rejects the token (401, or a Bearer error="invalid_token"
// challenge) the authenticator drops it (once, however many threads were
// rejected with it) and the transfer runs once more with a new one.
//
// `prepare(attempt)` runs before each transfer (attempt 1, then 2): reset the
// buffer your write callback fills there, since the rejected response's body
// reaches it too. A body sent through CURLOPT_READFUNCTION needs a
// CURLOPT_SEEKFUNCTION to be sent twice; CURLOPT_POSTFIELDS needs nothing.
//
// The failure says why no token could be had, and then nothing was sent.
template <class Auth, class Prepare = NoPreparation>
Result<CurlOutcome> perform(Auth& auth, CurlHeaders& headers, Prepare&& prepare = {}) {
  CurlOutcome outcome;
  for (int attempt = 1;; ++attempt) {
    Result<std::string> sent = headers.set_authorization(auth);
    if (!sent) return std::move(sent).failure();
    prepare(attempt);
    outcome.attempts = attempt;
    outcome.status = 0;
    outcome.result = curl_easy_perform(headers.handle());
    if (outcome.result == CURLE_OK) curl_easy_getinfo(headers.handle(), CURLINFO_RESPONSE_CODE, &outcome.status);
    const bool retry = outcome.result == CURLE_OK && report_response(auth, *sent, headers.handle(), outcome.status);
    if (!retry || attempt == 2) return outcome;
  }
}

}  // namespace oauth2cc::adapters
