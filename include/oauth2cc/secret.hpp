#pragma once

#include <cstddef>      // size_t
#include <string>       // string
#include <string_view>  // string_view
#include <utility>      // move

#if defined(__GLIBC__) || defined(__OpenBSD__) || defined(__FreeBSD__)
#include <string.h>  // explicit_bzero
#define OAUTH2CC_HAVE_EXPLICIT_BZERO 1
#endif

namespace oauth2cc {

// Overwrites every byte `text` owns, spare capacity included, then empties
// it: for tokens and credentials about to be freed. What OPENSSL_cleanse
// does, without making the core depend on OpenSSL: explicit_bzero where the C
// library has it, else stores through a volatile pointer the compiler may not
// drop.
inline void secure_wipe(std::string& text) noexcept {
  text.resize(text.capacity());  // within capacity: no allocation, and the whole buffer is in range
#if defined(OAUTH2CC_HAVE_EXPLICIT_BZERO)
  ::explicit_bzero(text.data(), text.size());
#else
  volatile char* bytes = text.data();
  for (std::size_t i = 0; i < text.size(); ++i) bytes[i] = 0;
#endif
  text.clear();
}

namespace detail {

// Wipes a string when the scope ends, however it ends.
class WipeOnExit {
 public:
  explicit WipeOnExit(std::string& text) noexcept : text_(text) {}
  WipeOnExit(const WipeOnExit&) = delete;
  WipeOnExit& operator=(const WipeOnExit&) = delete;
  ~WipeOnExit() { secure_wipe(text_); }

 private:
  std::string& text_;
};

}  // namespace detail

// Holds a credential (client secret, assertion). It has no stream or format
// operators, so it cannot end up in a log by accident, and it overwrites its
// bytes when destroyed or reassigned. Read it only where it is sent.
class Secret {
 public:
  Secret() = default;
  Secret(std::string value) : value_(std::move(value)) {}  // NOLINT(google-explicit-constructor)
  // A null pointer (say, getenv of an unset variable) is an empty secret.
  Secret(const char* value) : value_(value != nullptr ? value : "") {}  // NOLINT(google-explicit-constructor)
  Secret(const Secret&) = default;
  Secret(Secret&& other) noexcept : value_(std::move(other.value_)) { other.wipe(); }
  Secret& operator=(const Secret& other) {
    if (this != &other) {
      wipe();
      value_ = other.value_;
    }
    return *this;
  }
  Secret& operator=(Secret&& other) noexcept {
    if (this != &other) {
      wipe();
      value_ = std::move(other.value_);
      other.wipe();
    }
    return *this;
  }
  ~Secret() { wipe(); }

  // The only way to read the value: the name makes every use easy to audit.
  std::string_view reveal() const noexcept { return value_; }
  bool empty() const noexcept { return value_.empty(); }

 private:
  void wipe() noexcept { secure_wipe(value_); }

  std::string value_;
};

}  // namespace oauth2cc
