#pragma once

// An OTLP/HTTP trace exporter that authenticates with oauth2cc: header()
// before each POST, and on 401 invalidate(the rejected token) and one retry.

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include <oauth2cc/any_authenticator.hpp>

namespace httplib {
class Client;
}

namespace oauth2cc_demo {

struct ExportOutcome {
  int status = 0;             // the final HTTP status; 0 when nothing could be sent
  std::string problem;        // why not, when status is 0 (never holds a token)
  bool retried = false;       // the first attempt got 401, so a second was made
  bool recovered = false;     // ... and the second was accepted
  int token_number = 0;       // which token (1, 2, …, in order of first use) was sent last
  bool new_token = false;     // this batch used a token no earlier batch used

  bool accepted() const noexcept { return status >= 200 && status < 300; }
};

class OtlpHttpExporter {
 public:
  // `traces_url`: http(s)://host:port/v1/traces. Throws std::invalid_argument otherwise.
  OtlpHttpExporter(oauth2cc::AnyAuthenticator auth, const std::string& traces_url);
  OtlpHttpExporter(const OtlpHttpExporter&) = delete;
  OtlpHttpExporter& operator=(const OtlpHttpExporter&) = delete;
  ~OtlpHttpExporter();

  ExportOutcome export_batch(const std::string& otlp_json);

  // How long each header() call took, in call order.
  const std::vector<std::chrono::nanoseconds>& header_latencies() const noexcept { return header_latencies_; }

 private:
  struct Attempt {
    int status = 0;
    std::string token;
    std::string problem;
  };
  Attempt send(const std::string& otlp_json);
  bool note_token(const std::string& token);  // true when first seen

  oauth2cc::AnyAuthenticator auth_;
  std::string path_;
  std::unique_ptr<httplib::Client> client_;
  std::vector<std::chrono::nanoseconds> header_latencies_;
  std::string last_token_;  // compared, never printed
  int token_number_ = 0;
};

}  // namespace oauth2cc_demo
