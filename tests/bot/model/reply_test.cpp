#include "bot/model/model.hpp"
#include "bot/model/plain_text.hpp"
#include "bot/runtime/reply_codec.hpp"

#include <doctest/doctest.h>

using namespace onevoice::bot;

namespace {

Reply sample() {
    const UserRef alice{"slack", "U1", "Alice", ""};
    Reply reply = Reply::direct_to(alice);
    reply.place = Place{"slack", "C1", "1700000000.0001", false};
    reply.replaces = "1700000000.0002";
    reply.heading("Idea #12")
        .text(Inline{plain("From "), mention(alice), plain(": "), strong("bold"), plain(" "),
                     onevoice::bot::link("https://example.org/x", "the post")})
        .fields({{"Status", Inline{plain("new")}}, {"Votes", Inline{plain("3")}}})
        .list({Inline{plain("one")}, Inline{code("two")}}, true)
        .buttons({{"Vote", "idea.vote", "idea vote 12", ButtonStyle::primary},
                  {"Reject", "idea.reject", "idea status 12 rejected", ButtonStyle::danger}})
        .context(Inline{emphasis("tags: #event")})
        .divider();
    return reply;
}

} // namespace

TEST_SUITE_BEGIN("bot");

TEST_CASE("reply codec: a reply survives the outbox round trip") {
    const Reply original = sample();
    const auto decoded = decode_reply(encode_reply(original));
    REQUIRE(decoded);
    CHECK(decoded->audience == Audience::direct);
    CHECK(decoded->recipient->key() == "slack:U1");
    CHECK(decoded->place.thread == "1700000000.0001");
    CHECK(decoded->replaces == "1700000000.0002");
    CHECK(render_plain(*decoded) == render_plain(original));
    CHECK(encode_reply(*decoded) == encode_reply(original));
}

TEST_CASE("reply codec: anchors, edits, pins, reactions and time zones survive") {
    Reply notice = Reply::direct_to(UserRef{"slack", "U1", "Alice", "Europe/Berlin"});
    notice.anchor = "crisis:3";
    notice.edits = "idea:12";
    notice.is_pinned = true;
    notice.reaction = Reaction{"1700000000.0003", "white_check_mark"};
    notice.attachment = Attachment{"plan.csv", "text/csv", "a,\"b\"\r\nä,ß\r\n", "/tmp/p.csv"};
    const auto decoded = decode_reply(encode_reply(notice));
    REQUIRE(decoded);
    CHECK(decoded->recipient->time_zone == "Europe/Berlin");
    CHECK(decoded->anchor == "crisis:3");
    CHECK(decoded->edits == "idea:12");
    CHECK(decoded->is_pinned);
    REQUIRE(decoded->reaction);
    CHECK(decoded->reaction->message == "1700000000.0003");
    CHECK(decoded->reaction->name == "white_check_mark");
    REQUIRE(decoded->attachment);
    CHECK(decoded->attachment->content == notice.attachment->content);
    CHECK(decoded->attachment->save_to == "/tmp/p.csv");
    CHECK(encode_reply(*decoded) == encode_reply(notice));
}

TEST_CASE("reply codec: unpins, opened conversations and replies beside an anchor survive") {
    Reply unpin = Reply::unpin_of("crisis:3");
    const auto decoded_unpin = decode_reply(encode_reply(unpin));
    REQUIRE(decoded_unpin);
    CHECK(decoded_unpin->is_unpinned);
    CHECK(decoded_unpin->edits == "crisis:3");

    Reply room = Reply::to_place().text("Crisis #3");
    room.opens =
        NewConversation{"crisis 3 Outrage",
                        {UserRef{"slack", "U1", "Alice", ""}, UserRef{"slack", "U2", "Bob", ""}}};
    const auto decoded_room = decode_reply(encode_reply(room));
    REQUIRE(decoded_room);
    REQUIRE(decoded_room->opens);
    CHECK(decoded_room->opens->name == "crisis 3 Outrage");
    REQUIRE(decoded_room->opens->members.size() == 2);
    CHECK(decoded_room->opens->members[1].key() == "slack:U2");
    CHECK_FALSE(decoded_room->is_unpinned);

    const auto decoded_beside = decode_reply(encode_reply(Reply::beside_of("crisis:3:room")));
    REQUIRE(decoded_beside);
    CHECK(decoded_beside->beside == "crisis:3:room");
    CHECK_FALSE(decoded_beside->opens);
}

TEST_CASE("reply codec: text that is not a reply is refused, not thrown") {
    CHECK_FALSE(decode_reply("not json"));
    CHECK_FALSE(decode_reply("{}"));
    CHECK_FALSE(decode_reply(R"({"audience":"place","place":{},"blocks":[{"type":"x"}]})"));
}

TEST_CASE("render_plain: every block has a faithful plain-text form") {
    CHECK(render_plain(sample()) == "## Idea #12\n"
                                    "From @Alice: bold the post (https://example.org/x)\n"
                                    "Status: new\n"
                                    "Votes: 3\n"
                                    "1. one\n"
                                    "2. two\n"
                                    "[Vote] idea vote 12   [Reject] idea status 12 rejected\n"
                                    "tags: #event\n"
                                    "----");
}

TEST_SUITE_END();
