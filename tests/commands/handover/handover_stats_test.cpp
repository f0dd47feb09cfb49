// `handover stats` against a hand-computed example (issue #6, "Done when").
#include "commands/handover/handover_stats.hpp"
#include "tests/fakes/handover_bot.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace onevoice;
using onevoice::tests::HandoverBot;
using std::chrono::minutes;

namespace {

// One handover created at `created`; times are minutes after it, -1 for none.
storage::HandoverRow sample(bot::TimePoint created, const std::string& topic,
                            const std::string& assignee, int first, int answered, bool escalated) {
    storage::HandoverRow h;
    h.topic = topic;
    h.question = "q";
    h.requester_key = "console:dana";
    h.assignee_key = assignee;
    h.created_at = bot::to_millis(created);
    h.assigned_at = h.created_at;
    h.due_at = bot::to_millis(created + std::chrono::hours(4));
    h.status = answered >= 0 ? "answered" : first >= 0 ? "accepted" : "open";
    if (first >= 0) {
        h.first_response_at = bot::to_millis(created + minutes(first));
    }
    if (answered >= 0) {
        h.answered_at = bot::to_millis(created + minutes(answered));
    }
    if (escalated) {
        h.overdue_at = h.due_at;
    }
    return h;
}

// The example: first responses 10, 30, 300 and 20 min; answers 60, 120 and 400
// min; #3 was escalated, #4 is still open past its deadline.
std::vector<storage::HandoverRow> example(bot::TimePoint created) {
    return {sample(created, "billing", "console:alice", 10, 60, false),
            sample(created, "billing", "console:alice", 30, 120, false),
            sample(created, "billing", "console:carol", 300, 400, true),
            sample(created, "legal", "console:erik", -1, -1, false),
            sample(created, "legal", "console:erik", 20, -1, false)};
}

} // namespace

TEST_SUITE_BEGIN("commands");

TEST_CASE("handover stats: nearest-rank percentiles") {
    using D = bot::Duration;
    CHECK_FALSE(commands::percentile({}, 0.5).has_value());
    CHECK(commands::percentile({D{10}, D{30}, D{20}, D{300}}, 0.5) == D{20});
    CHECK(commands::percentile({D{10}, D{30}, D{20}, D{300}}, 0.9) == D{300});
    CHECK(commands::percentile({D{7}}, 0.9) == D{7});
}

TEST_CASE("handover stats: count, median, p90, overdue share per topic and expert, by hand") {
    const bot::TimePoint created = bot::from_millis(1'795'000'000'000);
    const auto stats = commands::compute_stats(example(created), created + std::chrono::hours(5));

    CHECK(stats.total.count == 5);
    CHECK(stats.total.overdue == 2); // #3 escalated, #4 late
    CHECK(stats.total.overdue_percent() == 40);
    CHECK(stats.total.first_response.count == 4);
    CHECK(stats.total.first_response.median == minutes(20)); // 10 20 |30| 300: rank 2
    CHECK(stats.total.first_response.p90 == minutes(300));   // rank ceil(3.6) = 4
    CHECK(stats.total.answer.median == minutes(120));        // 60 120 400: rank 2
    CHECK(stats.total.answer.p90 == minutes(400));           // rank ceil(2.7) = 3

    REQUIRE(stats.by_topic.size() == 2);
    CHECK(stats.by_topic[0].name == "billing");
    CHECK(stats.by_topic[0].count == 3);
    CHECK(stats.by_topic[0].overdue_percent() == 33);
    CHECK(stats.by_topic[0].first_response.median == minutes(30));
    CHECK(stats.by_topic[0].first_response.p90 == minutes(300));
    CHECK(stats.by_topic[1].name == "legal");
    CHECK(stats.by_topic[1].overdue_percent() == 50);
    CHECK(stats.by_topic[1].first_response.median == minutes(20));
    CHECK(stats.by_topic[1].answer.count == 0);

    REQUIRE(stats.by_expert.size() == 3);
    CHECK(stats.by_expert[0].name == "console:alice");
    CHECK(stats.by_expert[0].first_response.median == minutes(10));
    CHECK(stats.by_expert[0].first_response.p90 == minutes(30));
    CHECK(stats.by_expert[0].answer.median == minutes(60));
    CHECK(stats.by_expert[0].answer.p90 == minutes(120));
    CHECK(stats.by_expert[1].overdue_percent() == 100);
    CHECK(stats.by_expert[2].count == 2);
}

TEST_CASE("handover stats: the command shows the figures, older handovers fall out of 7d") {
    HandoverBot bot;
    const bot::TimePoint now = bot.clock.now();
    auto rows = example(now - std::chrono::hours(6));
    // Ten days old: in 30d only.
    rows.push_back(sample(now - std::chrono::hours(240), "billing", "console:alice", 5, 5, false));
    for (auto& h : rows) {
        h.id = bot.handovers.add(h);
        bot.handovers.update(h); // the response times and the escalation
    }
    const std::string week = bot.run("handover stats", "dana");
    INFO(week);
    CHECK(week.find("Handovers, last 7 days") != std::string::npos);
    CHECK(week.find("All: 5 handovers · first response 20 min / 5 h · answer 2 h / 6 h 40 min · "
                    "overdue 40 %") != std::string::npos);
    CHECK(week.find("billing: 3 handovers · first response 30 min / 5 h") != std::string::npos);
    CHECK(week.find("@alice: 2 handovers · first response 10 min / 30 min · answer 1 h / 2 h · "
                    "overdue 0 %") != std::string::npos);
    CHECK(week.find("legal: 2 handovers · first response 20 min / 20 min · answer – ·") !=
          std::string::npos);
    CHECK(bot.run("handover stats 30d", "dana").find("All: 6 handovers") != std::string::npos);
}

TEST_SUITE_END();
