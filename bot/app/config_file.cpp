#include "bot/app/config_file.hpp"

#include "bot/model/dates.hpp"
#include "bot/model/roles.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace onevoice::bot::detail {
namespace {

const std::string& string_of(const toml::node& node, std::string_view key) {
    const auto* text = node.as_string();
    if (text == nullptr) {
        fail(key, "must be a string");
    }
    return text->get();
}

bool boolean_of(const toml::node& node, std::string_view key) {
    const auto* flag = node.as_boolean();
    if (flag == nullptr) {
        fail(key, "must be true or false");
    }
    return flag->get();
}

// The circle of a Slack workspace's guests ([slack] guests).
constexpr std::array<Choice<bool>, 2> k_guest_circles{{{"outsider", false}, {"colleague", true}}};

std::int64_t integer_in(const toml::node& node, std::string_view key, std::int64_t min,
                        std::int64_t max) {
    const auto* number = node.as_integer();
    if (number == nullptr) {
        fail(key, "must be an integer");
    }
    if (number->get() < min || number->get() > max) {
        fail(key, "must be between " + std::to_string(min) + " and " + std::to_string(max) +
                      ", not " + std::to_string(number->get()));
    }
    return number->get();
}

std::vector<std::string> admins_of(const toml::node& node, std::string_view key) {
    const auto* array = node.as_array();
    if (array == nullptr) {
        fail(key, "must be an array of strings");
    }
    std::vector<std::string> admins;
    for (const auto& item : *array) {
        const auto* text = item.as_string();
        if (text == nullptr) {
            fail(key, "must be an array of strings");
        }
        const std::string& admin = text->get();
        if (admin.empty() || has_space(admin)) {
            fail(key, "entries must be user names without spaces, like \"@alice\"");
        }
        admins.push_back(admin);
    }
    return admins;
}

// An array of non-empty strings without spaces; `what` names the expected entries.
std::vector<std::string> names_of(const toml::node& node, std::string_view key,
                                  std::string_view what) {
    const auto* array = node.as_array();
    if (array == nullptr) {
        fail(key, "must be an array of strings");
    }
    std::vector<std::string> names;
    for (const auto& item : *array) {
        const auto* text = item.as_string();
        if (text == nullptr || text->get().empty() || has_space(text->get())) {
            fail(key, "entries must be " + std::string(what));
        }
        names.push_back(text->get());
    }
    return names;
}

constexpr std::array<Choice<int>, 7> k_weekdays{{{"monday", 0},
                                                 {"tuesday", 1},
                                                 {"wednesday", 2},
                                                 {"thursday", 3},
                                                 {"friday", 4},
                                                 {"saturday", 5},
                                                 {"sunday", 6}}};

// [handover] topic_hours: a table of topic = hours (1..720).
std::vector<std::pair<std::string, int>> topic_hours_of(const toml::node& node,
                                                        std::string_view key) {
    const auto* table = node.as_table();
    if (table == nullptr) {
        fail(key, "must be a table of topic = hours, like { legal = 24 }");
    }
    std::vector<std::pair<std::string, int>> out;
    for (auto&& [topic, hours] : *table) {
        const std::string path = std::string(key) + "." + std::string(topic.str());
        out.emplace_back(std::string(topic.str()),
                         static_cast<int>(integer_in(hours, path, 1, 720)));
    }
    return out;
}

// [handover] business_hours: "HH:MM-HH:MM", start before end, or "" for none.
void check_business_hours(const std::string& text, std::string_view key) {
    if (text.empty()) {
        return;
    }
    const auto dash = text.find('-');
    const auto start = dash == std::string::npos ? std::nullopt : parse_time(text.substr(0, dash));
    const auto end = dash == std::string::npos ? std::nullopt : parse_time(text.substr(dash + 1));
    if (!start || !end || !(*start < *end)) {
        fail(key, "must be like \"09:00-17:00\" (start before end), not \"" + text + "\"");
    }
}

// [crisis.playbooks] sevN: an array of steps, each "text" or { step = "text", owner = "role" }.
// Errors name the entry ("crisis.playbooks.sev1[2].owner") so a long list is easy to fix.
std::vector<commands::CrisisPlaybookStep> playbook_of(const toml::node& node,
                                                      std::string_view key) {
    const auto* array = node.as_array();
    if (array == nullptr || array->empty()) {
        fail(key, "must be a non-empty array of steps, like [\"Assess the facts\", "
                  "{ step = \"Inform management\", owner = \"manager\" }]");
    }
    std::vector<commands::CrisisPlaybookStep> steps;
    for (std::size_t i = 0; i < array->size(); ++i) {
        const std::string entry = std::string(key) + "[" + std::to_string(i + 1) + "]";
        const toml::node& item = *array->get(i);
        commands::CrisisPlaybookStep step;
        if (const auto* text = item.as_string()) {
            step.text = text->get();
        } else if (const auto* table = item.as_table()) {
            for (auto&& [name, value] : *table) {
                const std::string path = entry + "." + std::string(name.str());
                if (name.str() == "step") {
                    step.text = string_of(value, path);
                } else if (name.str() == "owner") {
                    step.owner_role = string_of(value, path);
                    if (!parse_role(step.owner_role)) {
                        fail(path, "must be a role: manager, deputy, community, expert or "
                                   "helper, not \"" +
                                       step.owner_role + "\"");
                    }
                } else {
                    fail(path, "unknown key; a step has only step and owner");
                }
            }
        } else {
            fail(entry, "must be a string or a table { step = \"...\", owner = \"...\" }");
        }
        if (step.text.empty() || step.text.size() > 200) {
            fail(entry, "needs a step text of 1 to 200 characters");
        }
        steps.push_back(std::move(step));
    }
    if (steps.size() > 30) {
        fail(key, "has more than 30 steps");
    }
    return steps;
}

// [listen] reddit_url, hackernews_url: an http(s) base URL, kept without a trailing '/'.
std::string base_url_of(const toml::node& node, std::string_view key) {
    std::string url = string_of(node, key);
    const auto scheme = url.find("://");
    if ((!url.starts_with("http://") && !url.starts_with("https://")) || url.size() == scheme + 3) {
        fail(key, "must be an http:// or https:// URL with a host, not \"" + url + "\"");
    }
    while (url.ends_with('/')) {
        url.pop_back();
    }
    return url;
}

constexpr std::array<Choice<std::string_view>, 3> k_lexicon_formats{
    {{"afinn", "afinn"}, {"vader", "vader"}, {"sentiws", "sentiws"}}};
constexpr std::array<Choice<std::string_view>, 2> k_lexicon_languages{{{"de", "de"}, {"en", "en"}}};

// [[listen.lexicon]]: tables of path, format and language. Errors name the entry
// ("listen.lexicon[2].format"). The files are read at start-up (bot/app/app.cpp).
std::vector<ListenLexicon> lexicons_of(const toml::node& node, std::string_view key) {
    const auto* array = node.as_array();
    if (array == nullptr) {
        fail(key, "must be an array of tables: [[listen.lexicon]] with path, format and language");
    }
    std::vector<ListenLexicon> lexicons;
    for (std::size_t i = 0; i < array->size(); ++i) {
        const std::string entry = std::string(key) + "[" + std::to_string(i + 1) + "]";
        const auto* table = array->get(i)->as_table();
        if (table == nullptr) {
            fail(entry, "must be a table with path, format and language");
        }
        ListenLexicon lexicon;
        for (auto&& [name, value] : *table) {
            const std::string path = entry + "." + std::string(name.str());
            if (name.str() == "path") {
                lexicon.path = string_of(value, path);
            } else if (name.str() == "format") {
                lexicon.format = pick(k_lexicon_formats, path, string_of(value, path));
            } else if (name.str() == "language") {
                lexicon.language = pick(k_lexicon_languages, path, string_of(value, path));
            } else {
                fail(path, "unknown key; a lexicon has path, format and language");
            }
        }
        for (const auto& [field, value] :
             {std::pair<std::string_view, const std::string*>{"path", &lexicon.path},
              {"format", &lexicon.format},
              {"language", &lexicon.language}}) {
            if (value->empty()) {
                fail(entry + "." + std::string(field), "is missing");
            }
        }
        lexicons.push_back(std::move(lexicon));
    }
    return lexicons;
}

// [listen.spikes] z_threshold, negative_share_jump: a number (integer or float) in [min, max].
double number_in(const toml::node& node, std::string_view key, double min, double max) {
    double value = 0;
    if (const auto* number = node.as_floating_point()) {
        value = number->get();
    } else if (const auto* whole = node.as_integer()) {
        value = static_cast<double>(whole->get());
    } else {
        fail(key, "must be a number");
    }
    if (!(value >= min && value <= max)) {
        std::ostringstream range;
        range << "must be between " << min << " and " << max << ", not " << value;
        fail(key, range.str());
    }
    return value;
}

using KeySetter = void (*)(const toml::node& node, std::string_view key, Config& config,
                           const ZoneValidator& is_zone);

struct KeySpec {
    std::string_view path; // dotted: "outbox.max_attempts" is max_attempts in [outbox]
    KeySetter set;
};

// Every key the file may hold. A new section ([slack], [matrix]) is just more rows here: any
// prefix of a path is accepted as a table.
constexpr std::array<KeySpec, 54> k_keys{{
    {"database",
     [](const toml::node& node, std::string_view key, Config& config, const ZoneValidator&) {
         config.database = string_of(node, key);
         if (config.database.empty()) {
             fail(key, "must not be empty");
         }
     }},
    {"adapter",
     [](const toml::node& node, std::string_view key, Config& config, const ZoneValidator&) {
         config.adapter = pick(k_adapters, key, string_of(node, key));
     }},
    {"locale",
     [](const toml::node& node, std::string_view key, Config& config, const ZoneValidator&) {
         config.locale = pick(k_locales, key, string_of(node, key));
     }},
    {"time_zone",
     [](const toml::node& node, std::string_view key, Config& config,
        const ZoneValidator& is_zone) {
         const std::string& zone = string_of(node, key);
         if (is_zone && !is_zone(zone)) {
             fail(key, "unknown time zone '" + zone + "'");
         }
         config.time_zone = zone;
     }},
    {"admins",
     [](const toml::node& node, std::string_view key, Config& config, const ZoneValidator&) {
         config.admins = admins_of(node, key);
     }},
    {"log_level",
     [](const toml::node& node, std::string_view key, Config& config, const ZoneValidator&) {
         config.log_level = pick(k_log_levels, key, string_of(node, key));
     }},
    {"log_format",
     [](const toml::node& node, std::string_view key, Config& config, const ZoneValidator&) {
         config.log_format = pick(k_log_formats, key, string_of(node, key));
     }},
    {"outbox.max_attempts",
     [](const toml::node& node, std::string_view key, Config& config, const ZoneValidator&) {
         config.outbox_max_attempts = static_cast<int>(integer_in(node, key, 1, 100));
     }},
    {"outbox.shutdown_drain_seconds",
     [](const toml::node& node, std::string_view key, Config& config, const ZoneValidator&) {
         config.shutdown_drain = std::chrono::seconds(integer_in(node, key, 0, 300));
     }},
    {"slack.ca_file",
     [](const toml::node& node, std::string_view key, Config& config, const ZoneValidator&) {
         config.slack_ca_file = string_of(node, key);
     }},
    {"slack.team_channel",
     [](const toml::node& node, std::string_view key, Config& config, const ZoneValidator&) {
         config.slack_team_channel = string_of(node, key);
     }},
    {"slack.offline_notice_seconds",
     [](const toml::node& node, std::string_view key, Config& config, const ZoneValidator&) {
         config.slack_offline_notice = std::chrono::seconds(integer_in(node, key, 1, 86400));
     }},
    {"slack.idle_timeout_seconds",
     [](const toml::node& node, std::string_view key, Config& config, const ZoneValidator&) {
         config.slack_idle_timeout = std::chrono::seconds(integer_in(node, key, 2, 600));
     }},
    {"slack.trusted_teams",
     [](const toml::node& node, std::string_view key, Config& config, const ZoneValidator&) {
         config.slack_trusted_teams = names_of(node, key, "workspace ids like \"T0123ABCD\"");
     }},
    {"slack.guests",
     [](const toml::node& node, std::string_view key, Config& config, const ZoneValidator&) {
         config.slack_guests_are_colleagues = pick(k_guest_circles, key, string_of(node, key));
     }},
    {"matrix.homeserver",
     [](const toml::node& node, std::string_view key, Config& config, const ZoneValidator&) {
         config.matrix_homeserver = string_of(node, key);
     }},
    {"matrix.rooms",
     [](const toml::node& node, std::string_view key, Config& config, const ZoneValidator&) {
         config.matrix_rooms =
             names_of(node, key, "room ids or aliases like \"#team:example.org\"");
     }},
    {"matrix.prefix",
     [](const toml::node& node, std::string_view key, Config& config, const ZoneValidator&) {
         config.matrix_prefix = string_of(node, key);
         if (config.matrix_prefix.empty() || has_space(config.matrix_prefix)) {
             fail(key, "must be one or more characters without spaces, like \"!\"");
         }
     }},
    {"matrix.allow_invites_from",
     [](const toml::node& node, std::string_view key, Config& config, const ZoneValidator&) {
         config.matrix_allow_invites_from =
             names_of(node, key, "user ids or server names like \"example.org\"");
     }},
    {"matrix.ca_file",
     [](const toml::node& node, std::string_view key, Config& config, const ZoneValidator&) {
         config.matrix_ca_file = string_of(node, key);
     }},
    {"matrix.team_room",
     [](const toml::node& node, std::string_view key, Config& config, const ZoneValidator&) {
         config.matrix_team_room = string_of(node, key);
     }},
    {"matrix.sync_timeout_seconds",
     [](const toml::node& node, std::string_view key, Config& config, const ZoneValidator&) {
         config.matrix_sync_timeout = std::chrono::seconds(integer_in(node, key, 1, 300));
     }},
    {"matrix.trusted_servers",
     [](const toml::node& node, std::string_view key, Config& config, const ZoneValidator&) {
         config.matrix_trusted_servers = names_of(node, key, "server names like \"example.org\"");
     }},
    {"ideas.min_pipeline",
     [](const toml::node& node, std::string_view key, Config& config, const ZoneValidator&) {
         config.ideas_min_pipeline = static_cast<int>(integer_in(node, key, 0, 1000));
     }},
    {"ideas.nudge_day",
     [](const toml::node& node, std::string_view key, Config& config, const ZoneValidator&) {
         config.ideas_nudge_weekday = pick(k_weekdays, key, string_of(node, key));
     }},
    {"ideas.nudge_time",
     [](const toml::node& node, std::string_view key, Config& config, const ZoneValidator&) {
         const std::string& time = string_of(node, key);
         if (!parse_time(time)) {
             fail(key, "must be a time like \"09:00\", not \"" + time + "\"");
         }
         config.ideas_nudge_time = time;
     }},
    {"ideas.channel",
     [](const toml::node& node, std::string_view key, Config& config, const ZoneValidator&) {
         config.ideas_channel = string_of(node, key);
     }},
    {"handover.first_response_hours",
     [](const toml::node& node, std::string_view key, Config& config, const ZoneValidator&) {
         config.handover_first_response_hours = static_cast<int>(integer_in(node, key, 1, 720));
     }},
    {"handover.topic_hours",
     [](const toml::node& node, std::string_view key, Config& config, const ZoneValidator&) {
         config.handover_topic_hours = topic_hours_of(node, key);
     }},
    {"handover.business_hours",
     [](const toml::node& node, std::string_view key, Config& config, const ZoneValidator&) {
         config.handover_business_hours = string_of(node, key);
         check_business_hours(config.handover_business_hours, key);
     }},
    {"handover.business_days",
     [](const toml::node& node, std::string_view key, Config& config, const ZoneValidator&) {
         config.handover_business_days.clear();
         for (const std::string& day : names_of(node, key, "weekdays like \"monday\"")) {
             config.handover_business_days.push_back(pick(k_weekdays, key, day));
         }
         if (config.handover_business_days.empty()) {
             fail(key, "must name at least one day");
         }
     }},
    {"handover.replied_reminder_hours",
     [](const toml::node& node, std::string_view key, Config& config, const ZoneValidator&) {
         config.handover_replied_reminder_hours = static_cast<int>(integer_in(node, key, 1, 168));
     }},
    {"crisis.channel",
     [](const toml::node& node, std::string_view key, Config& config, const ZoneValidator&) {
         config.crisis_channel = string_of(node, key);
     }},
    {"crisis.sev1_reminder_minutes",
     [](const toml::node& node, std::string_view key, Config& config, const ZoneValidator&) {
         config.crisis_reminder_minutes[0] = static_cast<int>(integer_in(node, key, 5, 10080));
     }},
    {"crisis.sev2_reminder_minutes",
     [](const toml::node& node, std::string_view key, Config& config, const ZoneValidator&) {
         config.crisis_reminder_minutes[1] = static_cast<int>(integer_in(node, key, 5, 10080));
     }},
    {"crisis.sev3_reminder_minutes",
     [](const toml::node& node, std::string_view key, Config& config, const ZoneValidator&) {
         config.crisis_reminder_minutes[2] = static_cast<int>(integer_in(node, key, 5, 10080));
     }},
    {"crisis.team",
     [](const toml::node& node, std::string_view key, Config& config, const ZoneValidator&) {
         config.crisis_team = admins_of(node, key);
     }},
    {"crisis.confirm",
     [](const toml::node& node, std::string_view key, Config& config, const ZoneValidator&) {
         config.crisis_confirm = boolean_of(node, key);
     }},
    {"crisis.four_eyes",
     [](const toml::node& node, std::string_view key, Config& config, const ZoneValidator&) {
         config.crisis_four_eyes = boolean_of(node, key);
     }},
    {"crisis.open_channel",
     [](const toml::node& node, std::string_view key, Config& config, const ZoneValidator&) {
         config.crisis_open_channel = boolean_of(node, key);
     }},
    {"crisis.playbooks.sev1",
     [](const toml::node& node, std::string_view key, Config& config, const ZoneValidator&) {
         config.crisis_playbooks[0] = playbook_of(node, key);
     }},
    {"crisis.playbooks.sev2",
     [](const toml::node& node, std::string_view key, Config& config, const ZoneValidator&) {
         config.crisis_playbooks[1] = playbook_of(node, key);
     }},
    {"crisis.playbooks.sev3",
     [](const toml::node& node, std::string_view key, Config& config, const ZoneValidator&) {
         config.crisis_playbooks[2] = playbook_of(node, key);
     }},
    {"crisis.playbooks.default",
     [](const toml::node& node, std::string_view key, Config& config, const ZoneValidator&) {
         config.crisis_playbooks[3] = playbook_of(node, key);
     }},
    {"http.listen",
     [](const toml::node& node, std::string_view key, Config& config, const ZoneValidator&) {
         config.http_listen = listen_address(key, string_of(node, key));
     }},
    {"listen.poll_minutes",
     [](const toml::node& node, std::string_view key, Config& config, const ZoneValidator&) {
         config.listen_poll_minutes = static_cast<int>(integer_in(node, key, 5, 1440));
     }},
    {"listen.reddit_url",
     [](const toml::node& node, std::string_view key, Config& config, const ZoneValidator&) {
         config.listen_reddit_url = base_url_of(node, key);
     }},
    {"listen.hackernews_url",
     [](const toml::node& node, std::string_view key, Config& config, const ZoneValidator&) {
         config.listen_hackernews_url = base_url_of(node, key);
     }},
    {"listen.max_response_mb",
     [](const toml::node& node, std::string_view key, Config& config, const ZoneValidator&) {
         config.listen_max_response_mb = static_cast<int>(integer_in(node, key, 1, 100));
     }},
    {"listen.allow_private_addresses",
     [](const toml::node& node, std::string_view key, Config& config, const ZoneValidator&) {
         config.listen_allow_private_addresses = boolean_of(node, key);
     }},
    {"listen.lexicon",
     [](const toml::node& node, std::string_view key, Config& config, const ZoneValidator&) {
         config.listen_lexicons = lexicons_of(node, key);
     }},
    {"listen.spikes.min_count",
     [](const toml::node& node, std::string_view key, Config& config, const ZoneValidator&) {
         config.listen_spike_min_count = static_cast<int>(integer_in(node, key, 1, 100000));
     }},
    {"listen.spikes.z_threshold",
     [](const toml::node& node, std::string_view key, Config& config, const ZoneValidator&) {
         config.listen_spike_z_threshold = number_in(node, key, 0.5, 50.0);
     }},
    {"listen.spikes.negative_share_jump",
     [](const toml::node& node, std::string_view key, Config& config, const ZoneValidator&) {
         config.listen_spike_negative_share_jump = number_in(node, key, 0.05, 1.0);
     }},
}};

const KeySpec* find_key(std::string_view path) {
    const auto* it = std::ranges::find_if(k_keys, [&](const KeySpec& k) { return k.path == path; });
    return it == k_keys.end() ? nullptr : it;
}

bool is_section(std::string_view path) {
    return std::ranges::any_of(k_keys, [&](const KeySpec& k) {
        return k.path.size() > path.size() && k.path.starts_with(path) &&
               k.path[path.size()] == '.';
    });
}

std::string unknown_key_problem(std::string_view path) {
    // Someone who puts a token into the file should learn where it belongs instead.
    if (path.find("token") != std::string_view::npos ||
        path.find("password") != std::string_view::npos) {
        return "unknown key; tokens come only from the environment variables SLACK_APP_TOKEN, "
               "SLACK_BOT_TOKEN, MATRIX_ACCESS_TOKEN and MATRIX_PASSWORD";
    }
    return "unknown key";
}

void read_table(const toml::table& table, const std::string& prefix, Config& config,
                const ZoneValidator& is_zone) {
    for (auto&& [name, node] : table) {
        const std::string path =
            prefix.empty() ? std::string(name.str()) : prefix + "." + std::string(name.str());
        // A quoted key holding a dot ("outbox.max_attempts" = 3) is one key, not a path.
        const bool is_plain = name.str().find('.') == std::string_view::npos;
        if (const KeySpec* spec = is_plain ? find_key(path) : nullptr) {
            spec->set(node, path, config, is_zone);
        } else if (is_plain && is_section(path)) {
            const auto* section = node.as_table();
            if (section == nullptr) {
                fail(path, "must be a table");
            }
            read_table(*section, path, config, is_zone);
        } else {
            fail(path, unknown_key_problem(path));
        }
    }
}

std::string read_text(const std::string& path) {
    std::error_code error;
    if (!std::filesystem::exists(path, error)) {
        fail(path, "cannot read file: it does not exist");
    }
    std::ifstream in(path, std::ios::binary);
    // On Linux a directory opens fine and only fails on reading.
    if (!in || std::filesystem::is_directory(path, error)) {
        fail(path, "cannot read file");
    }
    std::ostringstream text;
    text << in.rdbuf();
    if (in.bad()) {
        fail(path, "cannot read file");
    }
    return text.str();
}

} // namespace

void read_config_file(const std::string& path, Config& config, const ZoneValidator& is_zone) {
    const std::string text = read_text(path);
    toml::table root;
    try {
        root = toml::parse(text, std::string_view(path));
    } catch (const toml::parse_error& e) {
        const auto& where = e.source().begin;
        fail(path, "syntax error at line " + std::to_string(where.line) + ", column " +
                       std::to_string(where.column) + ": " + std::string(e.description()));
    }
    read_table(root, "", config, is_zone);
    // Lexicon paths are written relative to the file that names them.
    for (ListenLexicon& lexicon : config.listen_lexicons) {
        const std::filesystem::path file(lexicon.path);
        if (file.is_relative()) {
            lexicon.path = (std::filesystem::path(path).parent_path() / file).string();
        }
    }
    config.config_path = path;
}

} // namespace onevoice::bot::detail
