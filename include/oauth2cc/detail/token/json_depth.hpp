#pragma once

#include <cstddef>      // size_t
#include <string_view>  // string_view

namespace oauth2cc::detail {

// The most arrays and objects oauth2cc accepts nested in a JSON text from
// outside. nlohmann's parser copes with any depth, but dump() and other
// readers recurse once per level: a 120 KB body of brackets would overflow
// the stack.
inline constexpr int max_json_depth = 64;

// Whether `text` nests arrays and objects deeper than `limit`: brackets
// counted outside strings, before parsing. Malformed text may pass; the
// parser refuses it.
constexpr bool json_nests_deeper_than(std::string_view text, int limit) noexcept {
  int depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > limit) return true;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return false;
}

}  // namespace oauth2cc::detail
