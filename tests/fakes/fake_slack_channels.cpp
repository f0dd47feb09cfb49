// FakeSlack's channel methods, shaped like Slack's reference:
// https://api.slack.com/methods/conversations.create and .../conversations.invite.
#include "tests/fakes/fake_slack_state.hpp"

#include <algorithm>
#include <cstdio>
#include <sstream>

namespace onevoice::tests {

using nlohmann::json;
using Answer = FakeSlack::State::Answer;

namespace {

Answer fail(const std::string& error, json extra = json::object()) {
    extra["ok"] = false;
    extra["error"] = error;
    return Answer{200, std::move(extra), 0};
}

std::string string_arg(const json& args, const char* key) {
    const auto it = args.find(key);
    return it != args.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// A boolean as JSON sends it, or as a form field ("true").
bool bool_arg(const json& args, const char* key) {
    const auto it = args.find(key);
    return it != args.end() && (it->is_boolean() ? it->get<bool>() : *it == "true");
}

// "Channel names may only contain lowercase letters, numbers, hyphens, and
// underscores, and must be 80 characters or less." Returns the error code, or "".
std::string name_problem(const std::string& name) {
    if (name.empty()) {
        return "invalid_name_required";
    }
    if (name.size() > 80) {
        return "invalid_name_maxlength";
    }
    const bool is_allowed = std::all_of(name.begin(), name.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    });
    if (!is_allowed) {
        return "invalid_name_specials";
    }
    if (name.find_first_not_of("-_") == std::string::npos) {
        return "invalid_name_punctuation";
    }
    return "";
}

} // namespace

json FakeSlack::State::channel_json(const FakeChannel& channel) const {
    // The conversation object of the reference's example response.
    return {{"id", channel.id},
            {"name", channel.name},
            {"is_channel", !channel.is_private},
            {"is_group", channel.is_private},
            {"is_im", false},
            {"is_mpim", false},
            {"is_private", channel.is_private},
            {"created", 1700000000},
            {"creator", options.bot_user_id},
            {"is_archived", false},
            {"is_general", false},
            {"unlinked", 0},
            {"name_normalized", channel.name},
            {"is_shared", false},
            {"is_ext_shared", false},
            {"is_org_shared", false},
            {"pending_shared", json::array()},
            {"is_pending_ext_shared", false},
            {"is_member", true},
            {"last_read", "0000000000.000000"},
            {"topic", {{"value", ""}, {"creator", ""}, {"last_set", 0}}},
            {"purpose", {{"value", ""}, {"creator", ""}, {"last_set", 0}}},
            {"previous_names", json::array()},
            {"priority", 0}};
}

Answer FakeSlack::State::create_channel(const json& args) {
    const std::string name = string_arg(args, "name");
    if (const std::string problem = name_problem(name); !problem.empty()) {
        return fail(problem);
    }
    const bool is_taken = std::any_of(channels.begin(), channels.end(),
                                      [&](const FakeChannel& c) { return c.name == name; });
    if (is_taken) {
        return fail("name_taken");
    }
    FakeChannel channel;
    char id[16];
    std::snprintf(id, sizeof id, "C0NEW%05zu", channels.size() + 1);
    channel.id = id;
    channel.name = name;
    channel.is_private = bool_arg(args, "is_private");
    channel.members.push_back(options.bot_user_id);
    channels.push_back(channel);
    json body = {{"ok", true}, {"channel", channel_json(channel)}};
    return Answer{200, std::move(body), 0};
}

Answer FakeSlack::State::invite_to_channel(const json& args) {
    const std::string id = string_arg(args, "channel");
    const auto channel = std::find_if(channels.begin(), channels.end(),
                                      [&](const FakeChannel& c) { return c.id == id; });
    if (channel == channels.end()) {
        return fail("channel_not_found");
    }
    const std::string invited = string_arg(args, "users");
    if (invited.empty()) {
        return fail("no_user");
    }
    const bool is_forced = bool_arg(args, "force");
    std::vector<std::string> added;
    json errors = json::array();
    bool was_member = false;
    std::stringstream list(invited);
    for (std::string user; std::getline(list, user, ',');) {
        std::string error;
        if (user == options.bot_user_id) {
            error = "cant_invite_self";
        } else if (user.size() < 2 || (user[0] != 'U' && user[0] != 'W')) {
            error = "user_not_found";
        }
        if (!error.empty()) {
            // Without force one bad id fails the whole call and nobody is added.
            if (!is_forced) {
                return fail(error);
            }
            errors.push_back({{"user", user}, {"ok", false}, {"error", error}});
            continue;
        }
        if (std::find(channel->members.begin(), channel->members.end(), user) !=
            channel->members.end()) {
            was_member = true;
            continue;
        }
        added.push_back(user);
    }
    if (added.empty() && was_member && errors.empty()) {
        return fail("already_in_channel");
    }
    channel->members.insert(channel->members.end(), added.begin(), added.end());
    json body = {{"ok", true}, {"channel", channel_json(*channel)}};
    if (!errors.empty()) {
        body["errors"] = errors;
    }
    return Answer{200, std::move(body), 0};
}

} // namespace onevoice::tests
