# Compile options shared by every target: warnings, and optionally sanitizers.
add_library(onevoice_options INTERFACE)
target_compile_options(onevoice_options INTERFACE -Wall -Wextra -Wpedantic -Wshadow
  -Wnon-virtual-dtor -Wold-style-cast -Wcast-align)
if(ONEVOICE_WARNINGS_AS_ERRORS)
  target_compile_options(onevoice_options INTERFACE -Werror)
endif()
if(ONEVOICE_SANITIZE)
  target_compile_options(onevoice_options INTERFACE -fsanitize=address,undefined
    -fno-sanitize-recover=undefined -fno-omit-frame-pointer)
  target_link_options(onevoice_options INTERFACE -fsanitize=address,undefined)
endif()

# Line tables are all a backtrace or a sanitizer report needs; full debug info
# cost a third of the normal variant's compile time (measured on
# integrations/matrix/matrix_adapter.cpp: 37 s with -g, 26 s with -g1), and
# in the sanitizer variant made the test executable a gigabyte that every CTest
# entry maps again. (The later -g1 wins over the build type's -g.)
target_compile_options(onevoice_options INTERFACE
  $<$<OR:$<CONFIG:RelWithDebInfo>,$<BOOL:${ONEVOICE_SANITIZE}>>:-g1>)
# lld when present (scripts/setup installs it): the test executable links in
# 8 s instead of 23 s with the default linker.
include(CheckLinkerFlag)
check_linker_flag(CXX -fuse-ld=lld ONEVOICE_HAVE_LLD)
if(ONEVOICE_HAVE_LLD)
  add_link_options(-fuse-ld=lld)
endif()
