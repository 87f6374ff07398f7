#!/usr/bin/env python3
"""Times what including oauth2cc costs a translation unit: one-line units
compiled with g++ -std=c++20 -fsyntax-only, against the floors they cannot go
below (<nlohmann/json.hpp> alone, <httplib.h> alone, both). Prints a table with
each unit's ratio to its floor; --out also writes the figures as JSON (for
tools/bench_table.py).

The time is the compiler's CPU time (user + system), not the wall clock, and
the best of --runs: other work on the machine only ever adds to it. The units
are measured in turns (json, core, umbrella, ... then again), so a busy minute
slows the floors as much as what is compared with them.

    python3 tools/compile_cost.py [--runs 5] [--out compile.json]
"""
import argparse
import json
import os
import resource
import subprocess
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SPLIT = ["-I", os.path.join(ROOT, "include")]
SINGLE = ["-I", os.path.join(ROOT, "single_include")]
# As the oauth2cc::httplib target builds cpp-httplib: with TLS.
TLS = ["-DCPPHTTPLIB_OPENSSL_SUPPORT"]

# name: (what the table calls it, the unit's source, compiler flags, the floor it is compared with)
UNITS = {
    "nlohmann_json_only": ("`<nlohmann/json.hpp>`", "#include <nlohmann/json.hpp>\n", [], None),
    "httplib_only": ("`<httplib.h>` (TLS)", "#include <httplib.h>\n", TLS, None),
    "json_and_httplib": ("`<nlohmann/json.hpp>` + `<httplib.h>`",
                         "#include <nlohmann/json.hpp>\n#include <httplib.h>\n", TLS, None),
    "core": ("`<oauth2cc/core.hpp>`", "#include <oauth2cc/core.hpp>\n", SPLIT, "nlohmann_json_only"),
    "umbrella": ("`<oauth2cc/oauth2cc.hpp>` (include/)", "#include <oauth2cc/oauth2cc.hpp>\n", SPLIT + TLS,
                 "json_and_httplib"),
    "all": ("`<oauth2cc/all.hpp>` (include/)", "#include <oauth2cc/all.hpp>\n", SPLIT + TLS, "json_and_httplib"),
    # A user of oauth2cc::compiled building an authenticator from a JSON
    # file: no JSON, httplib or OpenSSL header (issue target: 2.0 s or less).
    "compiled_umbrella": ("`<oauth2cc/oauth2cc.hpp>` with `OAUTH2CC_COMPILED_LIB`, a Config made into an authenticator",
                          "#include <oauth2cc/oauth2cc.hpp>\n"
                          "oauth2cc::AnyAuthenticator from_file(const std::string& path) {\n"
                          "  return oauth2cc::make_authenticator(oauth2cc::config_from_json_file(path).value());\n"
                          "}\n", SPLIT + ["-DOAUTH2CC_COMPILED_LIB"], None),
    "single_header": ("the single header (= all.hpp)", "#include <oauth2cc/oauth2cc.hpp>\n", SINGLE + TLS,
                      "json_and_httplib"),
}


def compile_seconds(path, flags):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(["g++", "-std=c++20", "-fsyntax-only", path] + flags, check=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def measure(runs):
    best = {}
    with tempfile.TemporaryDirectory() as scratch:
        paths = {}
        for name, (_, source, _, _) in UNITS.items():
            paths[name] = os.path.join(scratch, name + ".cpp")
            with open(paths[name], "w") as f:
                f.write(source)
        for _ in range(runs):
            for name, (_, _, flags, _) in UNITS.items():
                seconds = compile_seconds(paths[name], flags)
                best[name] = min(best.get(name, seconds), seconds)
    return best


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--out", help="also write the figures to this JSON file")
    args = parser.parse_args()
    seconds = measure(args.runs)
    print(f"g++ -std=c++20 -fsyntax-only, CPU seconds (user + system), best of {args.runs}")
    print()
    print("| translation unit includes | CPU s | ratio |")
    print("|---|---|---|")
    for name, (label, _, _, floor) in UNITS.items():
        ratio = f"{seconds[name] / seconds[floor]:.2f}× {UNITS[floor][0]}" if floor else ""
        print(f"| {label} | {seconds[name]:.2f} | {ratio} |")
    if args.out:
        with open(args.out, "w") as f:
            json.dump({"compiler": "g++ -std=c++20 -fsyntax-only", "measure": "CPU seconds (user + system), best",
                       "runs": args.runs, "seconds": seconds}, f, indent=2)


if __name__ == "__main__":
    main()
