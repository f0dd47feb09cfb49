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

// "team add": the subcommand the router picks for a row's command line.
std::string subcommand_key(const bot::Router& router, const std::string& line) {
    const auto space = line.find(' ');
    const std::string name = line.substr(0, space);
    const bot::CommandSpec* spec = router.find(name);
    REQUIRE_MESSAGE(spec != nullptr, "no command ", name);
    const std::string rest = space == std::string::npos ? "" : line.substr(space + 1);
    const std::string word = rest.substr(0, rest.find(' '));
    for (const bot::SubcommandSpec& sub : spec->subcommands) {
        if (!sub.name.empty() && sub.name == word) {
            return name + " " + word;
        }
    }
    const std::string fallback = rest.empty() ? "" : spec->fallback.value_or("");
    return fallback.empty() ? name : name + " " + fallback;
}

bool is_lead_only(const bot::Router& router, const std::string& key) {
    const auto space = key.find(' ');
    const std::string sub = space == std::string::npos ? "" : key.substr(space + 1);
    for (const bot::SubcommandSpec& candidate : router.find(key.substr(0, space))->subcommands) {
        if (candidate.name == sub) {
            return candidate.access == bot::Access::lead;
        }
    }
    return false;
}

// One run of one row as one actor, on a fresh bot. `is_covering`: the
// manager is away with the deputy as cover, which must change nothing.
void check_row(const PermissionRow& row, const std::string& actor, bool is_covering) {
    commands::CrisisSettings crisis;
    crisis.team = {"@tina"};
    crisis.needs_confirmation = row.needs_confirmation;
    FullBot bot(crisis);
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
    const std::string refusal_key =
        special != row.refused_with.end() ? special->second
        : is_lead_only(bot.router, subcommand_key(bot.router, row.line)) &&
                !bot::has_lead_role(bot.users.roles_of(FullBot::console_user(actor)))
            ? "router.lead_only"
            : row.refusal;
    const std::string refusal = bot.catalog.text(refusal_key, {row.refusal_arg});
    const std::string situation = is_covering ? " (deputy covering)" : "";
    const std::string expected = is_allowed ? "allowed" : "refused";
    INFO("command: ", row.line, " as ", actor, situation, " expected ", expected);

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
        CHECK(contains(out, "Usage:"));
        CHECK(database_state(bot.db) == before);
    }
}

} // namespace

TEST_SUITE_BEGIN("security");

TEST_CASE("Permissions: every privileged command as every role") {
    const std::vector<PermissionRow> rows = tests::permission_rows();
    int runs = 0;
    for (const PermissionRow& row : rows) {
        for (const std::string& actor : tests::k_actors) {
            check_row(row, actor, false);
            ++runs;
        }
        // The deputy covering for the manager gains nothing and loses nothing.
        for (const char* actor : {"boss", "dina"}) {
            check_row(row, actor, true);
            ++runs;
        }
    }
    MESSAGE(rows.size(), " rows, ", runs, " runs");
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
    for (const bot::CommandSpec* spec : bot.router.specs()) {
        for (const bot::SubcommandSpec& sub : spec->subcommands) {
            const std::string key = sub.name.empty() ? spec->name : spec->name + " " + sub.name;
            known.insert(key);
            INFO("subcommand: ", key);
            // A new subcommand must be put in the table or declared open to everyone.
            CHECK((in_table.count(key) == 1 || open.count(key) == 1));
            if (sub.access == bot::Access::lead) {
                CHECK(in_table.count(key) == 1);
                CHECK(open.count(key) == 0);
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
