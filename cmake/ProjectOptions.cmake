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
