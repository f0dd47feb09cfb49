#include "bot/model/catalog.hpp"
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
    for (const CatalogEntry& entry : table) {
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

TEST_CASE("Catalog: an unknown key shows the key rather than nothing") {
    const Catalog en(Locale::en);
    CHECK(en.text("no.such.key") == "no.such.key");
    CHECK_FALSE(en.has("no.such.key"));
}

TEST_SUITE_END();
