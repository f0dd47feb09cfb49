#include "bot/model/catalog.hpp"
#include "commands/crisis/crisis_commands.hpp"
#include "commands/handover/handover_commands.hpp"
#include "commands/ideas/idea_commands.hpp"
#include "commands/listening/digest/digest.hpp"
#include "commands/listening/listen_commands.hpp"
#include "commands/team/team_commands.hpp"

#include <doctest/doctest.h>

#include <set>

using namespace onevoice;
using namespace onevoice::bot;

namespace {

std::multiset<std::string> placeholders(std::string_view text) {
    std::multiset<std::string> found;
    for (std::size_t i = 0; i + 2 < text.size(); ++i) {
        if (text[i] == '{' && text[i + 2] == '}' && text[i + 1] >= '0' && text[i + 1] <= '9') {
            found.insert(std::string(text.substr(i, 3)));
        }
    }
    return found;
}

void check_table(std::span<const CatalogEntry> table) {
    std::set<std::string_view> keys;
    for (const CatalogEntry& entry : table) {
        keys.insert(entry.key);
    }
    for (const CatalogEntry& entry : table) {
        // A counted message has both forms (Catalog::plural).
        const std::string_view key = entry.key;
        if (key.ends_with(".one")) {
            CHECK(keys.count(std::string(key.substr(0, key.size() - 4)) + ".other") == 1);
        }
        INFO("key: " << entry.key);
        CHECK_FALSE(entry.en.empty());
        CHECK_FALSE(entry.de.empty());
        // A translation that drops or invents an argument shows wrong text.
        CHECK(placeholders(entry.en) == placeholders(entry.de));
    }
}

} // namespace

TEST_SUITE_BEGIN("bot");

TEST_CASE("Catalog: every message exists in English and German with the same arguments") {
    check_table(core_messages());
    check_table(commands::team_messages());
    check_table(commands::idea_messages());
    check_table(commands::handover_messages());
    check_table(commands::crisis_messages());
    check_table(commands::listen_messages());
    check_table(commands::digest_messages());
    Catalog catalog(Locale::de);
    CHECK_NOTHROW(catalog.add(commands::team_messages()));
}

TEST_CASE("Catalog: a duplicate key is a programming error") {
    Catalog catalog(Locale::en);
    CHECK_THROWS_AS(catalog.add(core_messages()), std::logic_error);
}

TEST_CASE("Catalog: text fills arguments and drops markup, and the locale picks the language") {
    const Catalog en(Locale::en);
    const Catalog de(Locale::de);
    CHECK(en.text("router.too_long", {"5000", "4000"}) ==
          "That message is too long (5000 characters; at most 4000).");
    CHECK(de.text("router.too_long", {"5000", "4000"}) ==
          "Die Nachricht ist zu lang (5000 Zeichen; höchstens 4000).");
    CHECK(en.text("help.more") == "Type help <command> for usage and examples.");
}

TEST_CASE("Catalog: rich keeps arguments as given, so user text never becomes markup") {
    const Catalog en(Locale::en);
    const Inline spans = en.rich("router.usage", {plain("*not bold* @channel")});
    REQUIRE(spans.size() == 2);
    CHECK(spans[0] == plain("Usage: "));
    CHECK(spans[1] == plain("*not bold* @channel"));
    const Inline more = en.rich("help.more");
    CHECK(more ==
          Inline{plain("Type "), code("help <command>"), plain(" for usage and examples.")});
}

TEST_CASE("Catalog: plural takes the one form for exactly 1, the other form for 0 and more") {
    const Catalog en(Locale::en);
    const Catalog de(Locale::de);
    CHECK(en.plural("runtime.back_online", 1, {"5 min", "1"}) ==
          "I was offline for 5 min and am back. The 1 message queued meanwhile is being sent now.");
    CHECK(
        en.plural("runtime.back_online", 0, {"5 min", "0"}) ==
        "I was offline for 5 min and am back. The 0 messages queued meanwhile are being sent now.");
    CHECK(de.plural("runtime.back_online", 2, {"5 min", "2"}) ==
          "Ich war 5 min offline und bin wieder da. Die 2 in der Zwischenzeit gesammelten "
          "Nachrichten werden jetzt gesendet.");
    CHECK(flatten(de.plural_rich("runtime.back_online", 1, {plain("5 min"), plain("1")})) ==
          "Ich war 5 min offline und bin wieder da. Die 1 in der Zwischenzeit gesammelte "
          "Nachricht wird jetzt gesendet.");
}

TEST_CASE("Catalog: a command is shown with the prefix of the platform") {
    Catalog matrix(Locale::en);
    matrix.set_command_prefix("!");
    CHECK(matrix.text("router.unknown_command", {"x"}) ==
          "Unknown command 'x'. Type !help for the list of commands.");
    CHECK(matrix.rich("help.more") ==
          Inline{plain("Type "), code("!help <command>"), plain(" for usage and examples.")});
    CHECK(matrix.command("idea vote 1") == code("!idea vote 1"));
    CHECK(matrix.command_text("idea vote 1") == "!idea vote 1");
    const Catalog console(Locale::en);
    CHECK(console.command("idea vote 1") == code("idea vote 1"));
    CHECK(console.text("help.more") == "Type help <command> for usage and examples.");
}

TEST_CASE("Catalog: an unknown key shows the key rather than nothing") {
    const Catalog en(Locale::en);
    CHECK(en.text("no.such.key") == "no.such.key");
    CHECK_FALSE(en.has("no.such.key"));
}

TEST_SUITE_END();
