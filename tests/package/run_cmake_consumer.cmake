# Configures, builds and tests one consumer project from scratch.
#   cmake -DSOURCE_DIR=... -DBINARY_DIR=... -DGENERATOR=... -DCXX_COMPILER=...
#         [-DMAKE_PROGRAM=...] [-DCONFIG=...] [-DCMAKE_PREFIX_PATH=...] [-DOAUTH2CC_<NAME>=...]
#         -P run_cmake_consumer.cmake
# CMAKE_PREFIX_PATH and every OAUTH2CC_* variable are passed on to the consumer.
cmake_minimum_required(VERSION 3.20)

foreach(var SOURCE_DIR BINARY_DIR GENERATOR CXX_COMPILER)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "run_cmake_consumer.cmake: ${var} is not set")
  endif()
endforeach()
if(NOT CONFIG)
  set(CONFIG Debug)
endif()

function(step)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE result)
  if(NOT result EQUAL 0)
    string(REPLACE ";" " " shown "${ARGN}")
    message(FATAL_ERROR "failed (${result}): ${shown}")
  endif()
endfunction()

# From scratch: a stale cache could hide a package that no longer resolves.
file(REMOVE_RECURSE ${BINARY_DIR})

# The consumers use neither gRPC nor libcurl: their discovery (pkg-config
# grpc++ alone takes 20 to 30 s) is left out, as a consumer that needs neither may.
# Line tables only (-g1), as this project's own presets build: a consumer is
# checked for compiling, linking and running, and full debug information
# would be a quarter of its compile time.
set(configure ${CMAKE_COMMAND} -S ${SOURCE_DIR} -B ${BINARY_DIR} -G ${GENERATOR}
    -DCMAKE_CXX_COMPILER=${CXX_COMPILER} -DCMAKE_BUILD_TYPE=${CONFIG} -DCMAKE_CXX_FLAGS_DEBUG=-g1
    -DCMAKE_DISABLE_FIND_PACKAGE_Oauth2ccGrpc=ON -DCMAKE_DISABLE_FIND_PACKAGE_Oauth2ccCurl=ON)
if(MAKE_PROGRAM)
  list(APPEND configure -DCMAKE_MAKE_PROGRAM=${MAKE_PROGRAM})
endif()
if(DEFINED CMAKE_PREFIX_PATH)
  list(APPEND configure "-DCMAKE_PREFIX_PATH=${CMAKE_PREFIX_PATH}")
endif()
get_cmake_property(variables VARIABLES)
foreach(variable IN LISTS variables)
  if(variable MATCHES "^OAUTH2CC_")
    list(APPEND configure "-D${variable}=${${variable}}")
  endif()
endforeach()
step(${configure})
step(${CMAKE_COMMAND} --build ${BINARY_DIR} --config ${CONFIG})
step(${CMAKE_CTEST_COMMAND} --test-dir ${BINARY_DIR} -C ${CONFIG} --output-on-failure --no-tests=error)
