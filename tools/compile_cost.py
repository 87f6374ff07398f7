#!/usr/bin/env python3
"""Times the compilation of three one-line translation units with g++ -O0:
only <nlohmann/json.hpp> (the floor: the core needs it), oauth2cc's core
headers, and the single header. Writes the median of --runs to a JSON file.

The time is the compiler's CPU time (user + system), not the wall clock, so
other work on the machine changes it little."""
import argparse
import json
import os
import resource
import statistics
import subprocess
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

UNITS = {
    "nlohmann_json_only": "#include <nlohmann/json.hpp>\n",
    "core": "#include <oauth2cc/core.hpp>\n",
    "single_header": "#include <oauth2cc/oauth2cc.hpp>\n",
}
INCLUDES = {
    "nlohmann_json_only": [],
    "core": ["-I", os.path.join(ROOT, "include")],
    "single_header": ["-I", os.path.join(ROOT, "single_include")],
}


def compile_seconds(source, includes, runs):
    with tempfile.TemporaryDirectory() as scratch:
        path = os.path.join(scratch, "unit.cpp")
        with open(path, "w") as f:
            f.write(source)
        times = []
        for _ in range(runs):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            subprocess.run(["g++", "-std=c++20", "-O0", "-c", path, "-o", os.path.join(scratch, "unit.o")] + includes,
                           check=True)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            times.append((after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime))
        return statistics.median(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    results = {name: compile_seconds(source, INCLUDES[name], args.runs) for name, source in UNITS.items()}
    with open(args.out, "w") as f:
        json.dump({"compiler": "g++ -std=c++20 -O0 -c", "measure": "CPU seconds (user + system)", "runs": args.runs, "seconds": results}, f, indent=2)


if __name__ == "__main__":
    main()
