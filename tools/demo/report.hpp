#pragma once

// The demo's output lines.

#include <chrono>
#include <string>
#include <vector>

#include "otlp_http_exporter.hpp"

namespace oauth2cc_demo {

// "batch  6/20: 5 spans, HTTP 401 -> invalidated, retried -> HTTP 200, token #4 (new), 401 recovered"
std::string batch_line(int batch, int batches, int spans, const ExportOutcome& outcome);

// "p50 0.3 µs, p99 1.42 ms over 21 calls" (nearest-rank percentiles).
std::string latency_summary(std::vector<std::chrono::nanoseconds> latencies);

// "250ms", "4s"
std::string format_duration(std::chrono::milliseconds duration);

}  // namespace oauth2cc_demo
