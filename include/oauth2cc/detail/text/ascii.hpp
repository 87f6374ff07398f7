#pragma once

#include <cstddef>      // size_t
#include <string>       // string
#include <string_view>  // string_view

namespace oauth2cc::detail {

constexpr bool is_ascii_digit(char c) noexcept { return c >= '0' && c <= '9'; }
constexpr bool is_ascii_letter(char c) noexcept { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }

constexpr char ascii_lower(char c) noexcept { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

constexpr bool iequals(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
  }
  return true;
}

constexpr bool is_ascii_space(char c) noexcept {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

// Drops leading and trailing ASCII white space in place: no copy is made, so
// nothing of a token is left behind in freed memory.
inline void trim_ascii_space(std::string& text) noexcept {
  std::size_t end = text.size();
  while (end > 0 && is_ascii_space(text[end - 1])) --end;
  text.resize(end);
  std::size_t begin = 0;
  while (begin < text.size() && is_ascii_space(text[begin])) ++begin;
  text.erase(0, begin);
}

// Text from a server, made safe to put in a message: printable ASCII only and
// bounded, so a hostile endpoint cannot inject lines or flood logs.
inline std::string printable(std::string_view text, std::size_t limit = 200) {
  std::string out;
  for (char c : text) {
    if (out.size() >= limit) {
      out += "...";
      break;
    }
    out += (c >= 0x20 && c < 0x7f) ? c : '?';
  }
  return out;
}

}  // namespace oauth2cc::detail
