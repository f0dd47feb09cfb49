// Issue #9, security: every privileged command of COMMANDS.md, run by each
// role, is allowed exactly where the contract says. Refused runs get the
// permission refusal and change nothing in the database.
#include "tests/security/full_bot.hpp"
#include "tests/security/permission_table.hpp"

#include <doctest/doctest.h>
#include <sqlite3.h>

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

using namespace onevoice;
using tests::FullBot;
using tests::PermissionRow;

namespace {

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

// Every row of every table but the router's bookkeeping (the refusal itself
// goes to the outbox, its event id to the inbound log), as one string.
std::string database_state(storage::Database& db) {
    std::vector<std::string> tables;
    sqlite3_stmt* names = nullptr;
    REQUIRE(sqlite3_prepare_v2(db.handle(),
                               "SELECT name FROM sqlite_master WHERE type = 'table' "
                               "AND name NOT IN ('outbox', 'inbound_events') ORDER BY name",
                               -1, &names, nullptr) == SQLITE_OK);
    while (sqlite3_step(names) == SQLITE_ROW) {
        tables.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(names, 0)));
    }
    sqlite3_finalize(names);
    std::string out;
    for (const std::string& table : tables) {
        sqlite3_stmt* rows = nullptr;
        const std::string sql = "SELECT * FROM \"" + table + "\" ORDER BY rowid";
        if (sqlite3_prepare_v2(db.handle(), sql.c_str(), -1, &rows, nullptr) != SQLITE_OK) {
            sqlite3_finalize(rows); // a WITHOUT ROWID table: no order needed for equality
            REQUIRE(sqlite3_prepare_v2(db.handle(), ("SELECT * FROM \"" + table + "\"").c_str(), -1,
                                       &rows, nullptr) == SQLITE_OK);
        }
        out += "[" + table + "]\n";
        while (sqlite3_step(rows) == SQLITE_ROW) {
            for (int column = 0; column < sqlite3_column_count(rows); ++column) {
                const unsigned char* value = sqlite3_column_text(rows, column);
                out += value == nullptr ? "NULL" : reinterpret_cast<const char*>(value);
                out += '|';
            }
            out += '\n';
        }
        sqlite3_finalize(rows);
    }
    return out;
}

std::vector<std::string> words_of(const std::string& line) {
    std::vector<std::string> words;
    std::size_t start = 0;
    while (start < line.size()) {
        const std::size_t end = std::min(line.find(' ', start), line.size());
        if (end > start) {
            words.push_back(line.substr(start, end - start));
        }
        start = end + 1;
    }
    return words;
}

// What the router picks for a row's command line: the subcommand ("team add"),
// or its verb ("crisis template add"), with the access it asks for.
struct Picked {
    std::string key;
    bot::Access access = bot::Access::colleague;
};

Picked pick(const bot::Router& router, const std::string& line) {
    const std::vector<std::string> words = words_of(line);
    const bot::CommandSpec* spec = router.find(words.front());
    REQUIRE_MESSAGE(spec != nullptr, "no command ", words.front());
    const bot::SubcommandSpec* chosen = nullptr;
    std::size_t rest = 1;
    for (const bot::SubcommandSpec& sub : spec->subcommands) {
        if (words.size() > 1 && !sub.name.empty() && sub.name == words[1]) {
            chosen = &sub;
            rest = 2;
        }
    }
    const std::string wanted = chosen                               ? chosen->name
                               : words.size() > 1 && spec->fallback ? spec->fallback->subcommand
                                                                    : "";
    for (const bot::SubcommandSpec& sub : spec->subcommands) {
        chosen = chosen ? chosen : (sub.name == wanted ? &sub : nullptr);
    }
    REQUIRE_MESSAGE(chosen != nullptr, "no subcommand for ", line);
    Picked picked{chosen->name.empty() ? spec->name : spec->name + " " + chosen->name,
                  chosen->access};
    if (rest + chosen->verb_at < words.size()) {
        for (const bot::VerbSpec& verb : chosen->verbs) {
            if (verb.name == words[rest + chosen->verb_at]) {
                picked.key += " " + verb.name;
                picked.access = std::max(picked.access, verb.access);
            }
        }
    }
    return picked;
}

std::string subcommand_key(const bot::Router& router, const std::string& line) {
    return pick(router, line).key;
}

// One run of one row as one actor, on a fresh bot. `is_covering`: the
// manager is away with the deputy as cover, which must change nothing.
void check_row(const PermissionRow& row, const std::string& actor, bool is_covering) {
    commands::CrisisSettings crisis;
    crisis.team = {"@tina"};
    crisis.needs_confirmation = row.needs_confirmation;
    FullBot bot(crisis);
    bot.outsiders.insert(tests::k_outsider);
    bot.run("team add @lena helper");
    bot.run("team add @tina helper");
    bot.run("team add @zoe helper");
    if (is_covering) {
        REQUIRE(contains(bot.run("team away today 2026-11-30 cover @dina Vacation"), "away"));
    }
    if (row.setup) {
        row.setup(bot);
    }
    const bool is_allowed =
        std::find(row.allowed.begin(), row.allowed.end(), actor) != row.allowed.end();
    const auto special = row.refused_with.find(actor);
    const bot::Access access = pick(bot.router, row.line).access;
    const std::vector<bot::Role> roles = bot.users.roles_of(FullBot::console_user(actor));
    // The circle first, then the role the router asks for, then the handler's rule.
    const std::string refusal_key =
        actor == tests::k_outsider                                  ? "router.outsider"
        : special != row.refused_with.end()                         ? special->second
        : access == bot::Access::member && roles.empty()            ? "router.members_only"
        : access == bot::Access::lead && !bot::has_lead_role(roles) ? "router.lead_only"
                                                                    : row.refusal;
    const std::string refusal = bot.catalog.text(refusal_key, {row.refusal_arg});
    const std::string situation = is_covering ? " (deputy covering)" : "";
    const std::string expected = is_allowed ? "allowed" : "refused";
    INFO("command: ", row.line, " as ", actor, situation, " expected ", expected);

    // Who speaks is remembered by every command: not a change the row makes.
    bot::UserRef speaker = FullBot::console_user(actor);
    speaker.is_outsider = actor == tests::k_outsider;
    bot.users.remember(speaker);
    const std::string before = database_state(bot.db);
    const std::size_t sent = bot.chat.sent.size();
    const std::string out = bot.run(row.line, actor);
    INFO("reply: ", out);
    REQUIRE(bot.chat.sent.size() > sent);
    REQUIRE_FALSE(refusal.empty());
    if (is_allowed) {
        CHECK_FALSE(contains(out, refusal));
        CHECK_FALSE(contains(out, "Usage:"));
        if (row.changes_state) {
            CHECK(database_state(bot.db) != before);
        }
    } else {
        CHECK(bot.chat.sent.size() == sent + 1);
        CHECK(bot.chat.sent.back().reply.audience == bot::Audience::requester);
        CHECK(contains(out, refusal));
        // An outsider learns nothing, not even the usage of the command.
        CHECK(contains(out, "Usage:") == (actor != tests::k_outsider));
        CHECK(database_state(bot.db) == before);
    }
}

// Every row as every actor, for the rows whose index is `part` modulo `k_parts`: each part
// is a CTest entry of its own, so the parts run in parallel (a fresh bot per run is the cost).
constexpr std::size_t k_parts = 4;

void check_part(std::size_t part) {
    const std::vector<PermissionRow> rows = tests::permission_rows();
    int runs = 0;
    for (std::size_t i = part; i < rows.size(); i += k_parts) {
        for (const std::string& actor : tests::k_actors) {
            check_row(rows[i], actor, false);
            ++runs;
        }
        // The deputy covering for the manager gains nothing and loses nothing.
        for (const char* actor : {"boss", "dina"}) {
            check_row(rows[i], actor, true);
            ++runs;
        }
    }
    REQUIRE(runs > 0);
    MESSAGE("part ", part + 1, " of ", k_parts, ": ", runs, " runs");
}

} // namespace

TEST_SUITE_BEGIN("security");

TEST_CASE("Permissions: every privileged command as every role - part 1 of 4") {
    check_part(0);
}

TEST_CASE("Permissions: every privileged command as every role - part 2 of 4") {
    check_part(1);
}

TEST_CASE("Permissions: every privileged command as every role - part 3 of 4") {
    check_part(2);
}

TEST_CASE("Permissions: every privileged command as every role - part 4 of 4") {
    check_part(3);
}

TEST_CASE("Permissions: an outsider gets help and one refusal for everything else") {
    std::vector<std::string> lines(tests::k_open_to_everyone.begin(),
                                   tests::k_open_to_everyone.end());
    lines.emplace_back("nosuchcommand at all");
    for (const std::string& line : lines) {
        FullBot bot;
        bot.outsiders.insert(tests::k_outsider);
        bot::UserRef mallory = FullBot::console_user(tests::k_outsider);
        mallory.is_outsider = true;
        bot.users.remember(mallory);
        const std::string outsider_refusal = bot.catalog.text("router.outsider");
        const std::string before = database_state(bot.db);
        const std::size_t sent = bot.chat.sent.size();
        INFO("command: ", line);
        const std::string out = bot.run(line, tests::k_outsider);
        INFO("reply: ", out);
        CHECK(bot.chat.sent.size() == sent + 1);
        CHECK(bot.chat.sent.back().reply.audience == bot::Audience::requester);
        CHECK(database_state(bot.db) == before);
        if (line == "help") {
            CHECK_FALSE(contains(out, outsider_refusal));
        } else {
            CHECK(out == outsider_refusal);
        }
        // A colleague of the organisation is never refused for their circle here.
        const std::string colleague = bot.run(line, "cole");
        CHECK_FALSE(contains(colleague, outsider_refusal));
        CHECK_FALSE(contains(colleague, bot.catalog.text("router.members_only")));
    }
}

TEST_CASE("Permissions: the table covers every subcommand the router knows") {
    FullBot bot;
    const std::vector<PermissionRow> rows = tests::permission_rows();
    std::set<std::string> in_table;
    for (const PermissionRow& row : rows) {
        in_table.insert(subcommand_key(bot.router, row.line));
    }
    const std::set<std::string> open(tests::k_open_to_everyone.begin(),
                                     tests::k_open_to_everyone.end());
    std::set<std::string> known;
    const auto check_known = [&](const std::string& key, bot::Access access) {
        known.insert(key);
        INFO("subcommand: ", key);
        // A new subcommand or verb must be put in the table or declared open.
        CHECK((in_table.count(key) == 1 || open.count(key) == 1));
        if (access == bot::Access::lead || access == bot::Access::member) {
            CHECK(in_table.count(key) == 1);
            CHECK(open.count(key) == 0);
        }
        CHECK((access == bot::Access::everyone) == (key == "help"));
    };
    for (const bot::CommandSpec* spec : bot.router.specs()) {
        for (const bot::SubcommandSpec& sub : spec->subcommands) {
            const std::string key = sub.name.empty() ? spec->name : spec->name + " " + sub.name;
            if (sub.verbs.empty()) {
                check_known(key, sub.access);
            }
            for (const bot::VerbSpec& verb : sub.verbs) {
                check_known(key + " " + verb.name, std::max(sub.access, verb.access));
            }
        }
    }
    for (const std::string& key : in_table) {
        INFO("row for an unknown subcommand: ", key);
        CHECK(known.count(key) == 1);
    }
    for (const std::string& key : open) {
        INFO("open entry for an unknown subcommand: ", key);
        CHECK(known.count(key) == 1);
    }
}

TEST_SUITE_END();
