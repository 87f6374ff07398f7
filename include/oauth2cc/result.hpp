#pragma once

#include <string>   // string
#include <utility>  // move
#include <variant>  // variant, get_if

#include <oauth2cc/error.hpp>

namespace oauth2cc {

// A value or the Failure that prevented it; the non-throwing API returns it.
// value() throws oauth2cc::Error when there is no value.
template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::move(value)) {}  // NOLINT(google-explicit-constructor)
  Result(Failure failure) : state_(std::move(failure)) {}  // NOLINT(google-explicit-constructor)
  Result(errc code, std::string message) : state_(Failure{make_error_code(code), std::move(message)}) {}

  explicit operator bool() const noexcept { return has_value(); }
  bool has_value() const noexcept { return state_.index() == 0; }

  T& value() & { return checked(); }
  const T& value() const& { return const_cast<Result*>(this)->checked(); }
  T&& value() && { return std::move(checked()); }

  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  // The error code; empty (false) when there is a value.
  std::error_code error() const noexcept {
    const Failure* failure = std::get_if<Failure>(&state_);
    return failure != nullptr ? failure->code : std::error_code{};
  }

  // The message naming cause and fix; empty when there is a value.
  const std::string& message() const noexcept {
    static const std::string none;
    const Failure* failure = std::get_if<Failure>(&state_);
    return failure != nullptr ? failure->message : none;
  }

  // Precondition: !has_value().
  const Failure& failure() const& { return std::get<Failure>(state_); }
  Failure&& failure() && { return std::get<Failure>(std::move(state_)); }

 private:
  T& checked() {
    if (Failure* failure = std::get_if<Failure>(&state_)) throw Error(*failure);
    return std::get<T>(state_);
  }

  std::variant<T, Failure> state_;
};

}  // namespace oauth2cc
