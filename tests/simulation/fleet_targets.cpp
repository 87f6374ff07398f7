// The fleet targets of docs/fleet.md, "Keeping the IdP calm", on 500 instances:
// the shipped defaults must meet them, and the same fleet with jitter and
// backoff off must not (so each check can fail). Counts, not times: the
// simulation runs on ManualClocks and is the same for the same seed.

#include <doctest/doctest.h>

#include "fleet.hpp"

using namespace oauth2cc::simulation;
using namespace std::chrono_literals;

namespace {

constexpr std::size_t fleet_size = 500;

Outcome run(Scenario scenario, Policies policies, Seconds lifetime) {
  Setup setup;
  setup.scenario = scenario;
  setup.policies = policies;
  setup.instances = fleet_size;
  setup.lifetime = lifetime;
  setup.seed = 7;
  return simulate(setup);
}

}  // namespace

TEST_SUITE("fleet simulation") {
  TEST_CASE("steady state: the IdP's load stays within 1.5 times its mean, where a fleet in step is 4 times over") {
    for (const Seconds lifetime : {300s, 3600s}) {
      CAPTURE(lifetime.count());
      const Outcome spread = run(Scenario::steady, Policies::defaults, lifetime);
      MESSAGE("defaults: peak-to-mean ", spread.window_peak_to_mean, " over ", spread.window.count(), " s windows");
      CHECK(spread.window_peak_to_mean <= 1.5);
      CHECK(spread.most_without_token == 0);
      const Outcome in_step = run(Scenario::steady, Policies::no_jitter_no_backoff, lifetime);
      CHECK(in_step.window_peak_to_mean > 4.0);
    }
  }

  TEST_CASE("a 5-minute outage with 1-hour tokens: no instance is ever without a valid token, and the recovery stays under the rate limit") {
    const Outcome outcome = run(Scenario::outage, Policies::defaults, 3600s);
    MESSAGE("recovery ", outcome.recovery_seconds, " s, busiest second ", outcome.recovery_peak, ", limit ",
            outcome.rate_limit);
    CHECK(outcome.most_without_token == 0);
    CHECK(outcome.recovery_seconds >= 0);  // every instance that failed got a token again
    CHECK(outcome.recovery_peak < outcome.rate_limit);
    CHECK(outcome.failed_calls == 0);
    const Outcome naive = run(Scenario::outage, Policies::no_jitter_no_backoff, 3600s);
    CHECK(naive.recovery_peak > naive.rate_limit);
  }

  TEST_CASE("an outage longer than the tokens last: instances without a token back off, and the recovery stays under the rate limit") {
    const Outcome outcome = run(Scenario::outage, Policies::defaults, 300s);
    CHECK(outcome.recovery_seconds >= 0);
    CHECK(outcome.recovery_peak < outcome.rate_limit);
    // Without the pause after a failed fetch, every export of every instance
    // asks, four attempts each: about 500 / 10 s * 4 = 200 requests a second.
    // With the pauses it is a third of that (the last minutes before each
    // token expires still ask on every call: half the time left is short).
    const auto from = static_cast<std::size_t>(outcome.measured_from.count()) + 120;
    std::uint64_t late = 0;  // the last three minutes of the outage
    for (std::size_t s = from; s < from + 180; ++s) late += outcome.per_second[s];
    CHECK(late / 180 < 100);
  }

  TEST_CASE("a 401 wave rejecting every token at once costs one fetch per instance, not one per rejected request") {
    for (const Policies policies : {Policies::defaults, Policies::no_jitter_no_backoff}) {
      const Outcome outcome = run(Scenario::key_rotation, policies, 300s);
      CHECK(outcome.fetches_after_rotation == fleet_size);
      CHECK(outcome.failed_calls == 0);
    }
  }

  TEST_CASE("the same seed gives the same run, request for request") {
    const Outcome first = run(Scenario::outage, Policies::defaults, 300s);
    const Outcome second = run(Scenario::outage, Policies::defaults, 300s);
    CHECK(first.requests == second.requests);
    CHECK(first.per_second == second.per_second);
    // Every request the IdP counted went through an instance's MockTransport.
    CHECK(first.transport_requests == first.requests);
    CHECK(first.requests > fleet_size);
  }
}
