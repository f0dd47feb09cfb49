# libFuzzer targets (fuzz/*_fuzz.cpp), configured instead of the bot and its
# tests when ONEVOICE_FUZZ is on. Each target links only the sources its code
# path needs, so the whole fuzz build takes a few minutes; scripts/fuzz builds
# and runs them.
if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
  message(FATAL_ERROR "ONEVOICE_FUZZ needs clang (libFuzzer), e.g. "
    "-DCMAKE_CXX_COMPILER=clang++-14; this is ${CMAKE_CXX_COMPILER_ID}")
endif()

# Everything is compiled with coverage instrumentation and the sanitizers;
# only the executables link libFuzzer's main. A UBSan finding aborts, so the
# fuzzer keeps the input instead of printing a warning and going on.
add_library(onevoice_fuzz_options INTERFACE)
target_compile_options(onevoice_fuzz_options INTERFACE -gline-tables-only -O1 -fno-omit-frame-pointer
  -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all)
target_link_options(onevoice_fuzz_options INTERFACE -fsanitize=fuzzer,address,undefined)
target_include_directories(onevoice_fuzz_options INTERFACE ${PROJECT_SOURCE_DIR})
target_compile_features(onevoice_fuzz_options INTERFACE cxx_std_20)

# One object library per area, shared by the targets that need it.
add_library(onevoice_fuzz_text OBJECT bot/text/utf8.cpp bot/text/tokenizer.cpp
  bot/text/escape.cpp bot/text/truncate.cpp bot/text/fold.cpp)
target_link_libraries(onevoice_fuzz_text PUBLIC onevoice_fuzz_options PkgConfig::UTF8PROC)

add_library(onevoice_fuzz_command OBJECT
  bot/text/arguments.cpp bot/model/dates.cpp bot/model/time_zone.cpp)
target_link_libraries(onevoice_fuzz_command PUBLIC onevoice_fuzz_options date::date-tz)

add_library(onevoice_fuzz_listen_query OBJECT
  commands/listening/query/listen_query.cpp commands/listening/query/listen_query_parse.cpp commands/listening/query/listen_query_messages.cpp
  commands/listening/word_split.cpp)
target_link_libraries(onevoice_fuzz_listen_query PUBLIC onevoice_fuzz_options)

add_library(onevoice_fuzz_feed OBJECT
  integrations/sources/feed_parser.cpp integrations/sources/feed_xml.cpp
  integrations/sources/feed_dates.cpp integrations/sources/html_text.cpp
  integrations/sources/json_sources.cpp bot/text/url.cpp)
target_link_libraries(onevoice_fuzz_feed PUBLIC onevoice_fuzz_options EXPAT::EXPAT
  nlohmann_json::nlohmann_json Boost::url)

add_library(onevoice_fuzz_slack OBJECT
  integrations/slack/payloads.cpp integrations/slack/mrkdwn.cpp bot/text/url.cpp)
target_link_libraries(onevoice_fuzz_slack PUBLIC onevoice_fuzz_options
  nlohmann_json::nlohmann_json Boost::url)

add_library(onevoice_fuzz_matrix OBJECT integrations/matrix/events.cpp)
target_link_libraries(onevoice_fuzz_matrix PUBLIC onevoice_fuzz_options
  nlohmann_json::nlohmann_json)

# name -> the object libraries it links; each target is fuzz/<name>_fuzz.cpp.
set(ONEVOICE_FUZZ_TARGETS command listen_query feed slack_envelope matrix_sync)
set(onevoice_fuzz_libs_command onevoice_fuzz_command onevoice_fuzz_text)
set(onevoice_fuzz_libs_listen_query onevoice_fuzz_listen_query onevoice_fuzz_text)
set(onevoice_fuzz_libs_feed onevoice_fuzz_feed onevoice_fuzz_text)
set(onevoice_fuzz_libs_slack_envelope onevoice_fuzz_slack onevoice_fuzz_text)
set(onevoice_fuzz_libs_matrix_sync onevoice_fuzz_matrix onevoice_fuzz_text)
foreach(name IN LISTS ONEVOICE_FUZZ_TARGETS)
  add_executable(${name}_fuzz fuzz/${name}_fuzz.cpp)
  target_link_libraries(${name}_fuzz PRIVATE ${onevoice_fuzz_libs_${name}})
endforeach()
