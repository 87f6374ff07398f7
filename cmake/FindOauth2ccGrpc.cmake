# FindOauth2ccGrpc: gRPC C++ (grpc++), for <oauth2cc/adapters/grpc_call.hpp>.
#
# Shipped inside oauth2cc's installed CMake package, so a consumer runs the
# same discovery the library was tested with. Looks for, in order:
#   1. an existing gRPC::grpc++ target (gRPC added as a subproject, or found already),
#   2. pkg-config `grpc++` (Debian's libgrpc++-dev; its CMake package fails
#      to load unless protobuf-compiler-grpc and libprotobuf-dev are there too),
#   3. gRPC's CMake package.
#
# Result:
#   Oauth2ccGrpc_FOUND
#   Oauth2ccGrpc_VERSION
#   Oauth2ccGrpc::Oauth2ccGrpc   IMPORTED INTERFACE target: a stable name for
#     the exported oauth2cc::grpc to refer to, whatever provided grpc++.

if(TARGET Oauth2ccGrpc::Oauth2ccGrpc)
  set(Oauth2ccGrpc_FOUND TRUE)
  return()
endif()

include(FindPackageHandleStandardArgs)

set(_oauth2cc_grpc_provider)
set(Oauth2ccGrpc_VERSION)
if(TARGET gRPC::grpc++)
  set(_oauth2cc_grpc_provider gRPC::grpc++)
else()
  find_package(PkgConfig QUIET)
  if(PkgConfig_FOUND)
    pkg_check_modules(OAUTH2CC_GRPCPP QUIET IMPORTED_TARGET grpc++)
    if(OAUTH2CC_GRPCPP_FOUND)
      set(_oauth2cc_grpc_provider PkgConfig::OAUTH2CC_GRPCPP)
      set(Oauth2ccGrpc_VERSION ${OAUTH2CC_GRPCPP_VERSION})
    endif()
  endif()
  if(NOT _oauth2cc_grpc_provider)
    find_package(gRPC CONFIG QUIET)
    if(gRPC_FOUND AND TARGET gRPC::grpc++)
      set(_oauth2cc_grpc_provider gRPC::grpc++)
      set(Oauth2ccGrpc_VERSION ${gRPC_VERSION})
    endif()
  endif()
endif()
set(Oauth2ccGrpc_PROVIDER ${_oauth2cc_grpc_provider})
unset(_oauth2cc_grpc_provider)

find_package_handle_standard_args(Oauth2ccGrpc
  REQUIRED_VARS Oauth2ccGrpc_PROVIDER
  VERSION_VAR Oauth2ccGrpc_VERSION
  REASON_FAILURE_MESSAGE "oauth2cc::grpc needs gRPC C++ (pkg-config grpc++ or gRPC's CMake package, Debian: libgrpc++-dev)")

if(Oauth2ccGrpc_FOUND)
  add_library(Oauth2ccGrpc::Oauth2ccGrpc INTERFACE IMPORTED)
  set_target_properties(Oauth2ccGrpc::Oauth2ccGrpc PROPERTIES INTERFACE_LINK_LIBRARIES "${Oauth2ccGrpc_PROVIDER}")
endif()
