# Builds tests/package/meson_subproject with meson + ninja, with this source
# tree linked in as its subprojects/oauth2cc.
#   cmake -DSOURCE_DIR=<tests/package> -DOAUTH2CC_SOURCE_DIR=... -DWORK_DIR=...
#         -DCXX_COMPILER=... -DMESON=... -P meson_subproject.cmake
cmake_minimum_required(VERSION 3.20)

foreach(var SOURCE_DIR OAUTH2CC_SOURCE_DIR WORK_DIR CXX_COMPILER MESON)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "meson_subproject.cmake: ${var} is not set")
  endif()
endforeach()

function(run output_var)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE result OUTPUT_VARIABLE output ERROR_VARIABLE error)
  string(REPLACE ";" " " shown "${ARGN}")
  if(NOT result EQUAL 0)
    message(FATAL_ERROR "failed (${result}): ${shown}\n${output}${error}")
  endif()
  message(STATUS "$ ${shown}: ok")
  set(${output_var} "${output}" PARENT_SCOPE)
endfunction()

# The consumer's layout: its meson.build, a copy of the shared sources, and
# subprojects/oauth2cc -> this source tree (as a wrap or a git submodule would put it).
file(REMOVE_RECURSE ${WORK_DIR})
file(MAKE_DIRECTORY ${WORK_DIR}/project/subprojects)
file(COPY ${SOURCE_DIR}/meson_subproject/meson.build DESTINATION ${WORK_DIR}/project)
file(COPY ${SOURCE_DIR}/src DESTINATION ${WORK_DIR}/project)
file(CREATE_LINK ${OAUTH2CC_SOURCE_DIR} ${WORK_DIR}/project/subprojects/oauth2cc SYMBOLIC)

set(ENV{CXX} ${CXX_COMPILER})
# No debug information: the consumer is checked for building and running.
run(ignored ${MESON} setup -Ddebug=false -Doauth2cc:compiled=true ${WORK_DIR}/build ${WORK_DIR}/project)
run(ignored ${MESON} compile -C ${WORK_DIR}/build)
run(tests_json ${MESON} introspect --tests ${WORK_DIR}/build)
# As a subproject oauth2cc must not bring its own tests along.
set(listed)
string(JSON count LENGTH "${tests_json}")
math(EXPR last "${count} - 1")
foreach(index RANGE 0 ${last})
  string(JSON name GET "${tests_json}" ${index} name)
  list(APPEND listed ${name})
endforeach()
list(SORT listed)
if(NOT listed STREQUAL "compiled_consumer;core_consumer;httplib_consumer")
  message(FATAL_ERROR "expected exactly the consumer's three tests, meson has: ${listed}")
endif()
run(ignored ${MESON} test -C ${WORK_DIR}/build --print-errorlogs)
