#pragma once

// OTLP JSON trace batches, built by hand: what an exporter would send.

#include <string>

namespace oauth2cc_demo {

// An ExportTraceServiceRequest holding one trace of `spans` spans (a root
// span and its children) with fresh random trace and span ids.
std::string otlp_trace_batch(int batch_number, int spans);

}  // namespace oauth2cc_demo
