#include "console.hpp"

#include <ostream>

#include <oauth2cc/redact.hpp>
#include <oauth2cc/source/token_client.hpp>

#include "fixes.hpp"

namespace oauth2cc::cli {

namespace {

// Scrubbing a two-character "secret" would mangle every line and protect nothing.
constexpr std::size_t shortest_scrubbed = 4;

}  // namespace

void Console::keep_out(std::string_view value) {
  if (value.size() >= shortest_scrubbed) kept_out_.emplace_back(std::string(value));
}

void Console::keep_out_client(std::string_view client_id, std::string_view secret) {
  if (secret.empty()) return;
  keep_out(secret);
  keep_out(basic_credential(client_id, secret));
}

std::string Console::scrub(std::string_view text) const {
  std::string scrubbed(text);
  for (const Secret& value : kept_out_) redact(scrubbed, value.reveal());
  return scrubbed;
}

void Console::error(std::string_view text) const { err_ << "oauth2cc: error: " << scrub(text) << '\n' << std::flush; }

void Console::warning(std::string_view text) const {
  err_ << "oauth2cc: warning: " << scrub(text) << '\n' << std::flush;
}

void Console::failure(const Failure& failure) const {
  error(failure.message.empty() ? failure.code.message() : failure.message);
  if (const std::string fix = likely_fix(failure); !fix.empty()) err_ << "oauth2cc: fix: " << scrub(fix) << '\n';
  err_ << std::flush;
}

void Console::line(std::string_view text) const { out_ << scrub(text) << '\n' << std::flush; }

void Console::token_output(std::string_view text) const { out_ << text << '\n' << std::flush; }

}  // namespace oauth2cc::cli
