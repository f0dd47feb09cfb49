#include "bot/runtime/command_handler.hpp"

#include "bot/text/arguments.hpp"

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

} // namespace onevoice::bot
