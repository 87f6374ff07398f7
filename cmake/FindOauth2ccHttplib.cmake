# Finds cpp-httplib for the oauth2cc::httplib target: its CMake package when
# there is one, else pkg-config `cpp-httplib` (what Debian ships: a shared
# library whose .pc adds -DCPPHTTPLIB_OPENSSL_SUPPORT). Defines the INTERFACE
# target oauth2cc_httplib_dependency when found.
if(TARGET oauth2cc_httplib_dependency)
  return()
endif()

find_package(OpenSSL 1.1.1 QUIET COMPONENTS SSL Crypto)
find_package(httplib QUIET CONFIG)
if(httplib_FOUND AND OpenSSL_FOUND)
  add_library(oauth2cc_httplib_dependency INTERFACE)
  target_link_libraries(oauth2cc_httplib_dependency INTERFACE httplib::httplib OpenSSL::SSL OpenSSL::Crypto)
  if(NOT HTTPLIB_IS_USING_OPENSSL)
    message(WARNING "cpp-httplib was built without OpenSSL: oauth2cc::httplib will only do plain http://")
  endif()
  return()
endif()

find_package(PkgConfig QUIET)
if(PkgConfig_FOUND AND OpenSSL_FOUND)
  pkg_check_modules(OAUTH2CC_CPP_HTTPLIB QUIET IMPORTED_TARGET cpp-httplib)
  if(OAUTH2CC_CPP_HTTPLIB_FOUND)
    add_library(oauth2cc_httplib_dependency INTERFACE)
    target_link_libraries(oauth2cc_httplib_dependency INTERFACE PkgConfig::OAUTH2CC_CPP_HTTPLIB OpenSSL::SSL OpenSSL::Crypto)
    return()
  endif()
endif()

message(STATUS "oauth2cc: cpp-httplib or OpenSSL not found; oauth2cc::httplib is not available")
