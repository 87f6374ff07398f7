#include "report.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace oauth2cc_demo {
namespace {

std::string format_latency(std::chrono::nanoseconds latency) {
  const auto ns = static_cast<double>(latency.count());
  char text[32];
  if (ns < 1e6) {
    std::snprintf(text, sizeof text, "%.1f µs", ns / 1e3);
  } else {
    std::snprintf(text, sizeof text, "%.2f ms", ns / 1e6);
  }
  return text;
}

std::string status_text(int status) { return status == 0 ? "not sent" : "HTTP " + std::to_string(status); }

}  // namespace

std::string batch_line(int batch, int batches, int spans, const ExportOutcome& outcome) {
  const int width = static_cast<int>(std::to_string(batches).size());
  char number[32];
  std::snprintf(number, sizeof number, "%*d/%d", width, batch, batches);
  std::string line = "batch " + std::string(number) + ": " + std::to_string(spans) + " spans, ";
  if (outcome.retried) line += "HTTP 401 -> invalidated, retried -> ";
  line += status_text(outcome.status);
  if (outcome.token_number > 0) {
    line += ", token #" + std::to_string(outcome.token_number) + (outcome.new_token ? " (new)" : "");
  }
  if (outcome.recovered) line += ", 401 recovered";
  if (!outcome.problem.empty()) line += ": " + outcome.problem;
  return line;
}

std::string latency_summary(std::vector<std::chrono::nanoseconds> latencies) {
  if (latencies.empty()) return "no calls";
  std::sort(latencies.begin(), latencies.end());
  const auto rank = [&](double quantile) {
    const auto index = static_cast<std::size_t>(std::ceil(quantile * static_cast<double>(latencies.size())));
    return latencies[std::max<std::size_t>(index, 1) - 1];
  };
  return "p50 " + format_latency(rank(0.50)) + ", p99 " + format_latency(rank(0.99)) + " over " +
         std::to_string(latencies.size()) + " calls";
}

std::string format_duration(std::chrono::milliseconds duration) {
  if (duration.count() % 1000 == 0) return std::to_string(duration.count() / 1000) + "s";
  return std::to_string(duration.count()) + "ms";
}

}  // namespace oauth2cc_demo
