// The whole matrix's failures, in one process: every message, exception text
// and observer event they produce is free of the client secret (in every
// spelling it travelled in), every token the servers handed out, and the
// canary hidden in the misbehaving bodies. It reruns every registered case
// rather than relying on the others having run first, so it means the same
// alone, in any order, or in a process of its own under CTest.

#include <doctest/doctest.h>

#include <string>

#include "fault_case.hpp"

using namespace oauth2cc_test::faults;

namespace no_leaks_test {

TEST_CASE("every failure text of the whole matrix is free of the secret, the tokens and the canary" *
          doctest::timeout(300)) {
  const std::size_t before = sink().size();
  REQUIRE(registry().size() >= 20);  // the matrix, not an empty registry
  for (const RegisteredFault& fault : registry()) run_fault(fault.name, fault.run);
  // Each case added at least one text (run_fault checks), so the sink cannot be vacuously clean.
  CHECK(sink().size() - before >= registry().size());
  for (const std::string& leak : sink().leaks(before)) FAIL_CHECK("leaked: ", leak);
}

TEST_CASE("the leak check finds each forbidden string, and nothing in a clean text") {
  for (const std::string& forbidden : forbidden_strings()) {
    CAPTURE(forbidden);
    LeakSink probe;
    probe.capture("planted", "before " + forbidden + " after");
    CHECK(probe.leaks().size() == 1);
  }
  LeakSink clean;
  clean.capture("clean", "token endpoint answered HTTP 500; the IdP or a proxy in front of it is failing");
  CHECK(clean.leaks().empty());
}

}  // namespace no_leaks_test
