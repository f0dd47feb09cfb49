// HTML in feed text reduced to plain text, and entity decoding.
#include "integrations/sources/html_text.hpp"

#include <doctest/doctest.h>

using namespace onevoice::integrations::sources;

TEST_SUITE_BEGIN("integrations");

TEST_CASE("decode_entities: named, numeric and unknown references") {
    CHECK(decode_entities("M&uuml;ller &amp; S&ouml;hne") == "Müller & Söhne");
    CHECK(decode_entities("Stra&szlig;e &euro; &hellip;") == "Straße € …");
    CHECK(decode_entities("&#228;&#xE4;&#XC4;") == "ääÄ");
    CHECK(decode_entities("&#x1F600;") == "\xF0\x9F\x98\x80");
    CHECK(decode_entities("&#0; &#xD800;") == "\xEF\xBF\xBD \xEF\xBF\xBD");
    CHECK(decode_entities("AT&T; &bogus; & x;") == "AT&T; &bogus; & x;");
    CHECK(decode_entities("&amp;amp;") == "&amp;"); // one level only
    CHECK(decode_entities("a &") == "a &");
}

TEST_CASE("collapse_whitespace: runs become one space, ends trimmed") {
    CHECK(collapse_whitespace("  a \t\n b  ") == "a b");
    CHECK(collapse_whitespace("a\xC2\xA0\xC2\xA0"
                              "b") == "a b");
    CHECK(collapse_whitespace("") == "");
}

TEST_CASE("html_to_text: tags dropped, paragraphs kept apart") {
    CHECK(html_to_text("<p>Hello <b>wor</b>ld</p><p>Second&nbsp;one</p>") ==
          "Hello world\nSecond one");
    CHECK(html_to_text("line<br/>break<br>again") == "line\nbreak\nagain");
    CHECK(html_to_text("<ul><li>one</li><li>two</li></ul>") == "one\ntwo");
    CHECK(html_to_text("<a href=\"x>y\" title='a<b'>link</a> text") == "link text");
}

TEST_CASE("html_to_text: script, style and comments are not text") {
    CHECK(html_to_text("a<script>if (x < 1) { y = '</b>'; }</script>b") == "ab");
    CHECK(html_to_text("<STYLE>p { color: red }</STYLE>visible") == "visible");
    CHECK(html_to_text("before<!-- <p>hidden</p> -->after") == "beforeafter");
    CHECK(html_to_text("x<script>never closed") == "x");
}

TEST_CASE("html_to_text: a '<' that starts no tag stays text") {
    CHECK(html_to_text("1 < 2 and 3 > 2") == "1 < 2 and 3 > 2");
    CHECK(html_to_text("a <3 b") == "a <3 b");
    CHECK(html_to_text("x &lt;b&gt; y") == "x <b> y");
    CHECK(html_to_text("<td>a</td><td>b</td>") == "a b");
}

TEST_CASE("html_to_text: entities decoded once after tags are gone") {
    CHECK(html_to_text("Fish &amp; Chips &#8211; &quot;good&quot;") ==
          "Fish & Chips \u2013 \"good\"");
    CHECK(html_to_text("") == "");
    CHECK(html_to_text("<p></p>   <div> </div>") == "");
}

TEST_SUITE_END();
