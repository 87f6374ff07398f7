# FindOauth2ccHttplib: cpp-httplib with TLS, as oauth2cc's transport needs it.
#
# Used by oauth2cc's own build and shipped inside its installed CMake package,
# so a consumer runs exactly the same discovery the library was tested with.
#
# Looks for, in order:
#   0. OAUTH2CC_HTTPLIB_INCLUDE_DIR, when set: a folder holding a vendored
#      httplib.h, used header-only with CPPHTTPLIB_OPENSSL_SUPPORT (the
#      OpenSSL backend; cpp-httplib 0.31+ also has mbedTLS and wolfSSL ones,
#      which oauth2cc's transport does not support, see docs/building.md),
#   1. an existing httplib::httplib target (cpp-httplib added as a subproject),
#   2. cpp-httplib's CMake package (upstream installs one),
#   3. pkg-config `cpp-httplib` (what Debian ships: a shared library whose
#      Cflags carry -DCPPHTTPLIB_OPENSSL_SUPPORT).
# plus OpenSSL's SSL and Crypto libraries, which the transport calls directly.
#
# Result:
#   Oauth2ccHttplib_FOUND
#   Oauth2ccHttplib_PROVIDER          the cpp-httplib target that was found
#   Oauth2ccHttplib_VERSION           its version, when known
#   Oauth2ccHttplib::Oauth2ccHttplib  IMPORTED INTERFACE target carrying all of the above.
#     A stable name, whatever was found, so the exported oauth2cc::httplib can
#     refer to it no matter how the consumer's machine provides cpp-httplib.

if(TARGET Oauth2ccHttplib::Oauth2ccHttplib)
  set(Oauth2ccHttplib_FOUND TRUE)
  return()
endif()

include(FindPackageHandleStandardArgs)

set(_oauth2cc_httplib_quiet)
if(Oauth2ccHttplib_FIND_QUIETLY)
  set(_oauth2cc_httplib_quiet QUIET)
endif()

# cpp-httplib's TLS support itself needs OpenSSL 1.1.1 or newer.
find_package(OpenSSL 1.1.1 ${_oauth2cc_httplib_quiet} COMPONENTS SSL Crypto)

set(OAUTH2CC_HTTPLIB_INCLUDE_DIR "" CACHE PATH
    "A folder with a vendored cpp-httplib httplib.h to use instead of an installed cpp-httplib")

set(Oauth2ccHttplib_PROVIDER)
set(Oauth2ccHttplib_VERSION)
if(OAUTH2CC_HTTPLIB_INCLUDE_DIR)
  if(NOT EXISTS "${OAUTH2CC_HTTPLIB_INCLUDE_DIR}/httplib.h")
    message(FATAL_ERROR "OAUTH2CC_HTTPLIB_INCLUDE_DIR is ${OAUTH2CC_HTTPLIB_INCLUDE_DIR}, which has no httplib.h; "
                        "point it at the folder holding cpp-httplib's httplib.h or leave it empty")
  endif()
  file(STRINGS "${OAUTH2CC_HTTPLIB_INCLUDE_DIR}/httplib.h" _oauth2cc_httplib_version_line
       REGEX "^#define CPPHTTPLIB_VERSION \"[0-9.]+\"" LIMIT_COUNT 1)
  string(REGEX MATCH "[0-9]+\\.[0-9]+\\.[0-9]+" Oauth2ccHttplib_VERSION "${_oauth2cc_httplib_version_line}")
  find_package(Threads ${_oauth2cc_httplib_quiet})
  if(NOT TARGET Oauth2ccHttplib::Vendored)
    # Header-only: the include folder comes first, ahead of any system httplib.h.
    add_library(Oauth2ccHttplib::Vendored INTERFACE IMPORTED)
    set_target_properties(Oauth2ccHttplib::Vendored PROPERTIES
      INTERFACE_INCLUDE_DIRECTORIES "${OAUTH2CC_HTTPLIB_INCLUDE_DIR}"
      INTERFACE_COMPILE_DEFINITIONS CPPHTTPLIB_OPENSSL_SUPPORT
      INTERFACE_LINK_LIBRARIES Threads::Threads)
  endif()
  set(Oauth2ccHttplib_PROVIDER Oauth2ccHttplib::Vendored)
  unset(_oauth2cc_httplib_version_line)
elseif(TARGET httplib::httplib)
  set(Oauth2ccHttplib_PROVIDER httplib::httplib)
else()
  find_package(httplib CONFIG QUIET)
  if(httplib_FOUND)
    set(Oauth2ccHttplib_PROVIDER httplib::httplib)
    set(Oauth2ccHttplib_VERSION ${httplib_VERSION})
    if(DEFINED HTTPLIB_IS_USING_OPENSSL AND NOT HTTPLIB_IS_USING_OPENSSL)
      message(WARNING "cpp-httplib was built without OpenSSL: oauth2cc::httplib will only do plain http://")
    endif()
  else()
    find_package(PkgConfig QUIET)
    if(PkgConfig_FOUND)
      pkg_check_modules(OAUTH2CC_CPP_HTTPLIB QUIET IMPORTED_TARGET cpp-httplib)
      if(OAUTH2CC_CPP_HTTPLIB_FOUND)
        set(Oauth2ccHttplib_PROVIDER PkgConfig::OAUTH2CC_CPP_HTTPLIB)
        set(Oauth2ccHttplib_VERSION ${OAUTH2CC_CPP_HTTPLIB_VERSION})
      endif()
    endif()
  endif()
endif()

find_package_handle_standard_args(Oauth2ccHttplib
  REQUIRED_VARS Oauth2ccHttplib_PROVIDER OpenSSL_FOUND
  VERSION_VAR Oauth2ccHttplib_VERSION
  REASON_FAILURE_MESSAGE "oauth2cc::httplib needs cpp-httplib (CMake package or pkg-config cpp-httplib) and OpenSSL >= 1.1.1")

if(Oauth2ccHttplib_FOUND)
  add_library(Oauth2ccHttplib::Oauth2ccHttplib INTERFACE IMPORTED)
  set_target_properties(Oauth2ccHttplib::Oauth2ccHttplib PROPERTIES
    INTERFACE_LINK_LIBRARIES "${Oauth2ccHttplib_PROVIDER};OpenSSL::SSL;OpenSSL::Crypto")
endif()

unset(_oauth2cc_httplib_quiet)
