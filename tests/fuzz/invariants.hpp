#pragma once

// What every harness checks, and how it says so: a broken invariant prints
// which one and traps, which libFuzzer records as a crash and the replay
// test as a failed run.

#include <cstddef>      // size_t
#include <cstdint>      // uint8_t
#include <cstdio>       // fprintf
#include <string>       // string
#include <string_view>  // string_view
#include <utility>      // pair
#include <vector>       // vector

#include <nlohmann/json.hpp>

#define OAUTH2CC_FUZZ_CHECK(condition)                                                                \
  do {                                                                                                \
    if (!(condition)) {                                                                               \
      std::fprintf(stderr, "%s:%d: invariant broken: %s\n", __FILE__, __LINE__, #condition);          \
      __builtin_trap();                                                                               \
    }                                                                                                 \
  } while (false)

namespace oauth2cc_fuzz {

inline std::string_view as_text(const std::uint8_t* data, std::size_t size) noexcept {
  return {reinterpret_cast<const char*>(data), size};
}

inline bool contains(std::string_view haystack, std::string_view needle) noexcept {
  return !needle.empty() && haystack.find(needle) != std::string_view::npos;
}

// Printable ASCII only: nothing that could end a log line or a header.
inline bool is_printable_ascii(std::string_view text) noexcept {
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte > 0x7e) return false;
  }
  return true;
}

// No byte below 0x20 and no DEL: the characters that inject lines.
inline bool has_no_controls(std::string_view text) noexcept {
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7f) return false;
  }
  return true;
}

// Letters rotated by 13 and digits by 5: a different text of the same shape
// (same length, same character classes), for "does the message follow this
// value?" comparisons.
inline std::string rotated(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>('a' + (c - 'a' + 13) % 26);
    else if (c >= 'A' && c <= 'Z') c = static_cast<char>('A' + (c - 'A' + 13) % 26);
    else if (c >= '0' && c <= '9') c = static_cast<char>('0' + (c - '0' + 5) % 10);
  }
  return out;
}

// Nesting depth, without recursion: fuzzed documents nest thousands deep, and
// the harness must not be the one that overflows the stack.
inline std::size_t json_depth(const nlohmann::json& root) {
  std::size_t deepest = 0;
  std::vector<std::pair<const nlohmann::json*, std::size_t>> pending{{&root, 1}};
  while (!pending.empty()) {
    const auto [node, depth] = pending.back();
    pending.pop_back();
    if (depth > deepest) deepest = depth;
    if (node->is_structured()) {
      for (const auto& child : *node) pending.emplace_back(&child, depth + 1);
    }
  }
  return deepest;
}

// Whether any key or string value in the document contains `needle`, not
// counting the node `except` (the value whose leaking is being checked).
inline bool json_mentions(const nlohmann::json& root, std::string_view needle, const nlohmann::json* except) {
  std::vector<const nlohmann::json*> pending{&root};
  while (!pending.empty()) {
    const nlohmann::json* node = pending.back();
    pending.pop_back();
    if (node == except) continue;
    if (node->is_string() && contains(node->get_ref<const std::string&>(), needle)) return true;
    if (node->is_object()) {
      for (const auto& item : node->items()) {
        if (contains(item.key(), needle)) return true;
        pending.push_back(&item.value());
      }
    } else if (node->is_array()) {
      for (const auto& child : *node) pending.push_back(&child);
    }
  }
  return false;
}

// Deep enough for any real document, shallow enough for recursive dump() and ==.
inline constexpr std::size_t max_compared_depth = 256;

}  // namespace oauth2cc_fuzz
