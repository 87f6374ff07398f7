#pragma once

// Asks the IdP harness's protected endpoint whether it accepts an
// Authorization header (200) or not (401).

#include <doctest/doctest.h>
#include <httplib.h>

#include <string>

#include "idp_process.hpp"

namespace oauth2cc_test {

inline int protected_status(const IdpProcess& idp, const std::string& authorization, const std::string& ca_file) {
  const std::string& url = idp.protected_url();
  const std::size_t path = url.find('/', url.find("//") + 2);
  httplib::Client client(url.substr(0, path));
  client.set_ca_cert_path(ca_file.c_str());
  // Headers named: newer cpp-httplib has Get overloads a braced list would also fit.
  const auto response = client.Get(url.substr(path), httplib::Headers{{"Authorization", authorization}});
  REQUIRE(response);
  return response->status;
}

}  // namespace oauth2cc_test
