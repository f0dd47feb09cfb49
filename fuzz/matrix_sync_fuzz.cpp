// libFuzzer target: a Matrix /sync (or /messages) response body, as the
// Matrix adapter reads it (integrations/matrix/events): parse_sync, each
// timeline event turned into a Command or a reaction, and a backfilled page
// merged into the timeline. Besides crashes and sanitizer findings, the
// target checks the promises of events.hpp.
#include "bot/text/tokenizer.hpp"
#include "bot/text/utf8.hpp"
#include "integrations/matrix/events.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace {

using namespace onevoice;
using namespace onevoice::integrations::matrix;

void check(bool condition) {
    if (!condition) {
        std::abort(); // libFuzzer keeps the input as a crash
    }
}

void check_event(const RoomEvent& event) {
    check(!event.event_id.empty() && !event.sender.empty() && !event.type.empty());
    check(event.content.is_object());
}

void run_events(const SyncBatch& batch, const InboundRules& rules) {
    const bot::TimePoint received = bot::from_millis(1'790'000'000'000);
    for (const RoomEvent& event : batch.events) {
        check_event(event);
        const bool is_direct = batch.direct_rooms.contains(event.room_id);
        if (const auto command = to_command(event, rules, is_direct, received)) {
            check(command->user.id != rules.self);
            check(!command->text.empty());
            check(command->event_id == inbound_event_id(event));
            check(bot::is_valid_utf8(command->text));
            (void)bot::tokenize(command->text);
        } else if (const auto reaction = reaction_of(event)) {
            check(!reaction->target.empty() && !reaction->key.empty());
        }
    }
}

// The page fetched for a gap goes in front of its room's timeline events.
void run_backfill(const nlohmann::json& body, std::vector<RoomEvent> timeline) {
    const std::string room = timeline.empty() ? "!room:example.org" : timeline.front().room_id;
    std::string error;
    auto page = parse_messages(body, room, error);
    if (!page) {
        check(!error.empty());
        return;
    }
    for (const RoomEvent& event : page->events) {
        check_event(event);
    }
    const std::size_t most = timeline.size() + page->events.size();
    std::map<std::string, std::vector<RoomEvent>> gaps;
    gaps[room] = std::move(page->events);
    const std::vector<RoomEvent> merged = with_gaps(timeline, std::move(gaps));
    check(merged.size() >= timeline.size() && merged.size() <= most);
    for (const RoomEvent& event : timeline) {
        check(std::any_of(merged.begin(), merged.end(), [&event](const RoomEvent& other) {
            return other.event_id == event.event_id;
        }));
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    // As ClientApi reads a response: no exceptions, anything else is discarded.
    const nlohmann::json body = nlohmann::json::parse(data, data + size, nullptr, false);
    const InboundRules rules{"@onevoice:example.org", "!"};
    std::string error;
    const auto batch = parse_sync(body, error, rules.self);
    if (!batch) {
        check(!error.empty());
        run_backfill(body, {});
        return 0;
    }
    check(!batch->next_batch.empty());
    run_events(*batch, rules);
    run_backfill(body, batch->events);
    return 0;
}
