#!/usr/bin/env python3
"""Prints docs/performance.md's performance table from tools/bench.sh's results:
Google Benchmark's JSON and tools/compile_cost.py's JSON."""
import json
import sys


def load_benchmarks(path):
    with open(path) as f:
        data = json.load(f)
    by_name = {}
    for run in data["benchmarks"]:
        # With repetitions, keep the median; without, the single run.
        if run.get("run_type") == "aggregate" and run.get("aggregate_name") != "median":
            continue
        name = run.get("run_name", run["name"])
        by_name[name] = run
    return data["context"], by_name


def nanoseconds(run):
    scale = {"ns": 1.0, "us": 1e3, "ms": 1e6, "s": 1e9}[run["time_unit"]]
    return run["real_time"] * scale


def main():
    context, runs = load_benchmarks(sys.argv[1])
    with open(sys.argv[2]) as f:
        compile_cost = json.load(f)

    def ns(name):
        return nanoseconds(runs[name])

    one = ns("header_cached/real_time/threads:1")
    two = ns("header_cached/real_time/threads:2")
    # With 2 threads Google Benchmark reports wall time over the calls of both
    # threads together, so the throughput ratio is one / two.
    scaling = one / two
    ceiling = ns("machine_parallelism/real_time/threads:1") / ns("machine_parallelism/real_time/threads:2")
    mutex1 = ns("mutex_string_copy/real_time/threads:1")
    mutex2 = ns("mutex_string_copy/real_time/threads:2")
    shared1 = ns("atomic_shared_ptr/real_time/threads:1")
    shared2 = ns("atomic_shared_ptr/real_time/threads:2")
    flight = runs["expired_cache_64_threads/manual_time"]
    raw = ns("raw_httplib_post")
    fetch = ns("authenticator_fetch")
    transport = ns("httplib_transport_post")
    size = runs["authenticator_size/iterations:1"]["bytes"]
    seconds = compile_cost["seconds"]

    print(f"Machine: {context.get('num_cpus')} CPUs at {context.get('mhz_per_cpu')} MHz, "
          f"{context.get('library_build_type', '?')} Google Benchmark, oauth2cc built Release (g++).")
    print()
    print("| measure | figure | target |")
    print("|---|---|---|")
    print(f"| cached `header()`, 1 thread | {one:.1f} ns per call | ≤ 10 ns |")
    print(f"| cached `header()`, 2 threads | {two:.1f} ns per call of both threads together: "
          f"{scaling:.2f}× the 1-thread throughput | ≥ 1.8× |")
    print(f"| this machine's ceiling: a loop touching no memory, 2 threads | {ceiling:.2f}× the 1-thread "
          f"throughput | 2× on two free cores |")
    print(f"| baseline: `std::mutex` + `std::string` copy | {mutex1:.1f} ns (1 thread), {mutex2:.1f} ns (2 threads): "
          f"`header()` is {mutex1 / one:.1f}× / {mutex2 / two:.1f}× faster | |")
    print(f"| baseline: `std::atomic<std::shared_ptr>` | {shared1:.1f} ns (1 thread), {shared2:.1f} ns (2 threads): "
          f"`header()` is {shared1 / one:.1f}× / {shared2 / two:.1f}× faster | |")
    print(f"| 64 threads on an expired cache | {nanoseconds(flight) / 1e3:.1f} µs per round until all 64 hold "
          f"the new token, {flight['fetches_per_round']:.2f} fetches per round | 1 fetch |")
    print(f"| token fetch over keep-alive loopback | {fetch / 1e3:.1f} µs vs {raw / 1e3:.1f} µs for a raw "
          f"cpp-httplib POST: {fetch / raw:.2f}× | ≤ 1.2× |")
    print(f"| of which `HttplibTransport::post_form` alone | {transport / 1e3:.1f} µs: {transport / raw:.2f}× the raw "
          f"POST | |")
    print(f"| `sizeof(Authenticator<ClientCredentials>)` | {size:.0f} bytes | |")
    base = seconds["nlohmann_json_only"]
    print(f"| compile: only `<nlohmann/json.hpp>` | {base:.2f} s | |")
    print(f"| compile: `<oauth2cc/core.hpp>` | {seconds['core']:.2f} s: {seconds['core'] / base:.2f}× | ≤ 1.3× |")
    both = seconds["json_and_httplib"]
    print(f"| compile: `<oauth2cc/oauth2cc.hpp>` | {seconds['umbrella']:.2f} s: {seconds['umbrella'] / both:.2f}× "
          f"json + httplib ({both:.2f} s) | ≤ 1.3× |")
    print(f"| compile: the single header (every feature) | {seconds['single_header']:.2f} s: "
          f"{seconds['single_header'] / both:.2f}× json + httplib | |")


if __name__ == "__main__":
    main()
