#include "check_report.hpp"

#include <string>

namespace oauth2cc::cli {

void CheckReport::step(std::string_view status, std::string_view step, std::string_view text) {
  console_.line(std::string(status) + "  " + std::string(step) + ": " + std::string(text));
}

void CheckReport::pass(std::string_view name, std::string_view result) {
  ++passes_;
  step("PASS", name, result);
}

void CheckReport::fail(std::string_view name, std::string_view problem, std::string_view fix, ExitCode code) {
  if (failures_++ == 0) first_failure_ = code;
  step("FAIL", name, problem);
  if (!fix.empty()) this->fix(fix);
}

void CheckReport::fix(std::string_view text) { detail("fix: " + std::string(text)); }

void CheckReport::skip(std::string_view name, std::string_view reason) {
  ++skips_;
  step("SKIP", name, reason);
}

void CheckReport::detail(std::string_view text) { console_.line("      " + std::string(text)); }

void CheckReport::summary() {
  console_.line("summary: " + std::to_string(passes_) + " PASS, " + std::to_string(failures_) + " FAIL, " +
                std::to_string(skips_) + " SKIP");
}

}  // namespace oauth2cc::cli
