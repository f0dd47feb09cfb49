#include "bot/runtime/command_handler.hpp"

#include "bot/text/arguments.hpp"

#include <algorithm>

namespace onevoice::bot {

std::string Invocation::typed_from(std::size_t first) const {
    if (first >= args.size()) {
        return {};
    }
    if (arg_starts.size() == args.size()) {
        return std::string(bot::typed_from(command.text, arg_starts[first]));
    }
    std::string joined;
    for (std::size_t i = first; i < args.size(); ++i) {
        joined += (joined.empty() ? "" : " ") + args[i];
    }
    return joined;
}

std::string Invocation::corrected(std::size_t first, std::size_t count,
                                  std::string_view word) const {
    std::string out = command.name;
    if (!subcommand.name.empty()) {
        out += " " + subcommand.name;
    }
    // The words before `first` as typed: from the first argument up to `first`.
    std::string before = typed_from(0);
    const std::string from_first = typed_from(first);
    before.resize(before.size() - std::min(before.size(), from_first.size()));
    while (!before.empty() && (before.back() == ' ' || before.back() == '\t')) {
        before.pop_back();
    }
    if (!before.empty()) {
        out += " " + before;
    }
    out += " " + std::string(word);
    if (const std::string after = typed_from(first + count); !after.empty()) {
        out += " " + after;
    }
    return out;
}

} // namespace onevoice::bot
