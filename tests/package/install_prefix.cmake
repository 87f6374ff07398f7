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
# Header-only but for the compiled library: nothing else may land in an
# architecture-specific directory, and that library only with its CMake
# targets beside the others.
file(GLOB_RECURSE arch_specific RELATIVE ${PREFIX} ${PREFIX}/lib*/*)
foreach(file IN LISTS arch_specific)
  get_filename_component(name ${file} NAME)
  if(NOT name STREQUAL "liboauth2cc.a")
    message(FATAL_ERROR "the install put more than the compiled library under lib: ${arch_specific}")
  endif()
endforeach()
if(arch_specific AND NOT EXISTS ${PREFIX}/share/cmake/oauth2cc/oauth2ccCompiledTargets.cmake)
  message(FATAL_ERROR "the compiled library is installed, but not its CMake targets (oauth2ccCompiledTargets.cmake)")
endif()
