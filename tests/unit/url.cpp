#include <doctest/doctest.h>

#include <oauth2cc/url.hpp>

using oauth2cc::parse_url;

namespace url_test {

TEST_SUITE("token URL parsing") {
  TEST_CASE("http and https with default and explicit ports") {
    const auto keycloak = parse_url(
        "http://keycloak-service.keycloak.svc.cluster.local:8080/realms/master/protocol/openid-connect/token");
    REQUIRE(keycloak);
    CHECK_FALSE(keycloak->https);
    CHECK(keycloak->host == "keycloak-service.keycloak.svc.cluster.local");
    CHECK(keycloak->port == 8080);
    CHECK(keycloak->target == "/realms/master/protocol/openid-connect/token");

    const auto entra = parse_url("https://login.example.com/tenant/oauth2/v2.0/token?x=1#frag");
    REQUIRE(entra);
    CHECK(entra->https);
    CHECK(entra->port == 443);
    CHECK(entra->target == "/tenant/oauth2/v2.0/token?x=1");
    CHECK(parse_url("http://h")->port == 80);
    CHECK(parse_url("http://h:08080/")->port == 8080);
    CHECK(parse_url("http://h")->target == "/");
    CHECK(parse_url("http://h?q")->target == "/?q");
  }

  TEST_CASE("IPv6 literals") {
    const auto url = parse_url("https://[::1]:8443/token");
    REQUIRE(url);
    CHECK(url->host == "::1");
    CHECK(url->port == 8443);
  }

  TEST_CASE("anything else is refused") {
    CHECK_FALSE(parse_url(""));
    CHECK_FALSE(parse_url("ftp://h/x"));
    CHECK_FALSE(parse_url("keycloak:8080/token"));
    CHECK_FALSE(parse_url("http:///token"));
    CHECK_FALSE(parse_url("http://h:0/"));
    CHECK_FALSE(parse_url("http://h:65536/"));
    CHECK_FALSE(parse_url("http://h:80x/"));
    CHECK_FALSE(parse_url("http://h:-80/"));
    CHECK_FALSE(parse_url("http://h:+80/"));
    CHECK_FALSE(parse_url("http://h:99999999999999999999/"));
    CHECK_FALSE(parse_url("http://[::1/"));
    SUBCASE("credentials in the URL are refused rather than sent or logged") {
      CHECK_FALSE(parse_url("https://user:secret@idp/token"));
    }
  }
}

}  // namespace url_test
