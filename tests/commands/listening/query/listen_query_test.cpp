#include "bot/model/catalog.hpp"
#include "commands/listening/query/listen_query.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace onevoice;
using commands::MatchText;
using commands::Query;
using commands::QueryError;

namespace {

std::vector<std::string> words(std::string_view text) {
    return MatchText(text).words();
}

struct MatchCase {
    const char* query;
    const char* text;
    bool expected;
};

void check_matches(const std::vector<MatchCase>& cases) {
    for (const MatchCase& c : cases) {
        INFO("query: " << std::string(c.query) << " | text: " << std::string(c.text));
        CHECK(Query::parse(c.query).matches(c.text) == c.expected);
    }
}

struct ErrorCase {
    std::string query;
    const char* key;
    std::size_t position;
};

} // namespace

TEST_SUITE_BEGIN("commands");

TEST_CASE("MatchText: folds case, accents and umlauts the way Germans type without them") {
    CHECK(words("Für GRÜßE, Straße & Öl") ==
          std::vector<std::string>{"fuer", "gruesse", "strasse", "oel"});
    CHECK(words("ÄÖÜ äöü ẞ") == std::vector<std::string>{"aeoeue", "aeoeue", "ss"});
    CHECK(words("Élodie CAFÉ Ñandú Øre Łódź Œuvre") ==
          std::vector<std::string>{"elodie", "cafe", "nandu", "ore", "lodz", "oeuvre"});
    // Decomposed umlauts (u + U+0308) as macOS sends them.
    CHECK(words("Mu\u0308ller fu\u0308r Cafe\u0301") ==
          std::vector<std::string>{"mueller", "fuer", "cafe"});
    CHECK(words("МОСКВА Ελλάδα") == std::vector<std::string>{"москва", "ελλάδα"});
}

TEST_CASE("MatchText: words split at punctuation, apostrophes, hyphens and emoji") {
    CHECK(words("McDonald's E-Mail-Adresse... super!!!👍🏽nice") ==
          std::vector<std::string>{"mcdonald", "s", "e", "mail", "adresse", "super", "nice"});
    CHECK(words("„Zitat“ – «quote» ‚x‘ 3,5 %") ==
          std::vector<std::string>{"zitat", "quote", "x", "3", "5"});
    CHECK(words("snake_case stays") == std::vector<std::string>{"snake_case", "stays"});
    CHECK(words("").empty());
    CHECK(words("  ?! 🙂 \xff\xfe ").empty());
}

TEST_CASE("MatchText: hashtags and handles keep their sign, Mastodon handles drop the instance") {
    CHECK(words("Streik! #Bahnstreik #Grüße bei @DB_Bahn") ==
          std::vector<std::string>{"streik", "#bahnstreik", "#gruesse", "bei", "@db_bahn"});
    CHECK(words("cc @anna@mastodon.social und @ben.bsky.social.") ==
          std::vector<std::string>{"cc", "@anna", "und", "@ben.bsky.social"});
    // Not at a word start: no hashtag, no handle (e-mail addresses, C#).
    CHECK(words("info@firma.de C# a#b") ==
          std::vector<std::string>{"info", "firma", "de", "c", "a", "b"});
    CHECK(words("# @ ##").empty());
}

TEST_CASE("MatchText: a URL yields its host words only, never its path") {
    CHECK(words("Lesen: https://www.spiegel.de/wirtschaft/bahn-streik-a-123.html?utm_source=x "
                "danke") == std::vector<std::string>{"lesen", "spiegel", "de", "danke"});
    CHECK(words("(http://user:pw@Example.COM:8080/bahn)") ==
          std::vector<std::string>{"example", "com"});
    CHECK(words("www.telekom.de/hilfe/bahn ok") == std::vector<std::string>{"telekom", "de", "ok"});
    CHECK(words("“https://x.org/a”bahn") == std::vector<std::string>{"x", "org", "bahn"});
    CHECK(words("awww. so cute") == std::vector<std::string>{"awww", "so", "cute"});
}

TEST_CASE("Query: words match case-insensitively, umlaut-aware and on word boundaries") {
    check_matches({
        {"für", "Das ist FUER euch", true},
        {"fuer", "Gut für dich", true},
        {"Fuer", "für", true},
        {"straße", "Strasse gesperrt", true},
        {"Müller", "Herr MUELLER sagt", true},
        {"Müller", "Herr Muller sagt", false},
        {"café", "Le CAFE est fermé", true},
        {"bahn", "Stau auf der Autobahn", false},
        {"bahn", "Die Bahn kommt", true},
        {"bahn", "Bahn-Streik heute", true},
        {"bahn", "Bahnhof gesperrt", false},
        {"deutsche bahn", "Bahn ist deutsche Qualität", true}, // AND, not a phrase
        {"telekom", "Ärger mit der Telekom!!!", true},
        {"e-mail", "Schreib mir eine E-Mail", true},
        {"e-mail", "Schreib mir eine Email", false},
        {"McDonald's", "at mcdonald’s today", true},
        {"mcdonald", "McDonald's burgers", true},
        {"delivery", "Great delivery, thanks", true},
        {"delivery", "deliveryman waved", false},
    });
}

TEST_CASE("Query: phrases match consecutive words, in every kind of quotes") {
    check_matches({
        {"\"deutsche bahn\"", "Die Deutsche Bahn streikt", true},
        {"\"deutsche bahn\"", "Die deutsche, gute Bahn", false},
        {"\"deutsche bahn\"", "Bahn deutsche", false},
        {"„Deutsche Bahn“", "deutsche-bahn.de ist down", true},
        {"“customer service”", "Their Customer   Service was awful", true},
        {"»kundenservice ist«", "Der Kundenservice ist super", true},
        {"\"kundenservice ist„", "Der Kundenservice ist super", true}, // any quote closes
        {"\"für dich\"", "Fuer Dich!", true},
        {"\"bahn\"", "autobahn", false},
    });
}

TEST_CASE("Query: hashtags, handles and plain words") {
    check_matches({
        {"#bahnstreik", "Wieder #Bahnstreik heute", true},
        {"#bahnstreik", "Wieder Bahnstreik heute", false},
        {"bahnstreik", "Wieder #Bahnstreik heute", true},
        {"bahnstreik", "Wieder Bahnstreik heute", true},
        {"#bahn", "#Bahnstreik", false},
        {"@db_bahn", "Danke @DB_Bahn!", true},
        {"@db_bahn", "Danke db_bahn", false},
        {"db_bahn", "Danke @DB_Bahn!", true},
        {"@anna", "Toot von @anna@mastodon.social", true},
        {"@anna@chaos.social", "Toot von @anna@mastodon.social", true},
        {"#grüße", "Viele #Gruesse", true},
        {"\"#bahn streik\"", "#bahn streik", true},
        {"\"#bahn streik\"", "bahn streik", false},
    });
}

TEST_CASE("Query: OR, AND, exclusion, NOT and parentheses with OR looser than AND") {
    check_matches({
        {"bahn OR telekom", "Telekom down", true},
        {"bahn | telekom", "Bahn spät", true},
        {"bahn||telekom", "Bahn spät", true},
        {"bahn or telekom", "Telekom down", false}, // lower-case "or" is a word
        {"bahn or telekom", "bahn or telekom", true},
        {"bahn streik OR telekom", "Telekom down", true}, // (bahn streik) OR telekom
        {"bahn streik OR telekom", "bahn ist pünktlich", false},
        {"bahn (streik OR verspätung)", "Bahn: Verspätung 20 min", true},
        {"bahn (streik OR verspätung)", "Bahn ist pünktlich", false},
        {"bahn AND streik", "Streik bei der Bahn", true},
        {"bahn AND streik", "Bahn", false},
        {"bahn -autobahn", "Bahn und Autobahn", false},
        {"bahn -autobahn", "Bahn fährt", true},
        {"bahn NOT werbung", "Bahn Werbung", false},
        {"bahn -\"deutsche bahn\"", "deutsche bahn", false},
        {"bahn -\"deutsche bahn\"", "bahn deutsche", true},
        {"bahn -(gewinnspiel OR werbung)", "Bahn Gewinnspiel!", false},
        {"bahn -(gewinnspiel OR werbung)", "Bahn kaputt", true},
        {"bahn -(-streik)", "Bahn ohne", false}, // double negation: bahn streik
        {"bahn -(-streik)", "Bahn Streik", true},
        {"((bahn))", "bahn", true},
        {"bahn -#werbung", "Bahn Werbung", true},
        {"bahn -#werbung", "Bahn #Werbung", false},
    });
}

TEST_CASE("Query: site: matches the mention's URL host and its subdomains") {
    const Query q = Query::parse("bahn -site:spam.example");
    CHECK(q.matches(MatchText("Bahn news", "https://news.example/a")));
    CHECK_FALSE(q.matches(MatchText("Bahn news", "https://www.spam.example/a")));
    CHECK_FALSE(q.matches(MatchText("Bahn news", "http://blog.SPAM.example:8080/")));
    CHECK(q.matches(MatchText("Bahn news", "https://notspam.example/")));
    CHECK(q.matches(MatchText("Bahn news")));
    CHECK(Query::parse("site:https://www.heise.de/news")
              .matches(MatchText("", "https://heise.de/x")));
}

TEST_CASE("Query: text is the query as typed with single spaces") {
    CHECK(Query::parse("  bahn \t  \"deutsche   bahn\"\nOR  telekom ").text() ==
          "bahn \"deutsche bahn\" OR telekom");
    CHECK(Query().text().empty());
    CHECK_FALSE(Query().matches("anything"));
}

TEST_CASE("Query: positive terms for highlighting leave out exclusions") {
    CHECK(Query::parse("Bahn (\"Deutsche Bahn\" OR #Streik) -werbung -(-stau) bahn site:x.de")
              .positive_terms() ==
          std::vector<std::string>{"Bahn", "Deutsche Bahn", "#Streik", "stau"});
}

TEST_CASE("Query: with_exclusion adds the term, quoting and parenthesising as needed") {
    const Query base = Query::parse("bahn OR telekom");
    const Query narrowed = base.with_exclusion("gewinnspiel");
    CHECK(narrowed.text() == "(bahn OR telekom) -gewinnspiel");
    CHECK(narrowed.matches("Telekom ist down"));
    CHECK_FALSE(narrowed.matches("Telekom Gewinnspiel"));
    CHECK(Query::parse("bahn streik").with_exclusion("Black Friday").text() ==
          "bahn streik -\"Black Friday\"");
    CHECK(Query::parse("bahn").with_exclusion("\"OR\"").text() == "bahn -\"OR\"");
    CHECK(Query::parse("bahn").with_exclusion("-x").text() == "bahn -\"-x\"");
    CHECK(Query::parse("bahn").with_exclusion("#werbung").text() == "bahn -#werbung");
    const Query site = base.with_excluded_site("https://www.Spam.example/path?q=1");
    CHECK(site.text() == "(bahn OR telekom) -site:spam.example");
    CHECK_FALSE(site.matches(MatchText("bahn", "https://spam.example/a")));
    CHECK_THROWS_AS(base.with_exclusion("!!!"), QueryError);
}

TEST_CASE("Query: every error names its catalog key and the character where it is") {
    const std::vector<ErrorCase> cases = {
        {"", "listen.query_empty", 1},
        {"   \t ", "listen.query_empty", 1},
        {"bahn (streik OR stau", "listen.query_unbalanced", 6},
        {"bahn streik)", "listen.query_unbalanced", 12},
        {") bahn", "listen.query_unbalanced", 1},
        {"(bahn))", "listen.query_unbalanced", 7},
        {"(", "listen.query_unbalanced", 1},
        {"bahn \"deutsche bahn", "listen.query_unclosed_quote", 6},
        {"für „Grüße", "listen.query_unclosed_quote", 5}, // characters, not bytes
        {"bahn \"\"", "listen.query_empty_phrase", 6},
        {"bahn \" !! \"", "listen.query_empty_phrase", 6},
        {"bahn ()", "listen.query_empty_group", 6},
        {"OR bahn", "listen.query_operator_side", 1},
        {"bahn OR", "listen.query_operator_side", 6},
        {"bahn OR OR stau", "listen.query_operator_side", 6},
        {"bahn | ", "listen.query_operator_side", 6},
        {"(bahn OR) stau", "listen.query_operator_side", 7},
        {"bahn AND", "listen.query_operator_side", 6},
        {"AND bahn", "listen.query_operator_side", 1},
        {"bahn - stau", "listen.query_exclusion_empty", 6},
        {"bahn -", "listen.query_exclusion_empty", 6},
        {"(bahn -)", "listen.query_exclusion_empty", 7},
        {"bahn NOT", "listen.query_exclusion_empty", 6},
        {"bahn & stau", "listen.query_no_letters", 6},
        {"bahn site:", "listen.query_no_letters", 6},
        {"-bahn", "listen.query_only_excludes", 1},
        {"NOT werbung", "listen.query_only_excludes", 1},
        {"-bahn -stau", "listen.query_only_excludes", 1},
        {"bahn OR -stau", "listen.query_only_excludes", 9},
        {"(-bahn)", "listen.query_only_excludes", 2},
        {"ä" + std::string(500, 'x'), "listen.query_too_long", 501},
    };
    bot::Catalog catalog(bot::Locale::en);
    catalog.add(commands::listen_query_messages());
    for (const ErrorCase& c : cases) {
        INFO("query: " << c.query);
        CHECK(catalog.has(c.key));
        try {
            (void)Query::parse(c.query);
            FAIL("no error");
        } catch (const QueryError& e) {
            CHECK(e.key() == c.key);
            CHECK(e.position() == c.position);
        }
    }
}

TEST_CASE("Query: the limits are 500 characters and 50 terms") {
    std::string fifty;
    for (int i = 0; i < 50; ++i) {
        fifty += "w" + std::to_string(i) + " ";
    }
    CHECK_NOTHROW((void)Query::parse(fifty));
    CHECK_NOTHROW((void)Query::parse(std::string(250, 'x') + " " + std::string(249, 'y')));
    CHECK_NOTHROW((void)Query::parse(std::string(250, 'a') + std::string(250, 'b')));
    try {
        (void)Query::parse(fifty + "zu viel");
        FAIL("no error");
    } catch (const QueryError& e) {
        CHECK(e.key() == "listen.query_too_many_terms");
        CHECK(e.position() == fifty.size() + 1);
    }
    // Umlauts count as one character each: 500 of them are allowed.
    std::string umlauts;
    for (int i = 0; i < 500; ++i) {
        umlauts += "ä";
    }
    CHECK_NOTHROW((void)Query::parse(umlauts));
}

TEST_CASE("Query: every error key has a message in English and German with the position") {
    bot::Catalog en(bot::Locale::en);
    bot::Catalog de(bot::Locale::de);
    en.add(commands::listen_query_messages());
    de.add(commands::listen_query_messages());
    for (const bot::CatalogEntry& entry : commands::listen_query_messages()) {
        INFO("key: " << entry.key);
        if (entry.key != "listen.query_empty") {
            CHECK(en.text(entry.key, {"14"}).find("14") != std::string::npos);
            CHECK(de.text(entry.key, {"14"}).find("14") != std::string::npos);
        }
    }
    try {
        (void)Query::parse("bahn (streik");
        FAIL("no error");
    } catch (const QueryError& e) {
        CHECK(en.text(e.key(), {std::to_string(e.position())}) ==
              "Unbalanced parenthesis at character 6.");
        CHECK(de.text(e.key(), {std::to_string(e.position())}) ==
              "Klammer ohne Gegenstück an Zeichen 6.");
    }
}

TEST_SUITE_END();
