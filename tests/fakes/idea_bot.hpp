#pragma once

#include "commands/ideas/module.hpp"
#include "tests/fakes/test_bot.hpp"

#include <algorithm>
#include <string>

namespace onevoice::tests {

// TestBot with the `idea` command, and a team of three: boss (manager),
// alice (community manager) and bob (helper).
struct IdeaBot : TestBot {
    explicit IdeaBot(bot::Locale locale = bot::Locale::en)
        : TestBot(locale) {
        make_manager("boss");
        run("team add @alice community", "boss");
        run("team add @bob helper", "boss");
    }

    // Captures an idea as `as` and returns its id.
    std::int64_t add_idea(const std::string& text, const std::string& as = "bob") {
        run("idea add " + text, as);
        return newest();
    }

    std::int64_t newest() {
        std::int64_t id = 0;
        for (const auto& idea : ideas.list({}, 1000, 0)) {
            id = std::max(id, idea.id);
        }
        return id;
    }

    // Everything `idea` can change, as one comparable string.
    std::string idea_state() {
        std::string out;
        for (const auto& idea : ideas.list({}, 1000, 0)) {
            out += std::to_string(idea.id) + " " + idea.status + " v" + std::to_string(idea.votes) +
                   " a=" + idea.assignee_key.value_or("-") +
                   " s=" + idea.scheduled_on.value_or("-") + " " +
                   idea.scheduled_time.value_or("-") + " h" +
                   std::to_string(ideas.history(idea.id).size()) + "\n";
            for (const auto& channel : idea.channels) {
                out += " " + channel;
            }
        }
        return out;
    }

    commands::IdeasModule ideas_module{core, {}};
    storage::IdeaStore& ideas = ideas_module.store;
};

} // namespace onevoice::tests
