#include "storage/calendar_freeze_store.hpp"
#include "storage/crisis_store.hpp"
#include "storage/crisis_template_store.hpp"
#include "storage/migrations.hpp"
#include "tests/fakes/test_db.hpp"

#include <doctest/doctest.h>

using namespace onevoice;

namespace {

storage::CrisisRow sample_crisis() {
    storage::CrisisRow c;
    c.title = "Outrage about the ad";
    c.severity = 1;
    c.lead_key = "console:boss";
    c.declared_by = "console:bob";
    c.declared_at = 1000;
    c.last_update_at = 1000;
    c.platform = "slack";
    c.conversation = "C0CRISIS";
    return c;
}

} // namespace

TEST_SUITE_BEGIN("storage");

TEST_CASE("CrisisStore: a crisis round-trips, updates and leaves the active list when resolved") {
    tests::MemoryDb memory;
    storage::CrisisStore store(memory.db);
    storage::CrisisRow c = sample_crisis();
    c.id = store.add(c);
    storage::CrisisRow minor = sample_crisis();
    minor.severity = 3;
    minor.title = "Minor";
    minor.id = store.add(minor);
    CHECK_FALSE(store.find(99).has_value());

    auto found = store.find(c.id);
    REQUIRE(found);
    CHECK(found->title == "Outrage about the ad");
    CHECK(found->severity == 1);
    CHECK(found->is_active());
    CHECK(found->conversation == "C0CRISIS");
    CHECK_FALSE(found->resolved_at.has_value());

    // Worst severity first.
    minor.severity = 1;
    minor.lead_key = "console:dina";
    store.update(minor);
    auto active = store.active();
    REQUIRE(active.size() == 2);
    CHECK(active[0].id == c.id);
    CHECK(active[1].lead_key == "console:dina");

    c.status = "resolved";
    c.resolved_at = 9000;
    c.summary = "Calm again";
    store.update(c);
    found = store.find(c.id);
    CHECK(found->status == "resolved");
    CHECK(found->resolved_at == 9000);
    CHECK(found->summary == "Calm again");
    active = store.active();
    REQUIRE(active.size() == 1);
    CHECK(active[0].id == minor.id);
}

TEST_CASE("CrisisStore: steps tick and untick, the timeline keeps its order") {
    tests::MemoryDb memory;
    storage::CrisisStore store(memory.db);
    const auto id = store.add(sample_crisis());
    store.add_step(id, 1, "Assess the facts", "community");
    store.add_step(id, 2, "Inform management", "manager");
    store.set_tick(id, 2, std::string("console:boss"), 2000);
    auto steps = store.steps(id);
    REQUIRE(steps.size() == 2);
    CHECK_FALSE(steps[0].is_ticked());
    CHECK(steps[1].is_ticked());
    CHECK(steps[1].ticked_by == "console:boss");
    CHECK(steps[1].owner_role == "manager");
    store.set_tick(id, 2, std::nullopt, std::nullopt);
    CHECK_FALSE(store.steps(id)[1].is_ticked());
    // A position is unique per crisis.
    CHECK_THROWS_AS(store.add_step(id, 1, "again", ""), storage::DbError);

    store.add_entry(id, 1000, "console:bob", "declared", "sev1 Outrage");
    store.add_entry(id, 1000, "console:boss", "update", "first");
    const auto timeline = store.timeline(id);
    REQUIRE(timeline.size() == 2);
    CHECK(timeline[0].kind == "declared");
    CHECK(timeline[1].text == "first");
}

TEST_CASE(
    "CrisisStore: statements are numbered per crisis - the last approval is the approved one") {
    tests::MemoryDb memory;
    storage::CrisisStore store(memory.db);
    const auto id = store.add(sample_crisis());
    const auto other = store.add(sample_crisis());
    CHECK(store.add_statement(id, "We are on it.", "console:dana", 1000) == 1);
    CHECK(store.add_statement(id, "We apologise.", "console:dana", 1100) == 2);
    CHECK(store.add_statement(other, "Elsewhere", "console:dana", 1200) == 1);
    CHECK_FALSE(store.approved_statement(id).has_value());
    store.approve(id, 2, "console:boss", 2000);
    store.approve(id, 1, "console:dina", 3000);
    const auto approved = store.approved_statement(id);
    REQUIRE(approved);
    CHECK(approved->number == 1);
    CHECK(approved->approved_by == "console:dina");
    // Both stay in the history.
    const auto all = store.statements(id);
    REQUIRE(all.size() == 2);
    CHECK(all[1].approved_at == 2000);
    CHECK_FALSE(store.approved_statement(other).has_value());
    // Two approvals in the same millisecond keep their order.
    store.approve(id, 2, "console:boss", 3000);
    CHECK(store.approved_statement(id)->number == 2);
}

TEST_CASE("CrisisStore: the schema refuses an unknown severity or status") {
    tests::MemoryDb memory;
    storage::CrisisStore store(memory.db);
    storage::CrisisRow c = sample_crisis();
    c.severity = 4;
    CHECK_THROWS_AS(store.add(c), storage::DbError);
    c.severity = 2;
    c.status = "paused";
    CHECK_THROWS_AS(store.add(c), storage::DbError);
}

TEST_CASE("CrisisStore: pending state, templates, paused ideas and tagged handovers") {
    tests::MemoryDb memory;
    storage::CrisisStore store(memory.db);
    storage::CrisisTemplateStore templates(memory.db);
    storage::CalendarFreezeStore freeze(memory.db);
    storage::CrisisRow c = sample_crisis();
    c.pending = "declare";
    c.pending_by = "console:bob";
    c.id = store.add(c);
    CHECK(store.find(c.id)->is_awaiting_declaration());
    c.pending = "resolve";
    c.pending_text = "Calm";
    store.update(c);
    CHECK(store.find(c.id)->pending_text == "Calm");
    CHECK_FALSE(store.find(c.id)->is_awaiting_declaration());

    CHECK(templates.add({"apology", "Sorry about {title}", "console:boss", 5}));
    CHECK_FALSE(templates.add({"apology", "Other", "console:boss", 6}));
    CHECK(templates.find("apology")->text == "Sorry about {title}");
    CHECK(templates.all().size() == 1);
    CHECK(templates.remove("apology"));
    CHECK_FALSE(templates.remove("apology"));
    CHECK_FALSE(templates.find("apology").has_value());

    memory.db.exec("INSERT INTO ideas (text, author_key, platform, conversation, status, "
                   "scheduled_on, scheduled_time, created_at, updated_at) VALUES "
                   "('Teaser', 'console:dana', 'console', 'console', 'scheduled', '2026-11-19', "
                   "'10:00', 1, 1), ('Draft', 'console:dana', 'console', 'console', 'new', NULL, "
                   "NULL, 1, 1)");
    auto ideas = freeze.scheduled_ideas("2026-11-18", "2026-11-20");
    REQUIRE(ideas.size() == 1);
    CHECK(ideas[0].text == "Teaser");
    CHECK_FALSE(ideas[0].paused_by.has_value());
    CHECK(freeze.find_idea(2)->status == "new");
    freeze.pause_idea(c.id, 1, "console:dana", 10);
    CHECK(freeze.find_idea(1)->paused_by == c.id);
    freeze.resume_idea(c.id, 1, "console:boss", 20);
    CHECK_FALSE(freeze.find_idea(1)->paused_by.has_value());
    // Pausing again reopens the same row.
    freeze.pause_idea(c.id, 1, "console:carl", 30);
    const auto pauses = freeze.pauses(c.id);
    REQUIRE(pauses.size() == 1);
    CHECK(pauses[0].paused_by == "console:carl");
    CHECK(pauses[0].is_paused());

    memory.db.exec("INSERT INTO handovers (question, requester_key, assignee_key, created_at, "
                   "assigned_at, due_at, crisis_id) VALUES ('Why?', 'a', 'b', 1, 1, 2, 1), "
                   "('Other', 'a', 'b', 1, 1, 2, NULL)");
    const auto handovers = store.handovers(c.id);
    REQUIRE(handovers.size() == 1);
    CHECK(handovers[0].question == "Why?");
}

TEST_SUITE_END();
