#pragma once

#include "bot/model/mention.hpp"

#include <string>
#include <vector>

namespace onevoice::integrations::sources {

// What a source parser returns: the mentions, or a short reason why the
// document could not be read ("invalid XML at line 3: mismatched tag").
// Parsers never throw; an entry they cannot use is skipped, not an error.
struct ParsedMentions {
    std::vector<bot::Mention> mentions;
    std::string error;

    bool ok() const { return error.empty(); }
};

} // namespace onevoice::integrations::sources
