// Fuzzes the error-response parsers: detail::oauth_failure (an RFC 6749 §5.2
// {"error": ..., "error_description": ..., "error_uri": ...} body) and
// detail::http_failure (any other non-2xx answer). Whatever the server says,
// the failure carries the right code and a printable, bounded message that
// quotes the server's description but never the client secret.

#include <cstddef>      // size_t
#include <cstdint>      // uint8_t
#include <string>       // string, to_string
#include <string_view>  // string_view

#include <nlohmann/json.hpp>

#include <oauth2cc/detail/http/form_encode.hpp>
#include <oauth2cc/detail/token/token_response.hpp>
#include <oauth2cc/error.hpp>

#include "invariants.hpp"
#include "response_input.hpp"

namespace {

using oauth2cc_fuzz::contains;
using oauth2cc_fuzz::fuzzed_secret;

void check_message(const oauth2cc::Failure& failure, std::size_t limit) {
  OAUTH2CC_FUZZ_CHECK(!failure.message.empty() && failure.message.size() <= limit);
  OAUTH2CC_FUZZ_CHECK(oauth2cc_fuzz::is_printable_ascii(failure.message));
  OAUTH2CC_FUZZ_CHECK(!contains(failure.message, fuzzed_secret));
  OAUTH2CC_FUZZ_CHECK(!contains(failure.message, oauth2cc::detail::form_encode(fuzzed_secret)));
}

// Server text that quote() passes through unchanged: short, printable, no secret.
bool quoted_verbatim(std::string_view text, std::size_t limit) {
  return text.size() <= limit && oauth2cc_fuzz::is_printable_ascii(text) && !contains(text, fuzzed_secret) &&
         !contains(text, oauth2cc::detail::form_encode(fuzzed_secret));
}

void check_oauth_failure(const nlohmann::json& body, int status) {
  const oauth2cc::Failure failure = oauth2cc::detail::oauth_failure(body, status, fuzzed_secret);
  const nlohmann::json& error = body.at("error");
  const oauth2cc::errc expected =
      error.is_string() ? oauth2cc::detail::oauth_error_code(error.get<std::string>()) : oauth2cc::errc::oauth_error;
  OAUTH2CC_FUZZ_CHECK(failure.code == oauth2cc::make_error_code(expected));
  OAUTH2CC_FUZZ_CHECK(oauth2cc::is_oauth_error(failure.code));
  // Three quoted texts of at most 200 characters, the error name, the fix.
  check_message(failure, 1024);
  const std::string opening = "token endpoint refused the request (HTTP " + std::to_string(status) + "): ";
  OAUTH2CC_FUZZ_CHECK(failure.message.starts_with(opening));
  if (error.is_string() && quoted_verbatim(error.get_ref<const std::string&>(), 64)) {
    OAUTH2CC_FUZZ_CHECK(failure.message.starts_with(opening + error.get<std::string>()));
  }
  if (const auto description = body.find("error_description"); description != body.end() && description->is_string()) {
    const std::string& text = description->get_ref<const std::string&>();
    if (quoted_verbatim(text, 200)) OAUTH2CC_FUZZ_CHECK(contains(failure.message, ": " + text));
  }
  if (const auto uri = body.find("error_uri"); uri != body.end() && uri->is_string()) {
    const std::string& text = uri->get_ref<const std::string&>();
    if (quoted_verbatim(text, 200)) OAUTH2CC_FUZZ_CHECK(contains(failure.message, "(see " + text + ")"));
  }
}

void check_http_failure(const oauth2cc::HttpResponse& response) {
  const oauth2cc::Failure failure = oauth2cc::detail::http_failure(response, fuzzed_secret);
  OAUTH2CC_FUZZ_CHECK(failure.code == oauth2cc::make_error_code(oauth2cc::errc::http_error));
  // Nothing of the body is quoted, only the status and at most 80 characters of Content-Type.
  check_message(failure, 512);
  OAUTH2CC_FUZZ_CHECK(failure.message.starts_with("token endpoint answered HTTP " + std::to_string(response.status)));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const oauth2cc::HttpResponse response = oauth2cc_fuzz::response_from(data, size);
  const nlohmann::json body = nlohmann::json::parse(response.body, nullptr, /*allow_exceptions=*/false);
  // oauth_failure's precondition, as parse_token_response calls it: an object with "error".
  if (body.is_object() && body.contains("error")) check_oauth_failure(body, response.status);
  check_http_failure(response);
  return 0;
}
