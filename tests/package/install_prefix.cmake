# Installs the build tree into an empty prefix, for the consumers that need one.
#   cmake -DBUILD_DIR=... -DPREFIX=... -DCONFIG=... -P install_prefix.cmake
cmake_minimum_required(VERSION 3.20)
file(REMOVE_RECURSE ${PREFIX})  # files of a previous run must not mask missing ones
execute_process(COMMAND ${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${PREFIX} --config "${CONFIG}"
                RESULT_VARIABLE result)
if(NOT result EQUAL 0)
  message(FATAL_ERROR "cmake --install ${BUILD_DIR} --prefix ${PREFIX} failed (${result})")
endif()
foreach(expected
        include/oauth2cc/oauth2cc.hpp
        include/oauth2cc/core.hpp
        include/oauth2cc-single/oauth2cc/oauth2cc.hpp
        share/cmake/oauth2cc/oauth2ccConfig.cmake
        share/cmake/oauth2cc/oauth2ccConfigVersion.cmake
        share/cmake/oauth2cc/oauth2ccTargets.cmake
        share/cmake/oauth2cc/oauth2ccHttplibTargets.cmake
        share/cmake/oauth2cc/FindOauth2ccHttplib.cmake
        share/pkgconfig/oauth2cc.pc
        share/pkgconfig/oauth2cc-httplib.pc)
  if(NOT EXISTS ${PREFIX}/${expected})
    message(FATAL_ERROR "the installation lacks ${expected}")
  endif()
endforeach()
# Header-only: nothing may land in an architecture-specific directory.
file(GLOB_RECURSE arch_specific RELATIVE ${PREFIX} ${PREFIX}/lib*/*)
if(arch_specific)
  message(FATAL_ERROR "header-only install put files under lib: ${arch_specific}")
endif()
