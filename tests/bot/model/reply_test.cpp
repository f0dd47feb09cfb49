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
    reply.intent = Edit{.message = "1700000000.0002"};
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
    CHECK(std::get<Edit>(decoded->intent).message == "1700000000.0002");
    CHECK(render_plain(*decoded) == render_plain(original));
    CHECK(encode_reply(*decoded) == encode_reply(original));
}

namespace {

// Encodes and decodes `reply`; the text must come out the same again.
Reply round_trip(const Reply& reply) {
    const std::string row = encode_reply(reply);
    const auto decoded = decode_reply(row);
    REQUIRE(decoded);
    CHECK(encode_reply(*decoded) == row);
    CHECK(decoded->intent.index() == reply.intent.index());
    return *decoded;
}

} // namespace

TEST_CASE("reply codec: every intent survives the outbox round trip") {
    SUBCASE("a post with an anchor, a pin and a file, to someone with a time zone") {
        Reply notice = Reply::direct_to(UserRef{"slack", "U1", "Alice", "Europe/Berlin"});
        notice.intent =
            Post{"crisis:3", true,
                 Attachment{"plan.csv", "text/csv", "a,\"b\"\r\nä,ß\r\n", "/tmp/p.csv"}};
        const Reply decoded = round_trip(notice);
        CHECK(decoded.recipient->time_zone == "Europe/Berlin");
        const Post& post = std::get<Post>(decoded.intent);
        CHECK(post.anchor == "crisis:3");
        CHECK(post.is_pinned);
        REQUIRE(post.attachment);
        CHECK(post.attachment->content == "a,\"b\"\r\nä,ß\r\n");
        CHECK(post.attachment->save_to == "/tmp/p.csv");
    }
    SUBCASE("a plain post") {
        const Post post = std::get<Post>(round_trip(Reply::to_place().text("hi")).intent);
        CHECK(post.anchor.empty());
        CHECK_FALSE(post.is_pinned);
        CHECK_FALSE(post.attachment);
    }
    SUBCASE("edits by anchor, by the platform's id, and both once resolved") {
        CHECK(std::get<Edit>(round_trip(Reply::edit_of("idea:12")).intent).anchor == "idea:12");
        Reply pressed = Reply::to_place();
        pressed.intent = Edit{.message = "1700000000.0002"};
        CHECK(std::get<Edit>(round_trip(pressed).intent).message == "1700000000.0002");
        pressed.intent = Edit{"idea:12", "1700000000.0002"};
        const Edit edit = std::get<Edit>(round_trip(pressed).intent);
        CHECK(edit.anchor == "idea:12");
        CHECK(edit.message == "1700000000.0002");
    }
    SUBCASE("an unpin") {
        Reply unpin = Reply::unpin_of("crisis:3");
        CHECK(std::get<Unpin>(round_trip(unpin).intent).anchor == "crisis:3");
        std::get<Unpin>(unpin.intent).message = "1.0";
        CHECK(std::get<Unpin>(round_trip(unpin).intent).message == "1.0");
    }
    SUBCASE("a post beside an anchor") {
        const Reply beside = Reply::beside_of("crisis:3:room").text("update");
        CHECK(std::get<PostBeside>(round_trip(beside).intent).anchor == "crisis:3:room");
    }
    SUBCASE("an opened conversation") {
        Reply room = Reply::to_place().text("Crisis #3");
        room.intent = OpenConversation{
            "crisis 3 Outrage",
            {UserRef{"slack", "U1", "Alice", ""}, UserRef{"slack", "U2", "Bob", ""}},
            "crisis:3:room"};
        const auto opens = std::get<OpenConversation>(round_trip(room).intent);
        CHECK(opens.name == "crisis 3 Outrage");
        REQUIRE(opens.members.size() == 2);
        CHECK(opens.members[1].key() == "slack:U2");
        CHECK(opens.anchor == "crisis:3:room");
    }
    SUBCASE("a reaction") {
        const Reply reaction =
            Reply::reaction_to(Place{"slack", "C1", "", false}, "1700000000.0003", "bulb");
        const Reaction decoded = std::get<Reaction>(round_trip(reaction).intent);
        CHECK(decoded.message == "1700000000.0003");
        CHECK(decoded.name == "bulb");
    }
}

namespace {

// An outbox row as versions before the intent wrote it: the reply's keys plus
// the flags that were set (`extra`, starting with a comma).
std::string old_row(std::string_view extra) {
    return R"({"audience":"place","blocks":[{"content":[{"kind":"text","target":"","text":"hi"}],)"
           R"("type":"text"}],"place":{"conversation":"C1","is_direct":false,"platform":"slack",)"
           R"("thread":""})" +
           std::string(extra) + "}";
}

Intent intent_of_old(std::string_view extra) {
    const auto decoded = decode_reply(old_row(extra));
    REQUIRE(decoded);
    CHECK(render_plain(*decoded) == "hi");
    return decoded->intent;
}

} // namespace

TEST_CASE("reply codec: rows queued by earlier versions keep their meaning") {
    SUBCASE("a plain message") {
        CHECK(std::holds_alternative<Post>(intent_of_old("")));
    }
    SUBCASE("an anchored, pinned notice") {
        const Post post = std::get<Post>(intent_of_old(R"(,"anchor":"crisis:3","pin":true)"));
        CHECK(post.anchor == "crisis:3");
        CHECK(post.is_pinned);
        CHECK_FALSE(post.attachment);
    }
    SUBCASE("an export") {
        const Post post = std::get<Post>(intent_of_old(
            R"(,"attachment":{"content":"a,b","filename":"plan.csv","media_type":"text/csv",)"
            R"("save_to":""})"));
        REQUIRE(post.attachment);
        CHECK(post.attachment->filename == "plan.csv");
        CHECK(post.attachment->content == "a,b");
    }
    SUBCASE("an edit by anchor") {
        const Edit edit = std::get<Edit>(intent_of_old(R"(,"edits":"idea:12")"));
        CHECK(edit.anchor == "idea:12");
        CHECK(edit.message.empty());
    }
    SUBCASE("a refreshed roster: the message it replaces") {
        const Edit edit = std::get<Edit>(intent_of_old(R"(,"replaces":"1700000000.0002")"));
        CHECK(edit.anchor.empty());
        CHECK(edit.message == "1700000000.0002");
    }
    SUBCASE("an unpin") {
        const Unpin unpin = std::get<Unpin>(intent_of_old(R"(,"edits":"crisis:3","unpin":true)"));
        CHECK(unpin.anchor == "crisis:3");
        CHECK(unpin.message.empty());
    }
    SUBCASE("a reply beside an anchor") {
        CHECK(std::get<PostBeside>(intent_of_old(R"(,"beside":"crisis:3:room")")).anchor ==
              "crisis:3:room");
    }
    SUBCASE("a conversation opened, with its anchor") {
        const auto opens = std::get<OpenConversation>(intent_of_old(
            R"(,"anchor":"crisis:3:room","opens":{"members":[{"display_name":"Alice","id":"U1",)"
            R"("platform":"slack","time_zone":""}],"name":"crisis 3 Outrage"})"));
        CHECK(opens.name == "crisis 3 Outrage");
        REQUIRE(opens.members.size() == 1);
        CHECK(opens.members[0].key() == "slack:U1");
        CHECK(opens.anchor == "crisis:3:room");
    }
    SUBCASE("a reaction") {
        const Reaction reaction = std::get<Reaction>(
            intent_of_old(R"(,"reaction":{"message":"1700000000.0003","name":"bulb"})"));
        CHECK(reaction.message == "1700000000.0003");
        CHECK(reaction.name == "bulb");
    }
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
