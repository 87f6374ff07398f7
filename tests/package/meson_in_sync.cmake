# meson.build lists the unit test sources by hand (meson has no glob) and
# repeats the version; this fails as soon as either drifts from the CMake side.
#   cmake -DOAUTH2CC_SOURCE_DIR=... -DEXPECTED_VERSION=... -P meson_in_sync.cmake
cmake_minimum_required(VERSION 3.20)

file(READ ${OAUTH2CC_SOURCE_DIR}/meson.build meson)

string(REGEX MATCHALL "'tests/unit/[^']+\\.cpp'" listed "${meson}")
string(REPLACE "'" "" listed "${listed}")
file(GLOB on_disk RELATIVE ${OAUTH2CC_SOURCE_DIR} ${OAUTH2CC_SOURCE_DIR}/tests/unit/*.cpp)

set(problems)
foreach(file IN LISTS on_disk)
  if(NOT file IN_LIST listed)
    string(APPEND problems "\n  ${file} is not listed in meson.build's unit_sources: add it there")
  endif()
endforeach()
foreach(file IN LISTS listed)
  if(NOT file IN_LIST on_disk)
    string(APPEND problems "\n  meson.build lists ${file}, which does not exist: remove it there")
  endif()
endforeach()

if(NOT meson MATCHES "version: '([^']+)'")
  string(APPEND problems "\n  no version: '...' in meson.build's project()")
elseif(NOT CMAKE_MATCH_1 STREQUAL EXPECTED_VERSION)
  string(APPEND problems "\n  meson.build has version ${CMAKE_MATCH_1}, CMakeLists.txt ${EXPECTED_VERSION}")
endif()
file(STRINGS ${OAUTH2CC_SOURCE_DIR}/include/oauth2cc/version.hpp header_version
     REGEX "#define OAUTH2CC_VERSION_STRING")
string(FIND "${header_version}" "\"${EXPECTED_VERSION}\"" at)
if(at EQUAL -1)
  string(APPEND problems "\n  version.hpp says ${header_version}, CMakeLists.txt ${EXPECTED_VERSION}")
endif()

if(problems)
  message(FATAL_ERROR "meson.build is out of step with the CMake build:${problems}")
endif()
list(LENGTH on_disk count)
message(STATUS "meson.build lists all ${count} unit test sources; versions agree (${EXPECTED_VERSION})")
