#include "trace_receiver.hpp"

#include <algorithm>
#include <chrono>
#include <optional>
#include <utility>

namespace oauth2cc_demo {
namespace {

// OTLP/HTTP answers errors with a google.rpc.Status; 16 is UNAUTHENTICATED,
// 3 INVALID_ARGUMENT.
void status_error(httplib::Response& response, int http_status, int rpc_code, const std::string& message) {
  response.status = http_status;
  response.set_content(nlohmann::json{{"code", rpc_code}, {"message", message}}.dump(), "application/json");
}

// RFC 6750 §3.1: a request without a token gets no error code; a bad token
// gets invalid_token.
void unauthorized(httplib::Response& response, const std::string& problem, bool had_token) {
  response.set_header("WWW-Authenticate",
                      had_token ? R"(Bearer realm="oauth2cc-demo", error="invalid_token", error_description=")" +
                                      problem + "\""
                                : std::string(R"(Bearer realm="oauth2cc-demo")"));
  status_error(response, 401, 16, problem);
}

// The spans in an OTLP JSON ExportTraceServiceRequest; nullopt when the body
// is not that shape. Only resourceSpans is required: encoders omit empty lists.
std::optional<std::uint64_t> count_spans(const nlohmann::json& request) {
  static const nlohmann::json none = nlohmann::json::array();
  // The array `name` of `object`, `none` when absent, nullptr when malformed.
  const auto list = [](const nlohmann::json& object, const char* name, bool required) -> const nlohmann::json* {
    if (!object.is_object()) return nullptr;
    const auto member = object.find(name);
    if (member == object.end()) return required ? nullptr : &none;
    return member->is_array() ? &*member : nullptr;
  };
  const nlohmann::json* resources = list(request, "resourceSpans", true);
  if (resources == nullptr) return std::nullopt;
  std::uint64_t spans = 0;
  for (const auto& resource : *resources) {
    const nlohmann::json* scopes = list(resource, "scopeSpans", false);
    if (scopes == nullptr) return std::nullopt;
    for (const auto& scope : *scopes) {
      const nlohmann::json* scope_spans = list(scope, "spans", false);
      if (scope_spans == nullptr) return std::nullopt;
      spans += scope_spans->size();
    }
  }
  return spans;
}

// RFC 7519 §4.1.3: `aud` is one string or an array of them.
bool addressed_to(const nlohmann::json& claims, const std::string& audience) {
  const auto aud = claims.find("aud");
  if (aud == claims.end()) return false;
  if (aud->is_string()) return *aud == audience;
  return aud->is_array() && std::find(aud->begin(), aud->end(), audience) != aud->end();
}

}  // namespace

TraceReceiver::TraceReceiver(const Hs256Signer& signer, TraceReceiverSettings settings)
    : signer_(signer), settings_(std::move(settings)) {
  server_.http().Post("/v1/traces", [this](const httplib::Request& request, httplib::Response& response) {
    handle(request, response);
  });
  server_.start();
}

TraceReceiverCounts TraceReceiver::counts() const {
  const std::lock_guard lock(mutex_);
  return counts_;
}

std::string TraceReceiver::token_problem(const std::string& token, std::uint64_t request_number) {
  const auto claims = signer_.verify(token);
  if (!claims) return "the token is not signed by the demo's token endpoint";
  const auto now = std::chrono::duration_cast<std::chrono::seconds>(
      std::chrono::system_clock::now().time_since_epoch());
  const auto exp = claims->find("exp");
  if (exp == claims->end() || !exp->is_number_integer()) return "the token has no exp claim";
  if (now.count() >= exp->get<std::int64_t>()) return "the token has expired";
  if (!addressed_to(*claims, settings_.audience)) return "the token is meant for another audience";
  const auto jti_claim = claims->find("jti");
  const std::string jti = jti_claim != claims->end() && jti_claim->is_string() ? jti_claim->get<std::string>() : "";
  const std::lock_guard lock(mutex_);
  if (request_number == settings_.revoke_at_request) revoked_.insert(jti);
  if (revoked_.count(jti) != 0) return "the token has been revoked";
  return {};
}

void TraceReceiver::handle(const httplib::Request& request, httplib::Response& response) {
  std::uint64_t request_number = 0;
  {
    const std::lock_guard lock(mutex_);
    request_number = ++counts_.requests;
  }
  const auto reject = [&](const std::string& problem, bool had_token) {
    {
      const std::lock_guard lock(mutex_);
      ++counts_.rejected;
    }
    unauthorized(response, problem, had_token);
  };

  const std::string authorization = request.get_header_value("Authorization");
  if (authorization.rfind("Bearer ", 0) != 0) return reject("a bearer token is required", false);
  if (const std::string problem = token_problem(authorization.substr(7), request_number); !problem.empty()) {
    return reject(problem, true);
  }

  // Authorised: now the body must be OTLP JSON.
  const std::string content_type = request.get_header_value("Content-Type");
  if (content_type.rfind("application/json", 0) != 0) {
    return status_error(response, 415, 3, "send OTLP JSON with Content-Type: application/json");
  }
  const auto spans = count_spans(nlohmann::json::parse(request.body, nullptr, false));
  if (!spans) return status_error(response, 400, 3, R"(the body is not OTLP JSON ({"resourceSpans":[...]}))");
  {
    const std::lock_guard lock(mutex_);
    ++counts_.accepted;
    counts_.spans += *spans;
  }
  response.set_content(R"({"partialSuccess":{}})", "application/json");
}

}  // namespace oauth2cc_demo
