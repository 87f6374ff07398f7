# For OAUTH2CC_TEST_SINGLE_HEADER. Tests and examples include the split
# headers (<oauth2cc/testing.hpp>, ...); here each of those names becomes a
# shim that includes the generated single header, so everything they see of
# oauth2cc comes from single_include/oauth2cc/oauth2cc.hpp.
#
# Sets OAUTH2CC_SINGLE_HEADER_SHIMS_DIR.

set(OAUTH2CC_SINGLE_HEADER_SHIMS_DIR ${PROJECT_BINARY_DIR}/single_header_shims)

file(GLOB_RECURSE _oauth2cc_headers CONFIGURE_DEPENDS RELATIVE ${PROJECT_SOURCE_DIR}/include
     ${PROJECT_SOURCE_DIR}/include/oauth2cc/*.hpp)
# oauth2cc.hpp itself is found in single_include/, which comes first.
list(REMOVE_ITEM _oauth2cc_headers oauth2cc/oauth2cc.hpp)
# Headers outside the amalgamation (they need a further library) stay
# themselves; what they include of oauth2cc still comes through the shims.
set(_oauth2cc_addon_headers oauth2cc/config_yaml.hpp)

# A shim for a header that no longer exists would hide a stale #include.
file(GLOB_RECURSE _oauth2cc_old_shims RELATIVE ${OAUTH2CC_SINGLE_HEADER_SHIMS_DIR}
     ${OAUTH2CC_SINGLE_HEADER_SHIMS_DIR}/*)
foreach(_oauth2cc_shim IN LISTS _oauth2cc_old_shims)
  if(NOT _oauth2cc_shim IN_LIST _oauth2cc_headers)
    file(REMOVE ${OAUTH2CC_SINGLE_HEADER_SHIMS_DIR}/${_oauth2cc_shim})
  endif()
endforeach()

# file(CONFIGURE) leaves unchanged files alone, so a re-configure rebuilds nothing.
foreach(_oauth2cc_header IN LISTS _oauth2cc_headers)
  if(_oauth2cc_header IN_LIST _oauth2cc_addon_headers)
    set(_oauth2cc_target "\"${PROJECT_SOURCE_DIR}/include/${_oauth2cc_header}\"")
  else()
    set(_oauth2cc_target "<oauth2cc/oauth2cc.hpp>")
  endif()
  file(CONFIGURE OUTPUT ${OAUTH2CC_SINGLE_HEADER_SHIMS_DIR}/${_oauth2cc_header}
       CONTENT "#pragma once\n// Generated for OAUTH2CC_TEST_SINGLE_HEADER: stands in for include/${_oauth2cc_header}.\n#include ${_oauth2cc_target}\n")
endforeach()

unset(_oauth2cc_headers)
unset(_oauth2cc_addon_headers)
unset(_oauth2cc_target)
unset(_oauth2cc_old_shims)
unset(_oauth2cc_shim)
unset(_oauth2cc_header)
