#include "storage/crisis_store.hpp"
#include "storage/handover_store.hpp"
#include "storage/migrations.hpp"
#include "tests/fakes/test_db.hpp"

#include <doctest/doctest.h>

using namespace onevoice;

TEST_SUITE_BEGIN("storage");

TEST_CASE("HandoverStore: add, update, filters, decliners and events round-trip") {
    tests::MemoryDb memory;
    storage::HandoverStore store(memory.db);
    storage::HandoverRow h;
    h.topic = "billing";
    h.question = "Invoice?";
    h.requester_key = "console:dana";
    h.assignee_key = "console:alice";
    h.platform = "slack";
    h.conversation = "C1";
    h.thread = "170.1";
    h.created_at = 1000;
    h.assigned_at = 1000;
    h.due_at = 5000;
    h.id = store.add(h);
    CHECK(store.active_count("console:alice") == 1);
    CHECK(store.last_assigned_at("console:alice") == 1000);
    CHECK_FALSE(store.last_assigned_at("console:carol").has_value());

    h.status = "answered";
    h.answer = "Yes";
    h.answered_at = 3000;
    store.update(h);
    const auto found = store.find(h.id);
    REQUIRE(found);
    CHECK(found->status == "answered");
    CHECK(found->thread == "170.1");
    CHECK(found->answered_at == 3000);
    CHECK_FALSE(found->crisis_id.has_value());
    CHECK(store.active_count("console:alice") == 0);

    CHECK(store.list({{"open"}, {}, {}, {}}, 10).empty());
    CHECK(store.list({{}, std::string("console:dana"), {}, {}}, 10).size() == 1);
    CHECK(store.list({{}, {}, std::int64_t{5000}, {}}, 10).empty());
    CHECK(store.list({{}, {}, {}, std::int64_t{1001}}, 10).empty());

    store.add_decliner(h.id, "console:carol");
    store.add_decliner(h.id, "console:carol");
    CHECK(store.decliners(h.id) == std::vector<std::string>{"console:carol"});
    store.add_event(h.id, "console:dana", "created", "billing", 1000);
    REQUIRE(store.events(h.id).size() == 1);
    CHECK(store.events(h.id)[0].detail == "billing");
}

TEST_CASE("HandoverStore: a handover opened during a crisis is tagged with it") {
    tests::MemoryDb memory;
    storage::HandoverStore store(memory.db);
    storage::CrisisStore crises(memory.db);
    storage::HandoverRow h;
    h.topic = "billing";
    h.question = "Invoice?";
    h.requester_key = "console:dana";
    h.assignee_key = "console:alice";
    CHECK_FALSE(store.find(store.add(h))->crisis_id.has_value());

    storage::CrisisRow drill;
    drill.title = "Practice";
    drill.is_drill = true;
    drill.lead_key = drill.declared_by = "console:boss";
    crises.add(drill);
    CHECK_FALSE(store.find(store.add(h))->crisis_id.has_value());

    storage::CrisisRow crisis = drill;
    crisis.title = "Outrage";
    crisis.is_drill = false;
    crisis.id = crises.add(crisis);
    CHECK(store.find(store.add(h))->crisis_id == crisis.id);

    crisis.status = "resolved";
    crises.update(crisis);
    CHECK_FALSE(store.find(store.add(h))->crisis_id.has_value());
}

TEST_SUITE_END();
