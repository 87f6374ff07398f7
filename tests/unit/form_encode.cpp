#include <doctest/doctest.h>

#include <oauth2cc/detail/text/base64.hpp>
#include <oauth2cc/detail/http/form_encode.hpp>

using namespace oauth2cc::detail;

namespace form_encode_test {

TEST_SUITE("form encoding") {
  TEST_CASE("unreserved characters pass unchanged") {
    CHECK(form_encode("AZaz09-._~") == "AZaz09-._~");
  }

  TEST_CASE("every other byte is percent-encoded with upper-case hex") {
    CHECK(form_encode("%&+= :/") == "%25%26%2B%3D%20%3A%2F");
    CHECK(form_encode("é") == "%C3%A9");
    CHECK(form_encode(std::string("a\0b", 3)) == "a%00b");
  }

  TEST_CASE("decoding inverts encoding, and reads '+' as space") {
    const std::string nasty = "s3cr%t&+= :/é\x01";
    CHECK(form_decode(form_encode(nasty)) == nasty);
    CHECK(form_decode("a+b") == "a b");
    SUBCASE("a malformed escape stays literal") {
      CHECK(form_decode("100%") == "100%");
      CHECK(form_decode("%zz") == "%zz");
      CHECK(form_decode("%4") == "%4");
    }
  }

  TEST_CASE("forms keep field order and repeated names") {
    const FormFields fields{{"grant_type", "client_credentials"}, {"resource", "a b"}, {"resource", "c&d"}};
    const std::string body = encode_form(fields);
    CHECK(body == "grant_type=client_credentials&resource=a%20b&resource=c%26d");
    CHECK(decode_form(body) == fields);
    CHECK(decode_form("a&b=&=c").size() == 3);
  }
}

TEST_SUITE("base64") {
  TEST_CASE("encodes with padding, per RFC 4648 test vectors") {
    CHECK(base64_encode("") == "");
    CHECK(base64_encode("f") == "Zg==");
    CHECK(base64_encode("fo") == "Zm8=");
    CHECK(base64_encode("foo") == "Zm9v");
    CHECK(base64_encode("foobar") == "Zm9vYmFy");
    CHECK(base64_encode("\xff\xfe") == "//4=");
  }

  TEST_CASE("decodes base64 and base64url, padded or not") {
    CHECK(base64_decode("Zm9vYmE=") == "fooba");
    CHECK(base64_decode("Zm9vYmE") == "fooba");
    CHECK(base64_decode("__4") == "\xff\xfe");
    CHECK(base64_decode("//4=") == "\xff\xfe");
  }

  TEST_CASE("rejects characters outside both alphabets and impossible lengths") {
    CHECK_FALSE(base64_decode("Zm9v!"));
    CHECK_FALSE(base64_decode("Z"));
  }
}

}  // namespace form_encode_test
