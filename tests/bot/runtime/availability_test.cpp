#include "bot/runtime/availability.hpp"
#include "tests/fakes/test_bot.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <optional>
#include <string>

using namespace onevoice;
using onevoice::bot::Availability;
using onevoice::tests::TestBot;

namespace {

// The clock's day: Wednesday, 2026-11-18.
constexpr bot::LocalDate k_today{2026, 11, 18};

// People, roles, topics and absences written straight into the store, so each
// case shows the situation it is about.
struct AvailabilityFixture {
    bot::UserRef member(const std::string& name, const std::string& role) {
        bot::UserRef user = TestBot::console_user(name);
        bot.users.remember(user);
        bot.team.add_role(user.key(), role, 0, "test");
        return user;
    }

    // Experts are ordered by when they were added: move the clock between them.
    bot::UserRef expert(const std::string& name, const std::string& topic) {
        bot::UserRef user = member(name, "expert");
        bot.clock.advance(std::chrono::minutes(1));
        bot.team.add_topic(user.key(), topic, bot::to_millis(bot.clock.now()));
        return user;
    }

    void away(const bot::UserRef& user, const std::string& from, const std::string& until,
              const std::optional<bot::UserRef>& cover = std::nullopt) {
        storage::AbsenceRow absence;
        absence.user_key = user.key();
        absence.starts_on = from;
        absence.ends_on = until;
        if (cover) {
            absence.cover_key = cover->key();
        }
        absence.created_by = user.key();
        bot.team.add_absence(absence, 0);
    }

    TestBot bot;
    bot::Availability& availability = bot.availability;
};

} // namespace

TEST_SUITE_BEGIN("commands");

TEST_CASE_FIXTURE(AvailabilityFixture, "Availability: absences count from first to last day") {
    const bot::UserRef alice = member("alice", "helper");
    away(alice, "2026-11-20", "2026-11-22");
    CHECK_FALSE(availability.is_away(alice.key(), k_today));
    CHECK_FALSE(availability.is_away(alice.key(), bot::LocalDate{2026, 11, 19}));
    CHECK(availability.is_away(alice.key(), bot::LocalDate{2026, 11, 20}));
    CHECK(availability.is_away(alice.key(), bot::LocalDate{2026, 11, 22}));
    CHECK_FALSE(availability.is_away(alice.key(), bot::LocalDate{2026, 11, 23}));

    const auto absence = availability.absence_on(alice.key(), bot::LocalDate{2026, 11, 21});
    REQUIRE(absence);
    CHECK(absence->starts_on == "2026-11-20");
    CHECK(absence->ends_on == "2026-11-22");
}

TEST_CASE_FIXTURE(AvailabilityFixture, "Availability: an absence ended early no longer counts") {
    const bot::UserRef alice = member("alice", "helper");
    away(alice, "2026-11-16", "2026-11-20");
    REQUIRE(availability.is_away(alice.key(), k_today));
    bot.team.end_absences(alice.key(), k_today.iso(), 0);
    CHECK_FALSE(availability.is_away(alice.key(), k_today));
    CHECK_FALSE(availability.is_away(alice.key(), bot::LocalDate{2026, 11, 19}));
}

TEST_CASE_FIXTURE(AvailabilityFixture, "Availability: stand_in for a present user is themselves") {
    const bot::UserRef alice = member("alice", "helper");
    away(alice, "2026-12-01", "2026-12-05");
    const auto assignee = availability.stand_in(alice, k_today);
    REQUIRE(assignee);
    CHECK(assignee->user == alice);
    CHECK(assignee->via == bot::Availability::Via::self);
    CHECK_FALSE(assignee->instead_of);
}

TEST_CASE_FIXTURE(AvailabilityFixture,
                  "Availability: stand_in looks at the day it is asked about") {
    member("boss", "manager");
    const bot::UserRef alice = member("alice", "helper");
    const bot::UserRef bob = member("bob", "helper");
    away(alice, "2026-12-01", "2026-12-05", bob);
    const auto assignee = availability.stand_in(alice, bot::LocalDate{2026, 12, 2});
    REQUIRE(assignee);
    CHECK(assignee->user == bob);
    CHECK(assignee->via == bot::Availability::Via::cover);
    REQUIRE(assignee->instead_of);
    CHECK(*assignee->instead_of == alice);
}

TEST_CASE_FIXTURE(AvailabilityFixture, "Availability: for_topic picks the first present expert") {
    member("boss", "manager");
    const bot::UserRef alice = expert("alice", "billing");
    const bot::UserRef bob = expert("bob", "billing");
    const bot::UserRef carol = expert("carol", "billing");

    SUBCASE("the first one added") {
        const auto assignee = availability.for_topic("billing", k_today);
        REQUIRE(assignee);
        CHECK(assignee->user == alice);
        CHECK(assignee->via == bot::Availability::Via::self);
        CHECK_FALSE(assignee->instead_of);
    }
    SUBCASE("skipping an away one, even with a cover") {
        away(alice, "2026-11-16", "2026-11-20", carol);
        const auto assignee = availability.for_topic("billing", k_today);
        REQUIRE(assignee);
        CHECK(assignee->user == bob);
        CHECK(assignee->via == bot::Availability::Via::self);
        CHECK(availability.present_experts("billing", k_today) ==
              std::vector<bot::UserRef>{bob, carol});
    }
}

TEST_CASE_FIXTURE(AvailabilityFixture, "Availability: an away expert's work goes to their cover") {
    member("boss", "manager");
    const bot::UserRef alice = expert("alice", "billing");
    const bot::UserRef bob = member("bob", "helper");
    away(alice, "2026-11-16", "2026-11-20", bob);

    const auto assignee = availability.for_topic("billing", k_today);
    REQUIRE(assignee);
    CHECK(assignee->user == bob);
    CHECK(assignee->via == bot::Availability::Via::cover);
    REQUIRE(assignee->instead_of);
    CHECK(*assignee->instead_of == alice);
}

TEST_CASE_FIXTURE(
    AvailabilityFixture,
    "Availability: a cover who has left the team takes over nothing - a manager does") {
    const bot::UserRef boss = member("boss", "manager");
    const bot::UserRef alice = expert("alice", "billing");
    const bot::UserRef bob = member("bob", "helper");
    away(alice, "2026-11-16", "2026-11-20", bob);
    bot.team.remove_member(bob.key()); // team remove @bob: the absence still names him

    const auto assignee = availability.stand_in(alice, k_today);
    REQUIRE(assignee);
    CHECK(assignee->user == boss);
    CHECK(assignee->via == bot::Availability::Via::manager);
    REQUIRE(assignee->instead_of);
    CHECK(*assignee->instead_of == alice);
}

TEST_CASE_FIXTURE(AvailabilityFixture, "Availability: a cover who is away too passes it on") {
    member("boss", "manager");
    const bot::UserRef alice = expert("alice", "billing");
    const bot::UserRef bob = member("bob", "helper");
    const bot::UserRef carol = member("carol", "helper");
    away(alice, "2026-11-16", "2026-11-20", bob);
    away(bob, "2026-11-18", "2026-11-18", carol);

    const auto assignee = availability.for_topic("billing", k_today);
    REQUIRE(assignee);
    CHECK(assignee->user == carol);
    CHECK(assignee->via == bot::Availability::Via::cover);
    REQUIRE(assignee->instead_of);
    CHECK(*assignee->instead_of == alice);

    // Tomorrow bob is back, and covers himself.
    const auto tomorrow = availability.for_topic("billing", bot::LocalDate{2026, 11, 19});
    REQUIRE(tomorrow);
    CHECK(tomorrow->user == bob);
}

TEST_CASE_FIXTURE(AvailabilityFixture, "Availability: a chain that ends with an away cover goes to "
                                       "the manager") {
    const bot::UserRef boss = member("boss", "manager");
    const bot::UserRef alice = expert("alice", "billing");
    const bot::UserRef bob = member("bob", "helper");
    away(alice, "2026-11-16", "2026-11-20", bob);
    away(bob, "2026-11-16", "2026-11-20");

    const auto assignee = availability.stand_in(alice, k_today);
    REQUIRE(assignee);
    CHECK(assignee->user == boss);
    CHECK(assignee->via == bot::Availability::Via::manager);
    REQUIRE(assignee->instead_of);
    CHECK(*assignee->instead_of == alice);
}

TEST_CASE_FIXTURE(AvailabilityFixture,
                  "Availability: a circle of covers ends at a present manager") {
    const bot::UserRef boss = member("boss", "manager");
    const bot::UserRef alice = expert("alice", "billing");
    const bot::UserRef bob = member("bob", "helper");
    const bot::UserRef carol = member("carol", "helper");
    away(alice, "2026-11-16", "2026-11-20", bob);
    away(bob, "2026-11-16", "2026-11-20", carol);
    away(carol, "2026-11-16", "2026-11-20", alice);

    const auto stand_in = availability.stand_in(alice, k_today);
    REQUIRE(stand_in);
    CHECK(stand_in->user == boss);
    CHECK(stand_in->via == bot::Availability::Via::manager);

    const auto assignee = availability.for_topic("billing", k_today);
    REQUIRE(assignee);
    CHECK(assignee->user == boss);
    CHECK(assignee->via == bot::Availability::Via::manager);
}

TEST_CASE_FIXTURE(AvailabilityFixture, "Availability: a circle of two with nobody else is nobody") {
    const bot::UserRef alice = member("alice", "helper");
    const bot::UserRef bob = member("bob", "helper");
    away(alice, "2026-11-16", "2026-11-20", bob);
    away(bob, "2026-11-16", "2026-11-20", alice);
    CHECK_FALSE(availability.stand_in(alice, k_today));
}

TEST_CASE_FIXTURE(AvailabilityFixture, "Availability: with the manager away, a deputy steps in") {
    const bot::UserRef boss = member("boss", "manager");
    const bot::UserRef dana = member("dana", "deputy");
    const bot::UserRef alice = expert("alice", "billing");
    away(boss, "2026-11-16", "2026-11-20");
    away(alice, "2026-11-16", "2026-11-20");

    REQUIRE(availability.manager_on(k_today));
    CHECK(*availability.manager_on(k_today) == dana);
    const auto assignee = availability.for_topic("billing", k_today);
    REQUIRE(assignee);
    CHECK(assignee->user == dana);
    CHECK(assignee->via == bot::Availability::Via::manager);

    // Once the manager is back, it is the manager again.
    CHECK(*availability.manager_on(bot::LocalDate{2026, 11, 21}) == boss);
}

TEST_CASE_FIXTURE(AvailabilityFixture, "Availability: a present manager comes before a deputy") {
    member("dana", "deputy");
    const bot::UserRef boss = member("boss", "manager");
    REQUIRE(availability.manager_on(k_today));
    CHECK(*availability.manager_on(k_today) == boss);
}

TEST_CASE_FIXTURE(AvailabilityFixture,
                  "Availability: a topic without experts goes to the manager") {
    const bot::UserRef boss = member("boss", "manager");
    const auto assignee = availability.for_topic("unknown", k_today);
    REQUIRE(assignee);
    CHECK(assignee->user == boss);
    CHECK(assignee->via == bot::Availability::Via::manager);
}

TEST_CASE_FIXTURE(AvailabilityFixture, "Availability: nobody there means nobody") {
    SUBCASE("an empty team") {
        CHECK_FALSE(availability.for_topic("billing", k_today));
        CHECK_FALSE(availability.manager_on(k_today));
    }
    SUBCASE("everyone away, no covers") {
        const bot::UserRef boss = member("boss", "manager");
        const bot::UserRef dana = member("dana", "deputy");
        const bot::UserRef alice = expert("alice", "billing");
        for (const bot::UserRef& user : {boss, dana, alice}) {
            away(user, "2026-11-16", "2026-11-20");
        }
        CHECK_FALSE(availability.manager_on(k_today));
        CHECK_FALSE(availability.for_topic("billing", k_today));
        CHECK_FALSE(availability.stand_in(alice, k_today));
    }
}

TEST_SUITE_END();
