# FindLibClang: locate libclang's C API (clang-c/Index.h and libclang.so), 17 or newer, the
# newest first.
#
# perfaudit reads operator kinds from the AST (clang_getCursorBinaryOperatorKind), which the C
# API has from LLVM 17 on (CINDEX_VERSION_MINOR 64); an older libclang is passed over, and
# named in the failure message when it is all there is.
# Looks, in order, at LIBCLANG_ROOT (an LLVM prefix such as /usr/lib/llvm-19), at
# llvm-config-N / llvm-config on PATH, and at Debian's /usr/lib/llvm-N layout.
# Defines LibClang::LibClang, LibClang_FOUND, LibClang_VERSION and
# LibClang_RESOURCE_DIR (the directory that holds clang's builtin headers, such as
# stddef.h, under include/), which perfaudit passes to the parser as a fallback.

set(_libclang_versions 22 21 20 19 18 17)
set(_libclang_min_cindex_minor 64)
set(_libclang_prefixes)
if(LIBCLANG_ROOT)
  list(APPEND _libclang_prefixes "${LIBCLANG_ROOT}")
endif()
foreach(_v IN LISTS _libclang_versions)
  find_program(_libclang_llvm_config_${_v} NAMES llvm-config-${_v}
               PATHS /usr/lib/llvm-${_v}/bin NO_CACHE)
  if(_libclang_llvm_config_${_v})
    execute_process(COMMAND ${_libclang_llvm_config_${_v}} --prefix
                    OUTPUT_VARIABLE _p OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
    if(_p)
      list(APPEND _libclang_prefixes "${_p}")
    endif()
  endif()
  list(APPEND _libclang_prefixes /usr/lib/llvm-${_v} /usr/local/opt/llvm@${_v})
endforeach()
find_program(_libclang_llvm_config llvm-config NO_CACHE)
if(_libclang_llvm_config)
  execute_process(COMMAND ${_libclang_llvm_config} --prefix
                  OUTPUT_VARIABLE _p OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
  if(_p)
    list(APPEND _libclang_prefixes "${_p}")
  endif()
endif()
list(APPEND _libclang_prefixes /usr /usr/local)

set(_libclang_too_old)
foreach(_prefix IN LISTS _libclang_prefixes)
  if(NOT LibClang_INCLUDE_DIR AND EXISTS "${_prefix}/include/clang-c/Index.h")
    file(STRINGS "${_prefix}/include/clang-c/Index.h" _minor REGEX "^#define CINDEX_VERSION_MINOR")
    string(REGEX REPLACE ".* ([0-9]+)$" "\\1" _minor "${_minor}")
    if(_minor LESS _libclang_min_cindex_minor)
      list(APPEND _libclang_too_old "${_prefix} (C API 0.${_minor})")
      continue()
    endif()
    find_library(_libclang_lib NAMES clang libclang PATHS "${_prefix}/lib" NO_DEFAULT_PATH NO_CACHE)
    if(_libclang_lib)
      set(LibClang_INCLUDE_DIR "${_prefix}/include")
      set(LibClang_LIBRARY "${_libclang_lib}")
      set(_libclang_prefix "${_prefix}")
    endif()
    unset(_libclang_lib)
  endif()
endforeach()

if(LibClang_INCLUDE_DIR)
  file(STRINGS "${LibClang_INCLUDE_DIR}/clang-c/Index.h" _minor REGEX "^#define CINDEX_VERSION_MINOR")
  string(REGEX REPLACE ".* ([0-9]+)$" "\\1" LibClang_CINDEX_MINOR "${_minor}")
  # The builtin headers live in <prefix>/lib/clang/<version>/include (<version> is the
  # major number alone from LLVM 16 on).
  file(GLOB _resource_dirs LIST_DIRECTORIES true "${_libclang_prefix}/lib/clang/*")
  foreach(_d IN LISTS _resource_dirs)
    if(EXISTS "${_d}/include/stddef.h")
      set(LibClang_RESOURCE_DIR "${_d}")
      get_filename_component(LibClang_VERSION "${_d}" NAME)
    endif()
  endforeach()
endif()

set(_libclang_failure "perfaudit needs libclang 17 or newer (operator kinds in the C API): install libclang-19-dev (scripts/deps.sh does) or set LIBCLANG_ROOT to an LLVM 17+ prefix")
if(_libclang_too_old)
  string(REPLACE ";" ", " _libclang_too_old "${_libclang_too_old}")
  string(APPEND _libclang_failure ". Too old: ${_libclang_too_old}")
endif()
include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(LibClang REQUIRED_VARS LibClang_LIBRARY LibClang_INCLUDE_DIR
                                  VERSION_VAR LibClang_VERSION
                                  REASON_FAILURE_MESSAGE "${_libclang_failure}")
if(LibClang_FOUND AND NOT TARGET LibClang::LibClang)
  add_library(LibClang::LibClang UNKNOWN IMPORTED)
  set_target_properties(LibClang::LibClang PROPERTIES
    IMPORTED_LOCATION "${LibClang_LIBRARY}"
    INTERFACE_INCLUDE_DIRECTORIES "${LibClang_INCLUDE_DIR}")
endif()
