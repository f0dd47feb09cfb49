#include "bot/text/escape.hpp"

#include <doctest/doctest.h>

using namespace onevoice::bot;

TEST_SUITE_BEGIN("bot");

TEST_CASE("escape_markup: &, < and > only, so quotes and umlauts stay readable") {
    CHECK(escape_markup("a < b && c > d") == "a &lt; b &amp;&amp; c &gt; d");
    CHECK(escape_markup("<!channel> \"Grüße\" it's") == "&lt;!channel&gt; \"Grüße\" it's");
    CHECK(escape_markup("&amp;") == "&amp;amp;");
    CHECK(escape_markup("") == "");
}

TEST_CASE("escape_html: quotes too, so the text is safe in an attribute value") {
    CHECK(escape_html("<a href=\"x\" title='y'>&</a>") ==
          "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;");
    CHECK(escape_html("Grüße") == "Grüße");
}

TEST_SUITE_END();
