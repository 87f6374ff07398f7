# FindOauth2ccYaml: yaml-cpp, for <oauth2cc/config_yaml.hpp>.
#
# Used by oauth2cc's own build and shipped inside its installed CMake package,
# like FindOauth2ccHttplib.cmake. Looks for, in order:
#   1. an existing yaml-cpp::yaml-cpp or yaml-cpp target (yaml-cpp as a subproject),
#   2. yaml-cpp's CMake package (0.8 names its target yaml-cpp::yaml-cpp,
#      0.7 — Debian 12 — plain yaml-cpp),
#   3. pkg-config `yaml-cpp`.
#
# Result:
#   Oauth2ccYaml_FOUND
#   Oauth2ccYaml_PROVIDER         the yaml-cpp target that was found
#   Oauth2ccYaml_VERSION          its version, when known
#   Oauth2ccYaml::Oauth2ccYaml    IMPORTED INTERFACE target with a stable name,
#                                 for the exported oauth2cc::yaml to refer to.

if(TARGET Oauth2ccYaml::Oauth2ccYaml)
  set(Oauth2ccYaml_FOUND TRUE)
  return()
endif()

include(FindPackageHandleStandardArgs)

set(Oauth2ccYaml_PROVIDER)
set(Oauth2ccYaml_VERSION)
if(NOT TARGET yaml-cpp::yaml-cpp AND NOT TARGET yaml-cpp)
  find_package(yaml-cpp CONFIG QUIET)
  if(yaml-cpp_FOUND)
    set(Oauth2ccYaml_VERSION ${yaml-cpp_VERSION})
  endif()
endif()
if(TARGET yaml-cpp::yaml-cpp)
  set(Oauth2ccYaml_PROVIDER yaml-cpp::yaml-cpp)
elseif(TARGET yaml-cpp)
  set(Oauth2ccYaml_PROVIDER yaml-cpp)
else()
  find_package(PkgConfig QUIET)
  if(PkgConfig_FOUND)
    pkg_check_modules(OAUTH2CC_YAML_CPP QUIET IMPORTED_TARGET yaml-cpp)
    if(OAUTH2CC_YAML_CPP_FOUND)
      set(Oauth2ccYaml_PROVIDER PkgConfig::OAUTH2CC_YAML_CPP)
      set(Oauth2ccYaml_VERSION ${OAUTH2CC_YAML_CPP_VERSION})
    endif()
  endif()
endif()

find_package_handle_standard_args(Oauth2ccYaml
  REQUIRED_VARS Oauth2ccYaml_PROVIDER
  VERSION_VAR Oauth2ccYaml_VERSION
  REASON_FAILURE_MESSAGE "oauth2cc::yaml needs yaml-cpp (CMake package or pkg-config yaml-cpp, on Debian libyaml-cpp-dev)")

if(Oauth2ccYaml_FOUND)
  add_library(Oauth2ccYaml::Oauth2ccYaml INTERFACE IMPORTED)
  set_target_properties(Oauth2ccYaml::Oauth2ccYaml PROPERTIES INTERFACE_LINK_LIBRARIES "${Oauth2ccYaml_PROVIDER}")
endif()
