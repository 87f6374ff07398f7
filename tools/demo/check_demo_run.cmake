# Runs oauth2cc-demo and checks the counts its summary prints.
#   cmake -DDEMO=<oauth2cc-demo> -DBATCHES=<n> "-DARGS=<more args>" -P check_demo_run.cmake
# Expects every batch accepted, exactly one 401 recovered (the receiver revokes
# one token), at least two tokens fetched with oauth2cc's and the token
# endpoint's counts equal, and neither a token nor the client secret printed.
execute_process(COMMAND ${DEMO} --batches ${BATCHES} ${ARGS}
                OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE status)
message("${out}${err}")

set(failures)
# The number after `pattern` in the output, or -1.
function(number_after pattern out_var)
  if(out MATCHES "${pattern}([0-9]+)")
    set(${out_var} ${CMAKE_MATCH_1} PARENT_SCOPE)
  else()
    set(${out_var} -1 PARENT_SCOPE)
  endif()
endfunction()
number_after("batches sent: " sent)
number_after("batches sent: [0-9]+, accepted: " accepted)
number_after("tokens fetched: " fetched)
number_after("tokens fetched: [0-9]+ \\(oauth2cc AuthenticatorStats\\), " issued)
number_after("401s recovered: " recovered)
string(REGEX MATCHALL "\nbatch +[0-9]+/[0-9]+: [^\n]*HTTP 200" accepted_lines "\n${out}")
list(LENGTH accepted_lines accepted_lines)
string(FIND "${out}${err}" "$ENV{OAUTH2CC_DEMO_CLIENT_SECRET}" secret_at)

if(NOT status EQUAL 0)
  list(APPEND failures "exit status ${status}, not 0")
endif()
if(NOT sent EQUAL BATCHES OR NOT accepted EQUAL BATCHES OR NOT accepted_lines EQUAL BATCHES)
  list(APPEND failures "batches sent ${sent}, accepted ${accepted}, ending in HTTP 200 ${accepted_lines}: not ${BATCHES}")
endif()
if(fetched LESS 2 OR NOT fetched EQUAL issued)
  list(APPEND failures "tokens fetched ${fetched} (oauth2cc), ${issued} (endpoint): not equal and at least 2")
endif()
if(NOT recovered EQUAL 1)
  list(APPEND failures "401s recovered: ${recovered}, not 1")
endif()
# A JWT is three base64url parts; the demo prints none, nor the secret.
if(out MATCHES "eyJ[A-Za-z0-9_-]*\\.[A-Za-z0-9_-]+\\.")
  list(APPEND failures "a token was printed")
endif()
if(DEFINED ENV{OAUTH2CC_DEMO_CLIENT_SECRET} AND NOT secret_at EQUAL -1)
  list(APPEND failures "the client secret was printed")
endif()

if(failures)
  list(JOIN failures "\n  " text)
  message(FATAL_ERROR "oauth2cc-demo run:\n  ${text}")
endif()
