#pragma once

// The lines `oauth2cc check` prints: one PASS, FAIL or SKIP per step, with
// details and the likely fix indented under it.

#include <string_view>

#include "console.hpp"
#include "exit_code.hpp"

namespace oauth2cc::cli {

class CheckReport {
 public:
  explicit CheckReport(const Console& console) : console_(console) {}

  void pass(std::string_view step, std::string_view result);
  // `code` is what the tool exits with when this is the first failure.
  void fail(std::string_view step, std::string_view problem, std::string_view fix, ExitCode code);
  void skip(std::string_view step, std::string_view reason);
  // A further line about the step just reported.
  void detail(std::string_view text);
  // The likely fix for the step just reported, when fail() did not say it.
  void fix(std::string_view text);

  // "summary: 5 PASS, 1 FAIL, 1 SKIP"
  void summary();
  ExitCode exit_code() const noexcept { return first_failure_; }
  bool failed() const noexcept { return failures_ > 0; }

 private:
  void step(std::string_view status, std::string_view step, std::string_view text);

  const Console& console_;
  int passes_ = 0;
  int failures_ = 0;
  int skips_ = 0;
  ExitCode first_failure_ = ExitCode::success;
};

}  // namespace oauth2cc::cli
