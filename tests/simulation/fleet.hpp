#pragma once

// A deterministic discrete-event simulation of a fleet of exporters, each
// with its own real Authenticator (the shipped RefreshAhead, RetryingTransport
// with ExponentialBackoff, serve-while-valid and report_response), all asking
// one simulated IdP for tokens. No threads, no sleeps: every instance has its
// own ManualClock, moved to the time of its next event before it runs, and
// RetryingTransport's pauses advance that clock instead of sleeping. Each
// instance's MockTransport hands its requests to the IdP, which answers by
// the time on the asking instance's clock. The same seed gives the
// same run, to the request.
//
// Shared by the CTest program (tests/simulation/fleet_targets.cpp, N = 500)
// and the N = 10,000 tool (tools/simulate).

#include <algorithm>  // max, min, sort
#include <chrono>     // seconds, milliseconds, nanoseconds
#include <cstddef>    // size_t
#include <cstdint>    // uint64_t, int64_t
#include <memory>     // unique_ptr
#include <queue>      // priority_queue
#include <string>     // string, to_string
#include <utility>    // pair
#include <vector>     // vector

#include <oauth2cc/authenticator.hpp>
#include <oauth2cc/cache/refresh_ahead.hpp>
#include <oauth2cc/retry/exponential_backoff.hpp>
#include <oauth2cc/transport/retrying.hpp>
#include <oauth2cc/source/client_credentials.hpp>
#include <oauth2cc/testing.hpp>

#include "../support/clock_sleeper.hpp"

namespace oauth2cc::simulation {

using namespace std::chrono_literals;
using Seconds = std::chrono::seconds;

enum class Scenario { startup, steady, outage, rate_limited, key_rotation };

inline const char* name_of(Scenario scenario) {
  switch (scenario) {
    case Scenario::startup: return "startup";
    case Scenario::steady: return "steady";
    case Scenario::outage: return "outage";
    case Scenario::rate_limited: return "429";
    case Scenario::key_rotation: return "401-wave";
  }
  return "?";
}

// The policies under test: the shipped defaults, or the same classes with
// jitter and backoff turned off (what a naive client does).
enum class Policies { defaults, no_jitter_no_backoff };

inline const char* name_of(Policies policies) {
  return policies == Policies::defaults ? "defaults" : "no-jitter-no-backoff";
}

struct Setup {
  Scenario scenario = Scenario::steady;
  Policies policies = Policies::defaults;
  std::size_t instances = 500;
  Seconds lifetime = 300s;             // expires_in of every token
  Seconds export_interval = 10s;       // each exporter calls header() this often, +-10%
  Seconds outage_length = 300s;        // Scenario::outage
  std::uint64_t seed = 1;
  // Requests per second the IdP accepts (429 + Retry-After above it in
  // Scenario::rate_limited; the yardstick for the recovery burst elsewhere).
  // Zero: instances / 20, the whole fleet served in 20 s.
  std::size_t rate_limit = 0;
  Seconds retry_after = 1s;
};

struct Outcome {
  Setup setup;
  Seconds duration{};                   // simulated time
  Seconds measured_from{};              // load statistics cover [measured_from, duration)
  std::vector<std::uint32_t> per_second;  // IdP requests in each second since the start
  std::uint64_t requests = 0;           // all IdP requests
  std::uint64_t transport_requests = 0; // the requests the instances' MockTransports recorded: the same
  std::uint64_t tokens_issued = 0;
  std::uint32_t peak = 0;               // requests in the busiest second (measured span)
  double mean = 0;                      // requests per second (measured span)
  double peak_to_mean = 0;
  Seconds window{};                     // the smoothing window of the next figure
  double window_peak_to_mean = 0;       // the same over windows of `window`
  std::size_t most_without_token = 0;   // instances holding no valid token at one instant
  double recovery_seconds = 0;          // outage: end of outage until the last failed instance has a token
  std::uint32_t recovery_peak = 0;      // outage: busiest second from its end to recovery
  std::size_t rate_limit = 0;
  std::uint64_t fetches_after_rotation = 0;  // 401 wave: IdP requests in the minute after it
  std::uint64_t failed_calls = 0;       // header() calls that got no token
};

namespace detail {

inline std::uint64_t mix(std::uint64_t x) noexcept {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// A number in [0, 1) from a seed and a counter.
inline double unit(std::uint64_t seed, std::uint64_t n) noexcept {
  return static_cast<double>(mix(seed ^ mix(n)) >> 11) * 0x1.0p-53;
}

}  // namespace detail

// The fleet and its IdP. run() drives it; everything happens in one thread.
class Fleet {
 public:
  explicit Fleet(Setup setup) : setup_(setup) {
    if (setup_.rate_limit == 0) setup_.rate_limit = std::max<std::size_t>(1, setup_.instances / 20);
    plan();
  }

  Outcome run();

 private:
  // Pauses of RetryingTransport move the instance's own clock.
  using ClockSleeper = oauth2cc_test::ClockSleeper;
  using Transport = RetryingTransport<MockTransport, ExponentialBackoff, ManualClock, ClockSleeper>;
  using Auth = Authenticator<ClientCredentials, RefreshAhead, Transport, ManualClock>;

  struct Instance {
    ManualClock clock;
    MockTransport wire;  // a copy of the one inside auth: the same record of requests
    std::unique_ptr<Auth> auth;
    std::uint64_t calls = 0;
    bool has_token = false;
    SteadyTime covered_until{};  // the latest token it was given is valid until then
    std::uint64_t key_epoch = 0;    // the signing key of that token
    bool failed_in_outage = false;
    SteadyTime recovered_at{};
  };

  void plan() {
    const Seconds l = setup_.lifetime;
    switch (setup_.scenario) {
      case Scenario::startup:
        duration_ = 3 * l;
        measured_from_ = 0s;
        break;
      case Scenario::steady:
        duration_ = l >= 3600s ? 6 * l : 12 * l;
        measured_from_ = 2 * l;
        break;
      case Scenario::outage:
        outage_from_ = 2 * l + l / 3;
        outage_to_ = outage_from_ + setup_.outage_length;
        duration_ = outage_to_ + std::max<Seconds>(l, 600s);
        measured_from_ = outage_from_;
        break;
      case Scenario::rate_limited:
        duration_ = 3 * l;
        measured_from_ = 0s;
        break;
      case Scenario::key_rotation:
        rotation_at_ = 2 * l + l / 3;
        duration_ = rotation_at_ + 120s;
        measured_from_ = rotation_at_;
        break;
    }
  }

  SteadyTime at(Seconds offset) const { return origin_ + offset; }

  bool in_outage(SteadyTime t) const {
    return setup_.scenario == Scenario::outage && t >= at(outage_from_) && t < at(outage_to_);
  }

  std::uint64_t key_epoch_at(SteadyTime t) const {
    return setup_.scenario == Scenario::key_rotation && t >= at(rotation_at_) ? 1 : 0;
  }

  Result<HttpResponse> answer(std::size_t instance, SteadyTime t) {
    const auto second = static_cast<std::size_t>(std::chrono::duration_cast<Seconds>(t - origin_).count());
    if (second >= per_second_.size()) per_second_.resize(second + 1, 0);
    const std::uint32_t load = ++per_second_[second];
    ++requests_;
    if (in_outage(t)) {
      fleet_[instance].failed_in_outage = true;
      return Failure{make_error_code(errc::connection_failed), "simulated IdP outage"};
    }
    if (setup_.scenario == Scenario::rate_limited && load > setup_.rate_limit) {
      return HttpResponse{429,
                          {{"Content-Type", "application/json"},
                           {"Retry-After", std::to_string(setup_.retry_after.count())}},
                          R"({"error":"temporarily_unavailable"})"};
    }
    ++tokens_;
    Instance& holder = fleet_[instance];
    note_token(holder, t, t + setup_.lifetime, key_epoch_at(t));
    return HttpResponse{200,
                        {{"Content-Type", "application/json"}},
                        R"({"access_token":"k)" + std::to_string(key_epoch_at(t)) + "-" + std::to_string(tokens_) +
                            R"(","token_type":"Bearer","expires_in":)" + std::to_string(setup_.lifetime.count()) + "}"};
  }

  // The instance now holds a valid token; if the one before had run out (or
  // its key was rotated away), the gap is recorded.
  void note_token(Instance& holder, SteadyTime t, SteadyTime expires, std::uint64_t epoch) {
    if (holder.has_token) {
      const SteadyTime ended = coverage_end(holder);
      if (ended < t) gaps_.push_back({ended, t});
    }
    if (holder.failed_in_outage && holder.recovered_at == SteadyTime{} && t >= at(outage_to_)) holder.recovered_at = t;
    holder.has_token = true;
    holder.covered_until = expires;
    holder.key_epoch = epoch;
  }

  SteadyTime coverage_end(const Instance& holder) const {
    if (setup_.scenario == Scenario::key_rotation && holder.key_epoch == 0) {
      return std::min(holder.covered_until, at(rotation_at_));
    }
    return holder.covered_until;
  }

  // One export: header(), then, in the 401 wave, three pipelines (traces,
  // metrics, logs) sent with that header, each rejected with the old key.
  void export_once(Instance& instance) {
    Result<std::string_view> header = instance.auth->try_header();
    if (!header) {
      ++failed_calls_;
      return;
    }
    if (setup_.scenario != Scenario::key_rotation) return;
    const std::string sent(*header);
    const bool old_key = sent.starts_with("Bearer k0-") && key_epoch_at(instance.clock.now()) == 1;
    if (!old_key) return;
    bool resend = false;
    for (int pipeline = 0; pipeline < 3; ++pipeline) resend = instance.auth->report_response(sent, 401) || resend;
    if (!resend) return;
    for (int pipeline = 0; pipeline < 3; ++pipeline) {
      if (!instance.auth->try_header()) ++failed_calls_;
    }
  }

  Setup setup_;
  SteadyTime origin_ = ManualClock().now();
  Seconds duration_{};
  Seconds measured_from_{};
  Seconds outage_from_{}, outage_to_{};
  Seconds rotation_at_{};
  std::vector<Instance> fleet_;
  std::vector<std::uint32_t> per_second_;
  std::vector<std::pair<SteadyTime, SteadyTime>> gaps_;
  std::uint64_t requests_ = 0;
  std::uint64_t tokens_ = 0;
  std::uint64_t failed_calls_ = 0;
};

inline Outcome Fleet::run() {
  const bool defaults = setup_.policies == Policies::defaults;
  fleet_.resize(setup_.instances);
  using Event = std::pair<std::int64_t, std::size_t>;  // (ns since origin, instance)
  std::priority_queue<Event, std::vector<Event>, std::greater<>> events;
  const std::uint64_t seed = detail::mix(setup_.seed);
  const auto interval_ns = std::chrono::nanoseconds(setup_.export_interval).count();

  for (std::size_t i = 0; i < fleet_.size(); ++i) {
    Instance& instance = fleet_[i];
    const std::uint64_t own = detail::mix(seed + i);
    ExponentialBackoffSettings backoff;  // the shipped defaults
    if (!defaults) backoff.initial_interval = backoff.max_interval = 0ms;  // retry at once
    instance.wire.on_request([this, i, clock = instance.clock](const HttpRequest&) { return answer(i, clock.now()); });
    Transport transport(instance.wire, ExponentialBackoff(backoff, own ^ 1),
                        instance.clock, ClockSleeper{instance.clock});
    RefreshAhead cache = defaults ? RefreshAhead(0.8, 0.1, own ^ 2) : RefreshAhead(0.8, 0.0, own ^ 2);
    instance.auth = std::make_unique<Auth>(ClientCredentials("https://idp.example/token", "exporter", "secret"),
                                           cache, std::move(transport), instance.clock);
    if (!defaults) instance.auth->set_min_invalidate_interval(0s);
    // Everyone starts within the first second.
    events.push({static_cast<std::int64_t>(detail::unit(own, 0) * 1e9), i});
  }

  const std::int64_t end_ns = std::chrono::nanoseconds(duration_).count();
  while (!events.empty()) {
    const auto [when, i] = events.top();
    events.pop();
    if (when >= end_ns) break;
    Instance& instance = fleet_[i];
    const auto behind = (origin_ + std::chrono::nanoseconds(when)) - instance.clock.now();
    if (behind > std::chrono::nanoseconds::zero()) instance.clock.advance(behind);
    export_once(instance);
    ++instance.calls;
    // The next export, +-10% so exporters drift apart as real ones do; never
    // before the instance's clock, which retries may have moved on.
    const double spread = 0.9 + 0.2 * detail::unit(seed ^ i, instance.calls);
    const auto next = std::chrono::duration_cast<std::chrono::nanoseconds>(instance.clock.now() - origin_).count() +
                      static_cast<std::int64_t>(spread * static_cast<double>(interval_ns));
    events.push({next, i});
  }

  Outcome out;
  out.setup = setup_;
  out.duration = duration_;
  out.measured_from = measured_from_;
  per_second_.resize(static_cast<std::size_t>(duration_.count()), 0);
  out.per_second = per_second_;
  out.requests = requests_;
  out.tokens_issued = tokens_;
  out.failed_calls = failed_calls_;
  for (const Instance& instance : fleet_) out.transport_requests += instance.wire.request_count();
  out.rate_limit = setup_.rate_limit;

  const auto from = static_cast<std::size_t>(measured_from_.count());
  const std::size_t span = out.per_second.size() - from;
  std::uint64_t total = 0;
  for (std::size_t s = from; s < out.per_second.size(); ++s) {
    total += out.per_second[s];
    out.peak = std::max(out.peak, out.per_second[s]);
  }
  out.mean = span ? static_cast<double>(total) / static_cast<double>(span) : 0.0;
  out.peak_to_mean = out.mean > 0 ? out.peak / out.mean : 0.0;
  // A tenth of the token lifetime: wide enough that the counting noise of a
  // random fleet (Poisson) does not hide how even the load is, at N = 500.
  out.window = std::max<Seconds>(1s, setup_.lifetime / 10);
  const auto w = static_cast<std::size_t>(out.window.count());
  std::uint64_t window_peak = 0;
  std::size_t windows = 0;
  for (std::size_t s = from; s + w <= out.per_second.size(); s += w, ++windows) {
    std::uint64_t sum = 0;
    for (std::size_t k = s; k < s + w; ++k) sum += out.per_second[k];
    window_peak = std::max(window_peak, sum);
  }
  const double window_mean = out.mean * static_cast<double>(w);
  out.window_peak_to_mean = windows && window_mean > 0 ? static_cast<double>(window_peak) / window_mean : 0.0;

  // Instances without a valid token at once: the gaps between tokens, and
  // whatever gap is open at the end.
  for (const Instance& instance : fleet_) {
    if (!instance.has_token) {
      gaps_.push_back({origin_, at(duration_)});
      continue;
    }
    const SteadyTime ended = coverage_end(instance);
    if (ended < at(duration_)) gaps_.push_back({ended, at(duration_)});
  }
  std::vector<std::pair<SteadyTime, int>> edges;
  edges.reserve(2 * gaps_.size());
  for (const auto& [begin, end] : gaps_) {
    edges.push_back({begin, +1});
    edges.push_back({end, -1});
  }
  std::sort(edges.begin(), edges.end());  // at one instant, an end (-1) before a start (+1)
  long open = 0;
  for (const auto& edge : edges) {
    open += edge.second;
    out.most_without_token = std::max(out.most_without_token, static_cast<std::size_t>(std::max(0L, open)));
  }

  if (setup_.scenario == Scenario::outage) {
    SteadyTime last = at(outage_to_);
    bool unrecovered = false;
    for (const Instance& instance : fleet_) {
      if (!instance.failed_in_outage) continue;
      if (instance.recovered_at == SteadyTime{}) unrecovered = true;
      last = std::max(last, instance.recovered_at);
    }
    out.recovery_seconds =
        unrecovered ? -1.0 : std::chrono::duration<double>(last - at(outage_to_)).count();
    const auto begin = static_cast<std::size_t>(outage_to_.count());
    const auto end = unrecovered ? out.per_second.size()
                                 : std::min(out.per_second.size(),
                                            begin + static_cast<std::size_t>(out.recovery_seconds) + 1);
    for (std::size_t s = begin; s < end; ++s) out.recovery_peak = std::max(out.recovery_peak, out.per_second[s]);
  }
  if (setup_.scenario == Scenario::key_rotation) {
    const auto begin = static_cast<std::size_t>(rotation_at_.count());
    for (std::size_t s = begin; s < std::min(out.per_second.size(), begin + 60); ++s) {
      out.fetches_after_rotation += out.per_second[s];
    }
  }
  return out;
}

inline Outcome simulate(const Setup& setup) { return Fleet(setup).run(); }

}  // namespace oauth2cc::simulation
