# oauth2cc_precompile_test_headers(<dir>): gives every test program defined in
# <dir> and below (an executable linking oauth2cc_test_main) with at least
# three source files a precompiled prefix of the third-party headers all of
# them parse; for fewer, building the prefix costs more than it saves. Called
# once, after every test program is defined, so a new test program gets it
# without asking.

set(OAUTH2CC_TEST_PCH_HEADERS
  <algorithm> <atomic> <chrono> <cstdint> <functional> <map> <memory> <mutex> <optional>
  <string> <string_view> <system_error> <thread> <utility> <vector>
  <doctest/doctest.h> <nlohmann/json.hpp>)

function(oauth2cc_precompile_test_headers dir)
  get_property(targets DIRECTORY ${dir} PROPERTY BUILDSYSTEM_TARGETS)
  foreach(target IN LISTS targets)
    get_target_property(type ${target} TYPE)
    get_target_property(libraries ${target} LINK_LIBRARIES)
    get_target_property(sources ${target} SOURCES)
    list(LENGTH sources source_count)
    if(NOT type STREQUAL "EXECUTABLE" OR NOT "oauth2cc_test_main" IN_LIST libraries OR source_count LESS 3)
      continue()
    endif()
    set(headers ${OAUTH2CC_TEST_PCH_HEADERS})
    # httplib reaches a program through oauth2cc::httplib or the CLI's and the
    # demo's parts, which link it publicly.
    if(libraries MATCHES "httplib|oauth2cc_cli_parts|oauth2cc_demo_parts")
      list(APPEND headers <httplib.h>)
    endif()
    target_precompile_headers(${target} PRIVATE ${headers})
  endforeach()
  get_property(subdirectories DIRECTORY ${dir} PROPERTY SUBDIRECTORIES)
  foreach(subdirectory IN LISTS subdirectories)
    oauth2cc_precompile_test_headers(${subdirectory})
  endforeach()
endfunction()
