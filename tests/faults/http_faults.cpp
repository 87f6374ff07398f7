// The fault matrix over plain HTTP: a token endpoint that is slow, silent,
// failing, rate-limited, or answers with something that is not a usable
// token. Each case: the expected code, nothing leaked (fault_case.hpp), no
// hang (a 500 ms timeout), and the same client recovers once the server
// behaves.

#include <doctest/doctest.h>

#include <oauth2cc/detail/http/form_encode.hpp>
#include <oauth2cc/error.hpp>
#include <oauth2cc/source/client_credentials.hpp>

#include <chrono>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "fault_case.hpp"
#include "fault_server.hpp"

using oauth2cc::AuthMethod;
using oauth2cc::errc;
using oauth2cc_test::Behaviour;
using oauth2cc_test::answer;
using oauth2cc_test::FaultServer;
using namespace oauth2cc_test::faults;

namespace http_faults_test {

namespace {

Behaviour json(std::string body) { return answer(200, "OK", "application/json", std::move(body)); }

std::string token_json(const std::string& token) {
  return R"({"access_token":")" + token + R"(","token_type":"Bearer","expires_in":3600})";
}

// A good token response, after `delay`.
Behaviour good(std::string_view name, std::chrono::milliseconds delay = {}) {
  Behaviour behaviour = json(token_json(served_token(name)));
  behaviour.delay = delay;
  return behaviour;
}

Behaviour of_kind(Behaviour::Kind kind) {
  Behaviour behaviour = good("never-delivered");
  behaviour.kind = kind;
  return behaviour;
}

// A persistent fault: both APIs fail with `expected`, then a good answer recovers.
void persistent(Behaviour fault, errc expected, std::string_view recovered) {
  FaultServer server;
  server.always(std::move(fault));
  FaultClient client(server.url());
  client.keeps_failing_with(expected);
  CHECK(server.requests() >= 1);  // the request reached the server: the fault was met, not a refused connection
  server.always(good(recovered));
  client.recovers_with(served_token(recovered));
}

}  // namespace

FAULT_CASE("slow answer: timeout, and an answer within the timeout succeeds") {
  FaultServer server;
  server.always(good("too-late", fault_timeout * 3));
  FaultClient client(server.url());
  client.fails_with(errc::timeout);
  server.always(good("in-time", fault_timeout / 10));
  client.recovers_with(served_token("in-time"));
  CHECK(server.requests() == 2);
}

FAULT_CASE("server accepts and never answers: timeout, then recovers") {
  persistent(of_kind(Behaviour::Kind::hang), errc::timeout, "after-hang");
}

FAULT_CASE("500 with an HTML page: http_error, then recovers") {
  persistent(answer(500, "Internal Server Error", "text/html",
                    "<html><body><h1>500</h1><p>" + canary + "</p></body></html>"),
             errc::http_error, "after-500");
}

FAULT_CASE("500 with an OAuth error echoing the request: server_error with the secret redacted, then recovers") {
  for (const AuthMethod method : {AuthMethod::client_secret_basic, AuthMethod::client_secret_post}) {
    CAPTURE(oauth2cc::to_string(method));
    FaultServer server;
    server.always(answer(500, "Internal Server Error", "application/json",
                         R"({"error":"server_error","error_description":"echo: )" +
                             std::string(Behaviour::echo_authorization) + " " + std::string(Behaviour::echo_form) +
                             R"(","trace":")" + canary + R"("})"));
    FaultClient client(server.url(), oauth2cc::HttplibTransport{}, method);
    client.keeps_failing_with(errc::server_error);
    // The secret really went out, so the redaction above was put to work.
    REQUIRE(server.requests() >= 1);
    const auto request = server.received().front();
    if (method == AuthMethod::client_secret_post) {
      CHECK(request.body.find(oauth2cc::detail::form_encode(client_secret)) != std::string::npos);
    } else {
      CHECK(request.header("Authorization").rfind("Basic ", 0) == 0);
    }
    server.always(good("after-echo"));
    client.recovers_with(served_token("after-echo"));
  }
}

FAULT_CASE("503 then ok: http_error once, and the next call succeeds") {
  FaultServer server;
  server.next(answer(503, "Service Unavailable", "text/plain", "upstream unavailable " + canary));
  server.always(good("after-503"));
  FaultClient client(server.url());
  client.fails_with(errc::http_error);
  client.recovers_with(served_token("after-503"));
  CHECK(server.requests() == 2);
}

FAULT_CASE("429 with Retry-After: temporarily_unavailable once, and the next call succeeds") {
  FaultServer server;
  Behaviour limited = answer(429, "Too Many Requests", "application/json",
                             R"({"error":"temporarily_unavailable","error_description":"slow down","trace":")" +
                                 canary + R"("})");
  limited.headers.emplace_back("Retry-After", "1");
  server.next(std::move(limited));
  server.always(good("after-429"));
  FaultClient client(server.url());
  client.fails_with(errc::temporarily_unavailable);
  client.recovers_with(served_token("after-429"));
  CHECK(server.requests() == 2);
}

FAULT_CASE("truncated JSON in a complete response: malformed_response, then recovers") {
  persistent(json(R"({"trace":")" + canary + R"(","access_token":")" + served_token("cut") + R"(","token_ty)"),
             errc::malformed_response, "after-truncated-json");
}

FAULT_CASE("body shorter than its Content-Length, then the connection closes: connection_failed, then recovers") {
  Behaviour cut = json(R"({"trace":")" + canary + R"(","access_token":")" + served_token("short") + R"("})");
  cut.kind = Behaviour::Kind::truncate;
  persistent(std::move(cut), errc::connection_failed, "after-short-body");
}

FAULT_CASE("HTML login page with status 200: malformed_response, then recovers") {
  persistent(answer(200, "OK", "text/html", "<html><form action=/login>" + canary + "</form></html>"),
             errc::malformed_response, "after-html");
}

FAULT_CASE("10 MB body with and without Content-Length: response_too_large, then recovers") {
  for (const bool announced : {true, false}) {
    CAPTURE(announced);
    Behaviour huge = json(R"({"trace":")" + canary + R"(","pad":")" + std::string(10u << 20, 'x') + R"("})");
    huge.announce_length = announced;
    persistent(std::move(huge), errc::response_too_large, announced ? "after-10mb" : "after-10mb-unannounced");
  }
}

FAULT_CASE("no access_token: missing_access_token, then recovers") {
  persistent(json(R"({"token_type":"Bearer","expires_in":3600,"trace":")" + canary + R"("})"),
             errc::missing_access_token, "after-missing");
}

FAULT_CASE("expires_in as an object: invalid_expires_in, then recovers") {
  persistent(json(R"({"access_token":")" + served_token("typed-expires") +
                  R"(","token_type":"Bearer","expires_in":{"trace":")" + canary + R"("}})"),
             errc::invalid_expires_in, "after-expires-object");
}

FAULT_CASE("access_token as a number: missing_access_token, then recovers") {
  persistent(json(R"({"access_token":)" + numeric_token + R"(,"token_type":"Bearer","expires_in":3600,"trace":")" +
                  canary + R"("})"),
             errc::missing_access_token, "after-numeric");
}

FAULT_CASE("CR LF in the token: invalid_token_characters, then recovers") {
  // JSON escapes: the parsed token holds a real CR LF and a header after it.
  persistent(json(token_json(served_token("crlf") + R"(\r\nX-Injected: )" + canary)),
             errc::invalid_token_characters, "after-crlf");
}

FAULT_CASE("empty token: missing_access_token, then recovers") {
  persistent(json(R"({"access_token":"","token_type":"Bearer","expires_in":3600,"trace":")" + canary + R"("})"),
             errc::missing_access_token, "after-empty");
}

FAULT_CASE("connection reset after the request: connection_failed, then recovers") {
  persistent(of_kind(Behaviour::Kind::reset), errc::connection_failed, "after-reset");
}

}  // namespace http_faults_test
