// Runs the fleet simulation (tests/simulation/fleet.hpp) for every scenario,
// with the shipped defaults and with jitter and backoff off, and prints the
// table. With --out DIR it also writes DIR/summary.csv and DIR/per_second.csv
// (the IdP's requests in every simulated second), which plot.gp draws.
//
//   simulate [--instances 10000] [--seed 1] [--lifetime 300] [--lifetime 3600] [--out DIR]

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include "fleet.hpp"

namespace sim = oauth2cc::simulation;

namespace {

int usage() {
  std::fprintf(stderr, "usage: simulate [--instances N] [--seed S] [--lifetime SECONDS]... [--out DIR]\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  std::size_t instances = 10'000;
  std::uint64_t seed = 1;
  std::vector<std::chrono::seconds> lifetimes;
  std::string out;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (i + 1 >= argc) return usage();
    const char* value = argv[++i];
    if (arg == "--instances") {
      instances = std::strtoull(value, nullptr, 10);
    } else if (arg == "--seed") {
      seed = std::strtoull(value, nullptr, 10);
    } else if (arg == "--lifetime") {
      lifetimes.emplace_back(std::strtoll(value, nullptr, 10));
    } else if (arg == "--out") {
      out = value;
    } else {
      return usage();
    }
  }
  if (instances == 0) return usage();
  // Keycloak's default access token lifespan (5 min) and the common 1 h.
  if (lifetimes.empty()) lifetimes = {std::chrono::seconds(300), std::chrono::seconds(3600)};

  std::ofstream summary, series;
  if (!out.empty()) {
    summary.open(out + "/summary.csv");
    series.open(out + "/per_second.csv");
    if (!summary || !series) {
      std::fprintf(stderr, "simulate: cannot write to %s; create the directory first\n", out.c_str());
      return 1;
    }
    summary << "lifetime_s,scenario,policies,instances,seed,measured_from_s,duration_s,requests,tokens,peak_rps,"
               "mean_rps,peak_to_mean,window_s,window_peak_to_mean,most_without_token,recovery_s,recovery_peak_rps,"
               "rate_limit_rps,fetches_in_minute_after_401,failed_calls\n";
    series << "lifetime_s,scenario,policies,second,requests\n";
  }

  std::printf("%-8s %-9s %-21s %9s %7s %8s %6s %8s %9s %9s %8s %7s %9s\n", "lifetime", "scenario", "policies",
              "requests", "peak/s", "mean/s", "p/m", "p/m(win)", "no-token", "recovery", "rec.pk/s", "limit/s",
              "401:fetch");
  for (const auto lifetime : lifetimes) {
    for (const auto scenario : {sim::Scenario::startup, sim::Scenario::steady, sim::Scenario::outage,
                                sim::Scenario::rate_limited, sim::Scenario::key_rotation}) {
      for (const auto policies : {sim::Policies::defaults, sim::Policies::no_jitter_no_backoff}) {
        sim::Setup setup;
        setup.scenario = scenario;
        setup.policies = policies;
        setup.instances = instances;
        setup.lifetime = lifetime;
        setup.seed = seed;
        const sim::Outcome r = sim::simulate(setup);
        const std::string recovery =
            scenario != sim::Scenario::outage ? "-" : r.recovery_seconds < 0 ? "never" : std::to_string(
                                                                                             static_cast<long>(r.recovery_seconds)) + "s";
        const std::string rotation =
            scenario == sim::Scenario::key_rotation ? std::to_string(r.fetches_after_rotation) : "-";
        // A span shorter than one window (the 401 wave with 1-hour tokens) has no windowed figure.
        const std::string windowed = r.window_peak_to_mean > 0 ? std::to_string(r.window_peak_to_mean).substr(0, 4) : "-";
        std::printf("%-8s %-9s %-21s %9llu %7u %8.1f %6.2f %8s %9zu %9s %8s %7zu %9s\n",
                    (std::to_string(lifetime.count()) + "s").c_str(), sim::name_of(scenario), sim::name_of(policies),
                    static_cast<unsigned long long>(r.requests), r.peak, r.mean, r.peak_to_mean,
                    windowed.c_str(), r.most_without_token, recovery.c_str(),
                    scenario == sim::Scenario::outage ? std::to_string(r.recovery_peak).c_str() : "-", r.rate_limit,
                    rotation.c_str());
        std::fflush(stdout);
        if (!out.empty()) {
          summary << lifetime.count() << ',' << sim::name_of(scenario) << ',' << sim::name_of(policies) << ','
                  << instances << ',' << seed << ',' << r.measured_from.count() << ',' << r.duration.count() << ','
                  << r.requests << ',' << r.tokens_issued << ',' << r.peak << ',' << r.mean << ','
                  << r.peak_to_mean << ',' << r.window.count() << ',' << r.window_peak_to_mean << ','
                  << r.most_without_token << ',' << r.recovery_seconds << ',' << r.recovery_peak << ','
                  << r.rate_limit << ',' << r.fetches_after_rotation << ',' << r.failed_calls << '\n';
          for (std::size_t s = 0; s < r.per_second.size(); ++s) {
            series << lifetime.count() << ',' << sim::name_of(scenario) << ',' << sim::name_of(policies) << ','
                   << s << ',' << r.per_second[s] << '\n';
          }
        }
      }
    }
  }
  return 0;
}
