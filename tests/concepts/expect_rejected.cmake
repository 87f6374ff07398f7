# Compiles rejected.cpp with one OAUTH2CC_CASE_<CASE> defined. CASE `valid`
# must compile; any other must be refused with a message naming the concept
# missed (EXPECT, a regular expression over the compiler's output).
# cmake -DCOMPILER=... -DINCLUDE_DIR=... -DSOURCE=... -DCASE=... [-DEXPECT=...] -P expect_rejected.cmake
execute_process(
  COMMAND ${COMPILER} -std=c++20 -fsyntax-only -I${INCLUDE_DIR} -DOAUTH2CC_CASE_${CASE} ${SOURCE}
  RESULT_VARIABLE status
  OUTPUT_VARIABLE output
  ERROR_VARIABLE output)
if(CASE STREQUAL "valid")
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "the types that model every concept were refused:\n${output}")
  endif()
  return()
endif()
if(status EQUAL 0)
  message(FATAL_ERROR "a type missing a requirement of ${CASE} was accepted")
endif()
if(NOT output MATCHES "${EXPECT}")
  message(FATAL_ERROR "refused, but the message does not name the concept (${EXPECT}):\n${output}")
endif()
message(STATUS "refused, naming the concept: ${CMAKE_MATCH_0}")
