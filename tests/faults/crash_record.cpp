#include "tests/faults/crash_record.hpp"

#include "tests/faults/fault_support.hpp"

namespace onevoice::tests {

using nlohmann::json;
using Clock = std::chrono::steady_clock;

namespace {

// The command a sent frame belongs to, -1 for none (hello, disconnect, setup commands).
// Remembers the event_id of a command's first envelope, so its retries map to it as well.
int command_of(const SentFrame& frame, const json& envelope,
               const std::map<std::string, int>& first_envelopes,
               std::map<std::string, int>& by_event) {
    const std::string event_id =
        envelope.is_object() && envelope.contains("payload") && envelope["payload"].is_object()
            ? envelope["payload"].value("event_id", "")
            : "";
    if (const auto it = first_envelopes.find(frame.envelope_id); it != first_envelopes.end()) {
        if (!event_id.empty()) {
            by_event[event_id] = it->second;
        }
        return it->second;
    }
    if (frame.type == "events_api" && !event_id.empty()) {
        if (const auto it = by_event.find(event_id); it != by_event.end()) {
            return it->second;
        }
    }
    return -1;
}

} // namespace

std::map<int, SlackDeliveryRecord>
slack_delivery_records(const FakeSlack& fake, const std::map<std::string, int>& first_envelopes,
                       Clock::time_point stopped_at) {
    const auto deadline = fake.options().ack_deadline;
    std::multimap<std::string, Clock::time_point> acks;
    for (const EnvelopeAck& ack : fake.acks()) {
        acks.emplace(ack.envelope_id, ack.at);
    }
    const std::vector<FakeConnection> connections = fake.connections();
    std::map<std::string, int> by_event;
    std::map<int, SlackDeliveryRecord> out;
    for (const SentFrame& frame : fake.sent()) {
        if (frame.envelope_id.empty()) {
            continue;
        }
        const json envelope = json::parse(frame.text, nullptr, false);
        const int command = command_of(frame, envelope, first_envelopes, by_event);
        if (command < 0) {
            continue;
        }
        SlackDeliveryRecord& record = out[command];
        ++record.envelopes;
        const int attempt = envelope.is_object() ? envelope.value("retry_attempt", 0) : 0;
        const auto [first, last] = acks.equal_range(frame.envelope_id);
        for (auto it = first; it != last; ++it) {
            if (it->second - frame.at > deadline) {
                ++record.late_acks;
            } else if (record.first_acked_attempt < 0 || attempt < record.first_acked_attempt) {
                record.first_acked_attempt = attempt;
            }
        }
        if (first != last) {
            continue;
        }
        const FakeConnection& on = connections.at(static_cast<std::size_t>(frame.connection) - 1);
        const bool is_killed =
            on.closed_at && *on.closed_at <= frame.at + deadline && *on.closed_at < stopped_at;
        ++(is_killed ? record.killed_in_flight : record.dropped);
    }
    return out;
}

std::map<std::string, bool> matrix_acknowledged(const FakeMatrix& fake, const std::string& room) {
    const std::int64_t through = fake.acknowledged_through();
    std::map<std::string, bool> out;
    for (const MatrixEvent& event : fake.events(room)) {
        out[event.event_id] = event.stream <= through;
    }
    return out;
}

} // namespace onevoice::tests
