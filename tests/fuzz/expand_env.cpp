// Fuzzes the collector's environment references (expand_env and
// expand_env_references): ${env:NAME}, ${NAME}, ${NAME:-default}
// and "$$". The harness sets a few variables, one of them a secret that no
// message may ever show.

#include <stdlib.h>  // setenv, unsetenv

#include <cstddef>      // size_t
#include <cstdint>      // uint8_t
#include <string>       // string
#include <string_view>  // string_view

#include <oauth2cc/config/expand_env.hpp>
#include <oauth2cc/error.hpp>

#include "invariants.hpp"

namespace {

using oauth2cc_fuzz::contains;

constexpr char secret_value[] = "env-secret-Value-42";

bool set_environment() {
  ::setenv("X", "x-value", 1);
  ::setenv("MLFLOW_CLIENT_ID", "exporter", 1);
  ::setenv("OAUTH2CC_FUZZ_SECRET", secret_value, 1);
  ::setenv("OAUTH2CC_FUZZ_EMPTY", "", 1);
  // A value that looks like a reference: inserted as it is, never expanded again.
  ::setenv("OAUTH2CC_FUZZ_NESTED", "${OAUTH2CC_FUZZ_SECRET}$$", 1);
  ::unsetenv("OAUTH2CC_FUZZ_UNSET");
  return true;
}

// "$" doubled everywhere: the text a user writes to mean `text` literally.
std::string escaped(std::string_view text) {
  std::string out;
  for (const char c : text) {
    out += c;
    if (c == '$') out += '$';
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const bool environment_ready = set_environment();
  OAUTH2CC_FUZZ_CHECK(environment_ready);
  const std::string_view text = oauth2cc_fuzz::as_text(data, size);

  const auto expansion = oauth2cc::expand_env_references(text);
  const auto expanded = oauth2cc::expand_env(text);
  OAUTH2CC_FUZZ_CHECK(expanded.has_value() == expansion.has_value());

  if (expansion) {
    OAUTH2CC_FUZZ_CHECK(*expanded == expansion->text);
    for (const auto& name : expansion->variables) OAUTH2CC_FUZZ_CHECK(oauth2cc::is_env_name(name));
    // Nothing to expand, nothing changed.
    if (text.find('$') == std::string_view::npos) {
      OAUTH2CC_FUZZ_CHECK(expansion->text == text && expansion->variables.empty());
    }
    // The secret's variable is read only when the text names it: the value of
    // OAUTH2CC_FUZZ_NESTED, which refers to it, is not expanded again. (The
    // text may spell the secret's value out in pieces, so the check is that
    // changing the variable changes nothing.)
    if (!contains(text, "OAUTH2CC_FUZZ_SECRET")) {
      ::setenv("OAUTH2CC_FUZZ_SECRET", "another-value", 1);
      const auto again = oauth2cc::expand_env(text);
      ::setenv("OAUTH2CC_FUZZ_SECRET", secret_value, 1);
      OAUTH2CC_FUZZ_CHECK(again.has_value() && *again == expansion->text);
    }
  } else {
    const auto code = expansion.error();
    OAUTH2CC_FUZZ_CHECK(code == expanded.error() && expansion.message() == expanded.message());
    OAUTH2CC_FUZZ_CHECK(code == oauth2cc::make_error_code(oauth2cc::errc::invalid_configuration) ||
                        code == oauth2cc::make_error_code(oauth2cc::errc::environment_variable_unset));
    // Messages name variables and positions, never values or the text itself.
    OAUTH2CC_FUZZ_CHECK(!expansion.message().empty());
    OAUTH2CC_FUZZ_CHECK(oauth2cc_fuzz::is_printable_ascii(expansion.message()));
    OAUTH2CC_FUZZ_CHECK(!contains(expansion.message(), secret_value));
  }

  // Every text survives a round trip through its escaped spelling.
  const auto literal = oauth2cc::expand_env(escaped(text));
  OAUTH2CC_FUZZ_CHECK(literal.has_value() && *literal == text);
  return 0;
}
