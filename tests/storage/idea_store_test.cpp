#include "storage/idea_store.hpp"
#include "tests/fakes/test_db.hpp"

#include <doctest/doctest.h>

using namespace onevoice;

namespace {

struct IdeaStoreFixture : tests::MemoryDb {
    storage::IdeaStore ideas{db};

    std::int64_t add(const std::string& text, const std::string& author,
                     std::vector<std::string> tags = {}, std::int64_t at = 1000) {
        storage::IdeaRow row;
        row.text = text;
        row.author_key = "console:" + author;
        row.platform = "console";
        row.conversation = "console";
        row.tags = std::move(tags);
        row.links = {"https://example.org/a"};
        row.created_at = at;
        return ideas.add(row);
    }
};

} // namespace

TEST_SUITE_BEGIN("storage");

TEST_CASE_FIXTURE(IdeaStoreFixture, "IdeaStore: an idea keeps its tags, links and place") {
    const auto id = add("Fair #event", "bob", {"event", "fair"});
    const auto idea = ideas.find(id);
    REQUIRE(idea);
    CHECK(idea->text == "Fair #event");
    CHECK(idea->author_key == "console:bob");
    CHECK(idea->status == "new");
    CHECK(idea->tags == std::vector<std::string>{"event", "fair"});
    CHECK(idea->links == std::vector<std::string>{"https://example.org/a"});
    CHECK(idea->conversation == "console");
    CHECK_FALSE(ideas.find(id + 1));
}

TEST_CASE_FIXTURE(IdeaStoreFixture, "IdeaStore: voting twice takes the vote back") {
    const auto id = add("x", "bob");
    CHECK(ideas.toggle_vote(id, "console:alice", 1));
    CHECK(ideas.toggle_vote(id, "console:boss", 2));
    CHECK(ideas.find(id)->votes == 2);
    CHECK_FALSE(ideas.toggle_vote(id, "console:alice", 3));
    CHECK(ideas.find(id)->votes == 1);
}

TEST_CASE_FIXTURE(IdeaStoreFixture,
                  "IdeaStore: lists by votes, then newest, with filters and paging") {
    const auto a = add("a", "bob", {"event"}, 1);
    const auto b = add("b", "alice", {}, 2);
    const auto c = add("c", "bob", {"event"}, 3);
    ideas.toggle_vote(a, "console:x", 1);
    ideas.set_status(b, "rejected", 5);
    const auto ids = [](const std::vector<storage::IdeaRow>& rows) {
        std::vector<std::int64_t> out;
        for (const auto& row : rows) {
            out.push_back(row.id);
        }
        return out;
    };
    CHECK(ids(ideas.list({}, 10, 0)) == std::vector<std::int64_t>{a, c, b});
    CHECK(ids(ideas.list({}, 2, 2)) == std::vector<std::int64_t>{b});
    CHECK(ids(ideas.list({{"new"}, {}, {}}, 10, 0)) == std::vector<std::int64_t>{a, c});
    CHECK(ids(ideas.list({{}, std::string("event"), {}}, 10, 0)) ==
          std::vector<std::int64_t>{a, c});
    ideas.set_assignee(c, "console:alice", 6);
    CHECK(ids(ideas.list({{}, {}, std::string("console:alice")}, 10, 0)) ==
          std::vector<std::int64_t>{c, b});
    CHECK(ideas.count({{"new", "rejected"}, {}, {}}) == 3);
    CHECK(ideas.count({{"published"}, {}, {}}) == 0);
}

TEST_CASE_FIXTURE(IdeaStoreFixture, "IdeaStore: the plan holds scheduled ideas by date and time") {
    const auto a = add("a", "bob");
    const auto b = add("b", "bob");
    const auto c = add("c", "bob");
    ideas.set_schedule(a, "2026-11-20", std::string("09:30"), {"linkedin", "blog"}, 1);
    ideas.set_schedule(b, "2026-11-20", std::nullopt, {}, 1);
    ideas.set_schedule(c, "2026-12-01", std::string("08:00"), {}, 1);
    const auto plan = ideas.planned("2026-11-16", "2026-11-22");
    REQUIRE(plan.size() == 2);
    CHECK(plan[0].id == b); // all day first
    CHECK(plan[1].id == a);
    CHECK(plan[1].channels == std::vector<std::string>{"blog", "linkedin"});
    CHECK(plan[1].status == "scheduled");
    ideas.set_schedule(a, "2026-11-21", std::nullopt, {"x"}, 2);
    CHECK(ideas.find(a)->channels == std::vector<std::string>{"x"});
    ideas.set_status(c, "rejected", 3);
    CHECK(ideas.planned("2026-01-01", "2026-12-31").size() == 2);
}

TEST_CASE_FIXTURE(IdeaStoreFixture, "IdeaStore: history is kept oldest first") {
    const auto id = add("x", "bob");
    ideas.add_history(id, "console:bob", "created", "", 1);
    ideas.add_history(id, "console:alice", "status", "approved", 2);
    const auto history = ideas.history(id);
    REQUIRE(history.size() == 2);
    CHECK(history[0].action == "created");
    CHECK(history[1].user_key == "console:alice");
    CHECK(history[1].detail == "approved");
    CHECK(history[1].at == 2);
}

TEST_SUITE_END();
