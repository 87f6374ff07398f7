# FindOauth2ccCurl: libcurl, for <oauth2cc/adapters/curl_easy.hpp>.
#
# Shipped inside oauth2cc's installed CMake package, so a consumer runs the
# same discovery the library was tested with: CMake's own FindCURL (which
# tries libcurl's CMake package and pkg-config libcurl first).
#
# Result:
#   Oauth2ccCurl_FOUND
#   Oauth2ccCurl::Oauth2ccCurl   IMPORTED INTERFACE target: a stable name for
#     the exported oauth2cc::curl to refer to, whatever provided libcurl.

if(TARGET Oauth2ccCurl::Oauth2ccCurl)
  set(Oauth2ccCurl_FOUND TRUE)
  return()
endif()

include(FindPackageHandleStandardArgs)
if(Oauth2ccCurl_FIND_QUIETLY)
  find_package(CURL QUIET)
else()
  find_package(CURL)
endif()

find_package_handle_standard_args(Oauth2ccCurl
  REQUIRED_VARS CURL_FOUND
  VERSION_VAR CURL_VERSION_STRING
  REASON_FAILURE_MESSAGE "oauth2cc::curl needs libcurl (Debian: libcurl4-openssl-dev)")

if(Oauth2ccCurl_FOUND)
  add_library(Oauth2ccCurl::Oauth2ccCurl INTERFACE IMPORTED)
  set_target_properties(Oauth2ccCurl::Oauth2ccCurl PROPERTIES INTERFACE_LINK_LIBRARIES CURL::libcurl)
endif()
