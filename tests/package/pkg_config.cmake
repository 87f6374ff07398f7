# Builds the consumers with nothing but pkg-config and the compiler, from a
# copy of the installed prefix at another place: proves that oauth2cc.pc and
# oauth2cc-httplib.pc are relocatable.
#   cmake -DPREFIX=<installed> -DWORK_DIR=... -DSOURCE_DIR=<tests/package>
#         -DCXX_COMPILER=... -DPKG_CONFIG=... -DEXPECTED_VERSION=... -P pkg_config.cmake
cmake_minimum_required(VERSION 3.20)

foreach(var PREFIX WORK_DIR SOURCE_DIR CXX_COMPILER PKG_CONFIG EXPECTED_VERSION)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "pkg_config.cmake: ${var} is not set")
  endif()
endforeach()

function(run output_var)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE result OUTPUT_VARIABLE output ERROR_VARIABLE error
                  OUTPUT_STRIP_TRAILING_WHITESPACE)
  string(REPLACE ";" " " shown "${ARGN}")
  message(STATUS "$ ${shown}\n${output}${error}")
  if(NOT result EQUAL 0)
    message(FATAL_ERROR "failed (${result}): ${shown}")
  endif()
  set(${output_var} "${output}" PARENT_SCOPE)
endfunction()

# The copy lives in a directory the installation never knew about.
file(REMOVE_RECURSE ${WORK_DIR})
set(moved ${WORK_DIR}/moved-prefix)
file(MAKE_DIRECTORY ${WORK_DIR})
file(COPY ${PREFIX}/ DESTINATION ${moved})

file(GLOB pc_files ${moved}/share/pkgconfig/oauth2cc*.pc)
list(LENGTH pc_files count)
if(NOT count EQUAL 4)
  message(FATAL_ERROR "expected oauth2cc.pc, oauth2cc-httplib.pc, oauth2cc-curl.pc and oauth2cc-grpc.pc in "
                      "${moved}/share/pkgconfig, found: ${pc_files}")
endif()

set(ENV{PKG_CONFIG_PATH} ${moved}/share/pkgconfig)
# Flags are compared as pkg-config prints them, so no system-dir filtering surprises.
set(ENV{PKG_CONFIG_ALLOW_SYSTEM_CFLAGS} 1)

run(version ${PKG_CONFIG} --modversion oauth2cc)
if(NOT version STREQUAL EXPECTED_VERSION)
  message(FATAL_ERROR "pkg-config reports oauth2cc ${version}, expected ${EXPECTED_VERSION}")
endif()

foreach(case "oauth2cc;core_consumer" "oauth2cc-httplib;httplib_consumer")
  list(GET case 0 module)
  list(GET case 1 program)
  run(flags ${PKG_CONFIG} --cflags --libs ${module})
  separate_arguments(flags UNIX_COMMAND "${flags}")
  # The include directory must be the copy's, found through ${pcfiledir}.
  file(REAL_PATH ${moved}/include expected_include)
  set(found_include FALSE)
  foreach(flag IN LISTS flags)
    if(flag MATCHES "^-I(.+)$")
      file(REAL_PATH "${CMAKE_MATCH_1}" include)
      if(include STREQUAL expected_include)
        set(found_include TRUE)
      endif()
    endif()
    string(FIND "${flag}" "${PREFIX}" at_original)
    if(NOT at_original EQUAL -1)
      message(FATAL_ERROR "${module}: ${flag} points into the original prefix ${PREFIX}")
    endif()
  endforeach()
  if(NOT found_include)
    message(FATAL_ERROR "${module}: no -I for ${expected_include} in: ${flags}")
  endif()
  run(ignored ${CXX_COMPILER} -std=c++20 ${SOURCE_DIR}/src/${program}.cpp -o ${WORK_DIR}/${program} ${flags})
  run(ignored ${WORK_DIR}/${program})
endforeach()
