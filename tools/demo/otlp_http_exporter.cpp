#include "otlp_http_exporter.hpp"

#include <httplib.h>

#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

#include <oauth2cc/url.hpp>

namespace oauth2cc_demo {

OtlpHttpExporter::OtlpHttpExporter(oauth2cc::AnyAuthenticator auth, const std::string& traces_url)
    : auth_(std::move(auth)) {
  const auto url = oauth2cc::parse_url(traces_url);
  if (!url) throw std::invalid_argument("the traces endpoint " + traces_url + " is not an http:// or https:// URL");
  path_ = url->target;
  const std::string host = url->host.find(':') != std::string::npos ? "[" + url->host + "]" : url->host;
  client_ = std::make_unique<httplib::Client>((url->https ? "https://" : "http://") + host + ":" +
                                              std::to_string(url->port));
  client_->set_keep_alive(true);
  client_->set_tcp_nodelay(true);  // else each request on the kept-alive connection waits ~40 ms for an ACK
  client_->set_connection_timeout(std::chrono::seconds(5));
  client_->set_read_timeout(std::chrono::seconds(10));
}

OtlpHttpExporter::~OtlpHttpExporter() = default;

OtlpHttpExporter::Attempt OtlpHttpExporter::send(const std::string& otlp_json) {
  Attempt attempt;
  const auto before = std::chrono::steady_clock::now();
  const oauth2cc::Result<std::string_view> header = auth_.try_header();
  header_latencies_.push_back(std::chrono::steady_clock::now() - before);
  if (!header) {
    attempt.problem = "no token: " + header.message();  // oauth2cc's messages never hold secrets or tokens
    return attempt;
  }
  attempt.token = std::string(header->substr(header->find(' ') + 1));
  const auto response =
      client_->Post(path_.c_str(), {{"Authorization", std::string(*header)}}, otlp_json, "application/json");
  if (!response) {
    attempt.problem = "POST " + path_ + " failed: " + httplib::to_string(response.error());
    return attempt;
  }
  attempt.status = response->status;
  return attempt;
}

bool OtlpHttpExporter::note_token(const std::string& token) {
  if (token.empty() || token == last_token_) return false;
  last_token_ = token;
  ++token_number_;
  return true;
}

ExportOutcome OtlpHttpExporter::export_batch(const std::string& otlp_json) {
  ExportOutcome outcome;
  Attempt attempt = send(otlp_json);
  outcome.new_token = note_token(attempt.token);
  if (attempt.status == 401) {
    // Drops the token only if it is still the current one; then one retry.
    auth_.invalidate(attempt.token);
    attempt = send(otlp_json);
    outcome.new_token = note_token(attempt.token) || outcome.new_token;
    outcome.retried = true;
  }
  outcome.status = attempt.status;
  outcome.recovered = outcome.retried && outcome.accepted();
  outcome.problem = std::move(attempt.problem);
  outcome.token_number = token_number_;
  return outcome;
}

}  // namespace oauth2cc_demo
