// One OTLP JSON trace batch for the exporter examples: a single span, in the
// JSON encoding OTLP/HTTP receivers accept (Content-Type: application/json).
#pragma once

#include <chrono>
#include <random>
#include <string>

#include <nlohmann/json.hpp>

inline std::string random_hex_id(std::size_t bytes) {
  static thread_local std::mt19937_64 random{std::random_device{}()};
  static constexpr char digits[] = "0123456789abcdef";
  std::string id;
  for (std::size_t i = 0; i < 2 * bytes; ++i) id += digits[random() % 16];
  return id;
}

inline std::string otlp_example_batch(const std::string& service_name) {
  using namespace std::chrono;
  const auto end = duration_cast<nanoseconds>(system_clock::now().time_since_epoch());
  const auto start = end - milliseconds(5);
  const nlohmann::json span{{"traceId", random_hex_id(16)},
                            {"spanId", random_hex_id(8)},
                            {"name", "export"},
                            {"kind", 1},  // INTERNAL
                            {"startTimeUnixNano", std::to_string(start.count())},
                            {"endTimeUnixNano", std::to_string(end.count())}};
  const nlohmann::json resource{{"attributes", {{{"key", "service.name"}, {"value", {{"stringValue", service_name}}}}}}};
  return nlohmann::json{{"resourceSpans", {{{"resource", resource}, {"scopeSpans", {{{"spans", {span}}}}}}}}}.dump();
}
