#include <doctest/doctest.h>

#include <oauth2cc/secret.hpp>

#include <sstream>
#include <type_traits>
#include <utility>

using oauth2cc::Secret;

namespace secret_test {

template <class T>
concept Streamable = requires(std::ostream& os, const T& value) { os << value; };

TEST_SUITE("Secret") {
  TEST_CASE("cannot be streamed, so it cannot reach a log by accident") {
    CHECK_FALSE(Streamable<Secret>);
    CHECK(Streamable<std::string>);  // the check itself can succeed
  }

  TEST_CASE("reveal() is the way to read it") {
    const Secret secret("p@ss word");
    CHECK(secret.reveal() == "p@ss word");
    CHECK_FALSE(secret.empty());
    CHECK(Secret().empty());
  }

  TEST_CASE("a null pointer, as from getenv of an unset variable, is an empty secret") {
    const char* unset = nullptr;
    CHECK(Secret(unset).empty());
  }

  TEST_CASE("a moved-from secret is empty") {
    Secret from("abc");
    const Secret to(std::move(from));
    CHECK(to.reveal() == "abc");
    CHECK(from.empty());  // NOLINT(bugprone-use-after-move): the point of the test
    Secret assigned;
    assigned = Secret("xyz");
    CHECK(assigned.reveal() == "xyz");
    Secret copy;
    copy = assigned;
    CHECK(copy.reveal() == "xyz");
  }

  TEST_CASE("secure_wipe overwrites the whole buffer, spare capacity included, and keeps it") {
    std::string text = "a-client-secret-long-enough-to-live-on-the-heap";
    text.reserve(200);
    const std::size_t capacity = text.capacity();
    const char* buffer = text.data();
    oauth2cc::secure_wipe(text);
    CHECK(text.empty());
    REQUIRE(text.data() == buffer);  // cleared, not freed: the bytes can be inspected
    REQUIRE(text.capacity() == capacity);
    int nonzero = 0;
    for (std::size_t i = 0; i < capacity; ++i) nonzero += buffer[i] != 0 ? 1 : 0;
    CHECK(nonzero == 0);
  }
}

}  // namespace secret_test
