#pragma once

#include <string>       // string
#include <string_view>  // string_view
#include <utility>      // move

namespace oauth2cc {

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
  void wipe() noexcept {
    // volatile keeps the compiler from eliding stores to memory about to be freed.
    volatile char* bytes = value_.data();
    for (std::size_t i = 0; i < value_.size(); ++i) bytes[i] = 0;
    value_.clear();
  }

  std::string value_;
};

}  // namespace oauth2cc
