#include "otlp_batch.hpp"

#include <chrono>

#include "random.hpp"

namespace oauth2cc_demo {

// Written out by hand, as a small exporter would: every value is a number, a
// hex id or a fixed name, so nothing needs JSON escaping.
std::string otlp_trace_batch(int batch_number, int spans) {
  using namespace std::chrono;
  const nanoseconds now = duration_cast<nanoseconds>(system_clock::now().time_since_epoch());
  constexpr nanoseconds span_length = milliseconds(10);
  const nanoseconds root_start = now - spans * span_length;
  const std::string trace_id = random_hex(16);
  const std::string root_id = random_hex(8);
  const std::string batch = std::to_string(batch_number);

  // OTLP JSON: ids as hex, 64-bit integers as decimal strings (protobuf JSON mapping).
  std::string json = R"({"resourceSpans":[{"resource":{"attributes":[)"
                     R"({"key":"service.name","value":{"stringValue":"oauth2cc-demo"}}]},)"
                     R"("scopeSpans":[{"scope":{"name":"oauth2cc-demo"},"spans":[)";
  for (int i = 0; i < spans; ++i) {
    const bool root = i == 0;
    const nanoseconds start = root ? root_start : root_start + (i - 1) * span_length;
    const nanoseconds end = root ? now : start + span_length;
    if (!root) json += ',';
    json += R"({"traceId":")" + trace_id + R"(","spanId":")" + (root ? root_id : random_hex(8)) + '"';
    if (!root) json += R"(,"parentSpanId":")" + root_id + '"';
    json += R"(,"name":")" + (root ? "export batch " + batch : "step " + std::to_string(i)) + '"';
    json += root ? R"(,"kind":2)" : R"(,"kind":1)";  // SERVER, INTERNAL
    json += R"(,"startTimeUnixNano":")" + std::to_string(start.count()) + R"(","endTimeUnixNano":")" +
            std::to_string(end.count()) + '"';
    json += R"(,"attributes":[{"key":"demo.batch","value":{"intValue":")" + batch + R"("}}]})";
  }
  json += "]}]}]}";
  return json;
}

}  // namespace oauth2cc_demo
