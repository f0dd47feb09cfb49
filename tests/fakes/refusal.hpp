#pragma once

#include "tests/fakes/test_bot.hpp"

#include <doctest/doctest.h>

#include <functional>
#include <string>

namespace onevoice::tests {

// Runs `line` as `as`; it must be refused (COMMANDS.md): exactly one private
// reply naming `problem` and the usage line, and `state()` — the handler's
// stored state — unchanged. Returns the reply's text.
inline std::string check_refused(TestBot& bot, const std::string& line, const std::string& as,
                                 const std::string& problem,
                                 const std::function<std::string()>& state) {
    INFO("command: ", line, " (as ", as, ")");
    const std::string before = state();
    const std::size_t sent = bot.chat.sent.size();
    std::string out = bot.run(line, as);
    const std::string usage = bot.catalog.locale() == bot::Locale::de ? "Aufruf:" : "Usage:";
    CHECK(bot.chat.sent.size() == sent + 1);
    CHECK(bot.last_reply().audience == bot::Audience::requester);
    CHECK_MESSAGE(out.find(problem) != std::string::npos, out);
    CHECK_MESSAGE(out.find(usage) != std::string::npos, out);
    CHECK(state() == before);
    return out;
}

} // namespace onevoice::tests
