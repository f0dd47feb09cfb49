#define DOCTEST_CONFIG_IMPLEMENT
#include "bot/app/config.hpp"
#include "bot/runtime/log.hpp"

#include <doctest/doctest.h>

#include <cstdlib>
#include <string_view>

int main(int argc, char** argv) {
    using onevoice::bot::LogLevel;
    // Quiet by default: ONEVOICE_TEST_LOG=debug shows what the bot logs during a test.
    const char* wanted = std::getenv("ONEVOICE_TEST_LOG");
    onevoice::bot::log::configure(wanted && std::string_view(wanted) == "debug" ? LogLevel::debug
                                                                                : LogLevel::off,
                                  onevoice::bot::LogFormat::text);
    return doctest::Context(argc, argv).run();
}
