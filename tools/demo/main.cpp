// oauth2cc-demo: an OTLP/HTTP exporter authenticating with oauth2cc against a
// token endpoint and a protected receiver that all run in this process on
// 127.0.0.1, or against a real IdP (--config) and backend (--endpoint).
// See --help, and README.md's "Demo" section.

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <exception>
#include <iostream>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include <oauth2cc/oauth2cc.hpp>
#include <oauth2cc/authenticator_from_config.hpp>
#include <oauth2cc/config.hpp>

#include "config_authenticator.hpp"
#include "hs256_signer.hpp"
#include "options.hpp"
#include "otlp_batch.hpp"
#include "otlp_http_exporter.hpp"
#include "random.hpp"
#include "report.hpp"
#include "token_endpoint.hpp"
#include "trace_receiver.hpp"

namespace {

using namespace oauth2cc_demo;

constexpr const char* demo_client_id = "oauth2cc-demo";
constexpr const char* demo_audience = "urn:oauth2cc-demo:traces";
constexpr const char* secret_variable = "OAUTH2CC_DEMO_CLIENT_SECRET";

// The embedded client's secret: the variable's value when set (so another
// process can use the client), else random for this run.
oauth2cc::Secret demo_client_secret() {
  const char* value = std::getenv(secret_variable);
  return value != nullptr && *value != '\0' ? oauth2cc::Secret(value) : oauth2cc::Secret(random_hex(16));
}

TokenEndpointSettings endpoint_settings(const DemoOptions& options, oauth2cc::Secret secret) {
  return {demo_client_id, std::move(secret), demo_audience, options.token_lifetime};
}

int serve_only(const DemoOptions& options) {
  const char* secret = std::getenv(secret_variable);
  if (secret == nullptr || *secret == '\0') {
    throw std::invalid_argument(std::string("--serve-only: set ") + secret_variable +
                                " to the client secret the token endpoint should accept");
  }
  const Hs256Signer signer;
  const TraceReceiver receiver(signer, {demo_audience, options.revoke_at.value_or(0)});
  const TokenEndpoint idp(signer, endpoint_settings(options, secret));
  std::cout << nlohmann::json{{"token_url", idp.url()}, {"traces_url", receiver.url()}, {"client_id", demo_client_id}}
                   .dump()
            << std::endl;

  for (std::string line; std::getline(std::cin, line);) {
  }
  const TraceReceiverCounts counts = receiver.counts();
  std::cout << nlohmann::json{{"tokens_issued", idp.tokens_issued()},
                              {"requests", counts.requests},
                              {"accepted", counts.accepted},
                              {"rejected", counts.rejected},
                              {"spans", counts.spans}}
                   .dump()
            << std::endl;
  return 0;
}

int run(const DemoOptions& options) {
  using Auth = oauth2cc::Authenticator<oauth2cc::ClientCredentials>;
  const Hs256Signer signer;
  std::unique_ptr<TokenEndpoint> idp;
  std::unique_ptr<TraceReceiver> receiver;

  std::cout << "oauth2cc-demo: " << options.batches << " batches of " << options.spans_per_batch << " spans, one every "
            << format_duration(options.interval) << "\n";

  std::optional<oauth2cc::AnyAuthenticator> auth;
  if (!options.config_file.empty()) {
    ConfiguredAuthenticator configured = authenticator_from_config_file(options.config_file, options.extension);
    auth = std::move(configured.auth);
    std::cout << "token endpoint: " << configured.token_url << " (from " << options.config_file << ")\n";
  } else {
    oauth2cc::Secret secret = demo_client_secret();
    idp = std::make_unique<TokenEndpoint>(signer, endpoint_settings(options, secret));
    auth = oauth2cc::AnyAuthenticator::make<Auth>(
        oauth2cc::ClientCredentials(idp->url(), demo_client_id, std::move(secret)));
    std::cout << "token endpoint: " << idp->url() << " (in this process; client " << demo_client_id
              << ", client_secret_basic; HS256 JWTs living "
              << format_duration(std::chrono::duration_cast<std::chrono::milliseconds>(options.token_lifetime))
              << ")\n";
  }

  std::string traces_url = options.endpoint;
  if (traces_url.empty()) {
    const std::uint64_t revoke_at = options.revoke_at.value_or(static_cast<std::uint64_t>((options.batches + 1) / 2));
    receiver = std::make_unique<TraceReceiver>(signer, TraceReceiverSettings{demo_audience, revoke_at});
    traces_url = receiver->url();
    std::cout << "receiver: " << traces_url << " (in this process; verifies signature, exp and aud"
              << (revoke_at > 0 ? "; revokes the token of request " + std::to_string(revoke_at) : std::string())
              << ")\n";
  } else {
    std::cout << "receiver: " << traces_url << "\n";
  }

  OtlpHttpExporter exporter(*auth, traces_url);
  int sent = 0;
  int accepted = 0;
  int recovered = 0;
  const auto start = std::chrono::steady_clock::now();
  for (int batch = 1; batch <= options.batches; ++batch) {
    if (batch > 1) std::this_thread::sleep_until(start + (batch - 1) * options.interval);
    const ExportOutcome outcome = exporter.export_batch(otlp_trace_batch(batch, options.spans_per_batch));
    sent += outcome.status != 0 ? 1 : 0;
    accepted += outcome.accepted() ? 1 : 0;
    recovered += outcome.recovered ? 1 : 0;
    std::cout << batch_line(batch, options.batches, options.spans_per_batch, outcome) << std::endl;
  }

  bool counts_agree = true;
  std::cout << "\nsummary:\n"
            << "  batches sent: " << sent << ", accepted: " << accepted << "\n";
  if (receiver) {
    const TraceReceiverCounts counts = receiver->counts();
    std::cout << "  spans sent: " << sent * options.spans_per_batch << ", received: " << counts.spans
              << "\n";
  }
  const std::uint64_t fetched = auth->stats().fetches;
  std::cout << "  tokens fetched: " << fetched << " (oauth2cc AuthenticatorStats)";
  if (idp) {
    const std::uint64_t issued = idp->tokens_issued();
    counts_agree = fetched == issued;
    std::cout << ", " << issued << " (token endpoint)" << (counts_agree ? "" : " -- they disagree");
  }
  std::cout << "\n";
  std::cout << "  401s recovered: " << recovered << "\n"
            << "  header() latency: " << latency_summary(exporter.header_latencies()) << "\n";
  return accepted == options.batches && counts_agree ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  DemoOptions options;
  try {
    options = parse_options(std::vector<std::string_view>(argv + 1, argv + argc));
  } catch (const std::invalid_argument& e) {
    std::cerr << "oauth2cc-demo: " << e.what() << "\n";
    return 2;
  }
  if (options.help) {
    std::cout << demo_usage;
    return 0;
  }
  try {
    return options.serve_only ? serve_only(options) : run(options);
  } catch (const std::exception& e) {
    std::cerr << "oauth2cc-demo: " << e.what() << "\n";
    return 1;
  }
}
