# Install rules for the header-only library: the headers, a relocatable CMake
# package (oauth2cc::oauth2cc, oauth2cc::httplib, oauth2cc::yaml, oauth2cc::curl,
# oauth2cc::grpc, and oauth2cc::compiled where it was built) and pkg-config files.
# Only the compiled library depends on the architecture: it goes under libdir,
# everything else under datadir.

include(CMakePackageConfigHelpers)

set(OAUTH2CC_INSTALL_CMAKEDIR "${CMAKE_INSTALL_DATADIR}/cmake/oauth2cc"
    CACHE STRING "Where oauth2cc's CMake package files are installed")
set(OAUTH2CC_INSTALL_PKGCONFIGDIR "${CMAKE_INSTALL_DATADIR}/pkgconfig"
    CACHE STRING "Where oauth2cc's pkg-config files are installed")
mark_as_advanced(OAUTH2CC_INSTALL_CMAKEDIR OAUTH2CC_INSTALL_PKGCONFIGDIR)

# --- headers -----------------------------------------------------------------
install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/
        DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
        FILES_MATCHING PATTERN "*.hpp")
# The generated single header gets an include root of its own: it holds the
# same declarations as the split headers, so the two must never be on one
# include path. -I<prefix>/include/oauth2cc-single selects it instead.
install(FILES ${PROJECT_SOURCE_DIR}/single_include/oauth2cc/oauth2cc.hpp
        DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/oauth2cc-single/oauth2cc)

# --- CMake package -------------------------------------------------------------
# One export set per dependency: the config file loads the httplib and yaml
# ones only after its own discovery found cpp-httplib or yaml-cpp on the
# consumer's machine.
install(TARGETS oauth2cc EXPORT oauth2ccTargets)
install(TARGETS oauth2cc_httplib EXPORT oauth2ccHttplibTargets)
install(TARGETS oauth2cc_yaml EXPORT oauth2ccYamlTargets)
install(TARGETS oauth2cc_curl EXPORT oauth2ccCurlTargets)
install(TARGETS oauth2cc_grpc EXPORT oauth2ccGrpcTargets)
if(TARGET oauth2cc_compiled)
  install(TARGETS oauth2cc_compiled EXPORT oauth2ccCompiledTargets)
  install(EXPORT oauth2ccCompiledTargets
          NAMESPACE oauth2cc::
          DESTINATION ${OAUTH2CC_INSTALL_CMAKEDIR})
endif()
install(EXPORT oauth2ccTargets
        NAMESPACE oauth2cc::
        DESTINATION ${OAUTH2CC_INSTALL_CMAKEDIR})
install(EXPORT oauth2ccHttplibTargets
        NAMESPACE oauth2cc::
        DESTINATION ${OAUTH2CC_INSTALL_CMAKEDIR})
install(EXPORT oauth2ccYamlTargets
        NAMESPACE oauth2cc::
        DESTINATION ${OAUTH2CC_INSTALL_CMAKEDIR})
install(EXPORT oauth2ccCurlTargets
        NAMESPACE oauth2cc::
        DESTINATION ${OAUTH2CC_INSTALL_CMAKEDIR})
install(EXPORT oauth2ccGrpcTargets
        NAMESPACE oauth2cc::
        DESTINATION ${OAUTH2CC_INSTALL_CMAKEDIR})

set(OAUTH2CC_NLOHMANN_JSON_MIN_VERSION 3.9)
configure_package_config_file(
  ${PROJECT_SOURCE_DIR}/cmake/oauth2ccConfig.cmake.in
  ${PROJECT_BINARY_DIR}/package/oauth2ccConfig.cmake
  INSTALL_DESTINATION ${OAUTH2CC_INSTALL_CMAKEDIR}
  NO_SET_AND_CHECK_MACRO)

# Before 1.0 a minor release may break the API, so only 0.N.x satisfies 0.N.
if(PROJECT_VERSION_MAJOR EQUAL 0)
  set(_oauth2cc_compatibility SameMinorVersion)
else()
  set(_oauth2cc_compatibility SameMajorVersion)
endif()
write_basic_package_version_file(
  ${PROJECT_BINARY_DIR}/package/oauth2ccConfigVersion.cmake
  COMPATIBILITY ${_oauth2cc_compatibility}
  ARCH_INDEPENDENT)
unset(_oauth2cc_compatibility)

install(FILES
          ${PROJECT_BINARY_DIR}/package/oauth2ccConfig.cmake
          ${PROJECT_BINARY_DIR}/package/oauth2ccConfigVersion.cmake
          ${PROJECT_SOURCE_DIR}/cmake/FindOauth2ccHttplib.cmake
          ${PROJECT_SOURCE_DIR}/cmake/FindOauth2ccYaml.cmake
          ${PROJECT_SOURCE_DIR}/cmake/FindOauth2ccCurl.cmake
          ${PROJECT_SOURCE_DIR}/cmake/FindOauth2ccGrpc.cmake
        DESTINATION ${OAUTH2CC_INSTALL_CMAKEDIR})

# --- pkg-config ----------------------------------------------------------------
# prefix is derived from the .pc file's own location (${pcfiledir}), so a
# copied or moved installation still works. Only absolute install dirs, which
# cannot move anyway, are written out literally.
if(IS_ABSOLUTE "${OAUTH2CC_INSTALL_PKGCONFIGDIR}")
  set(OAUTH2CC_PC_PREFIX "${CMAKE_INSTALL_PREFIX}")
else()
  # "/p/share/pkgconfig" relative to "/p" gives the "../.." to climb.
  file(RELATIVE_PATH _oauth2cc_up "/p/${OAUTH2CC_INSTALL_PKGCONFIGDIR}" "/p")
  string(REGEX REPLACE "/$" "" _oauth2cc_up "${_oauth2cc_up}")
  set(OAUTH2CC_PC_PREFIX "\${pcfiledir}/${_oauth2cc_up}")
  unset(_oauth2cc_up)
endif()
if(IS_ABSOLUTE "${CMAKE_INSTALL_INCLUDEDIR}")
  set(OAUTH2CC_PC_INCLUDEDIR "${CMAKE_INSTALL_INCLUDEDIR}")
else()
  set(OAUTH2CC_PC_INCLUDEDIR "\${prefix}/${CMAKE_INSTALL_INCLUDEDIR}")
endif()
# The same templates serve meson.build, hence variables of our own.
set(OAUTH2CC_PC_VERSION ${PROJECT_VERSION})
set(OAUTH2CC_PC_DESCRIPTION ${PROJECT_DESCRIPTION})

configure_file(${PROJECT_SOURCE_DIR}/cmake/oauth2cc.pc.in
               ${PROJECT_BINARY_DIR}/package/oauth2cc.pc @ONLY)
foreach(part IN ITEMS httplib curl grpc)
  configure_file(${PROJECT_SOURCE_DIR}/cmake/oauth2cc-${part}.pc.in
                 ${PROJECT_BINARY_DIR}/package/oauth2cc-${part}.pc @ONLY)
endforeach()
install(FILES
          ${PROJECT_BINARY_DIR}/package/oauth2cc.pc
          ${PROJECT_BINARY_DIR}/package/oauth2cc-httplib.pc
          ${PROJECT_BINARY_DIR}/package/oauth2cc-curl.pc
          ${PROJECT_BINARY_DIR}/package/oauth2cc-grpc.pc
        DESTINATION ${OAUTH2CC_INSTALL_PKGCONFIGDIR})
