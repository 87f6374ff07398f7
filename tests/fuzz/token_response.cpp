// Fuzzes the token-response parser (detail::parse_token_response): whatever a
// token endpoint answers, the result is a token that is safe to put after
// "Bearer ", or a failure whose message is printable and leaks neither the
// client secret nor the access token.

#include <chrono>       // hours, seconds
#include <cstddef>      // size_t
#include <cstdint>      // uint8_t
#include <string>       // string
#include <string_view>  // string_view

#include <nlohmann/json.hpp>

#include <oauth2cc/clock.hpp>
#include <oauth2cc/detail/http/form_encode.hpp>
#include <oauth2cc/detail/token/token_response.hpp>
#include <oauth2cc/error.hpp>

#include "invariants.hpp"
#include "response_input.hpp"

namespace {

using namespace std::chrono_literals;
using oauth2cc_fuzz::contains;

// 2026-01-01 on the wall clock, so JWT exp claims meet both past and future.
const oauth2cc::Instant sent_at{oauth2cc::SteadyTime(1000h), oauth2cc::WallTime(std::chrono::seconds(1'767'225'600))};
constexpr std::chrono::seconds default_lifetime = 300s;

oauth2cc::Result<oauth2cc::Token> parse(const oauth2cc::HttpResponse& response) {
  return oauth2cc::detail::parse_token_response(response, sent_at, default_lifetime, oauth2cc_fuzz::fuzzed_secret);
}

void check_token(const oauth2cc::Token& token, const oauth2cc::HttpResponse& response, const nlohmann::json& body) {
  OAUTH2CC_FUZZ_CHECK(response.status >= 200 && response.status <= 299);
  OAUTH2CC_FUZZ_CHECK(body.is_object() && body.contains("access_token"));
  OAUTH2CC_FUZZ_CHECK(token.value == body["access_token"].get<std::string>());
  // Safe after "Bearer ": RFC 6750 b64token, and (checked independently) no
  // CR, LF, space, control or non-ASCII byte.
  OAUTH2CC_FUZZ_CHECK(oauth2cc::detail::is_b64token(token.value));
  OAUTH2CC_FUZZ_CHECK(oauth2cc_fuzz::is_printable_ascii(token.value));
  OAUTH2CC_FUZZ_CHECK(token.value.find(' ') == std::string::npos);
  OAUTH2CC_FUZZ_CHECK(token.type == "Bearer");
  // A lifetime of at least a moment and at most ten years, counted from the request.
  OAUTH2CC_FUZZ_CHECK(token.issued_at == sent_at.steady);
  OAUTH2CC_FUZZ_CHECK(token.expires_at > token.issued_at);
  OAUTH2CC_FUZZ_CHECK(token.lifetime() <= oauth2cc::detail::max_token_lifetime);
  for (const auto& [key, value] : token.extra) {
    OAUTH2CC_FUZZ_CHECK(key != "access_token" && key != "token_type" && key != "scope" && key != "expires_in");
    OAUTH2CC_FUZZ_CHECK(!value.empty());
  }
}

void check_failure(const oauth2cc::Result<oauth2cc::Token>& result, const oauth2cc::HttpResponse& response,
                   const nlohmann::json& body) {
  const std::string& message = result.message();
  OAUTH2CC_FUZZ_CHECK(result.error().category() == oauth2cc::oauth2cc_category());
  OAUTH2CC_FUZZ_CHECK(result.error().value() != 0);
  OAUTH2CC_FUZZ_CHECK(!message.empty() && message.size() < 2048);
  OAUTH2CC_FUZZ_CHECK(oauth2cc_fuzz::is_printable_ascii(message));
  OAUTH2CC_FUZZ_CHECK(!contains(message, oauth2cc_fuzz::fuzzed_secret));
  OAUTH2CC_FUZZ_CHECK(!contains(message, oauth2cc::detail::form_encode(oauth2cc_fuzz::fuzzed_secret)));

  // The access token must not reach a message. It may be there for another
  // reason (the same text in error_description, or in the message's own
  // words), so when it is, parse again with a different token of the same
  // shape: if the message then loses the original text, the token put it there.
  if (!body.is_object()) return;
  const auto access_token = body.find("access_token");
  if (access_token == body.end() || !access_token->is_string()) return;
  const std::string& value = access_token->get_ref<const std::string&>();
  if (!contains(message, value) || oauth2cc_fuzz::rotated(value) == value) return;
  if (oauth2cc_fuzz::json_depth(body) > oauth2cc_fuzz::max_compared_depth) return;
  nlohmann::json changed = body;
  changed["access_token"] = oauth2cc_fuzz::rotated(value);
  oauth2cc::HttpResponse again = response;
  again.body = changed.dump();
  const auto second = parse(again);
  if (second || second.error() != result.error()) return;  // another path, nothing to compare
  OAUTH2CC_FUZZ_CHECK(contains(second.message(), value));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const oauth2cc::HttpResponse response = oauth2cc_fuzz::response_from(data, size);
  const auto result = parse(response);
  const nlohmann::json body = nlohmann::json::parse(response.body, nullptr, /*allow_exceptions=*/false);
  if (result) {
    check_token(*result, response, body);
  } else {
    check_failure(result, response, body);
  }
  return 0;
}
