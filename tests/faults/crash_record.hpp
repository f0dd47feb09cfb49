#pragma once

// What the fakes' own records say about each command of a crash test: whether Slack saw it
// acknowledged in time, and whether a Matrix client moved its sync position past it. The bot's
// database is not asked: "acknowledged" is what the platform knows, the effect is what the bot
// stored, and the two are checked apart.
#include "tests/fakes/fake_matrix.hpp"
#include "tests/fakes/fake_slack.hpp"

#include <chrono>
#include <map>
#include <string>

namespace onevoice::tests {

// One command's envelopes on Slack: the first and every retry Slack sent.
struct SlackDeliveryRecord {
    int envelopes = 0;
    // The retry_attempt of the lowest attempt acknowledged within the deadline (0: the first
    // envelope); -1 when none was.
    int first_acked_attempt = -1;
    int late_acks = 0; // acks after the deadline: Slack had given up on that envelope already
    // Envelopes never acknowledged whose connection closed (a kill) within the deadline,
    // before `stopped_at`: the bot died with them in flight.
    int killed_in_flight = 0;
    // Envelopes never acknowledged although their connection outlived the deadline, or that
    // were still open when the test stopped the bot: Slack timed them out on a running bot.
    int dropped = 0;
    bool is_acknowledged() const { return first_acked_attempt >= 0; }
};

// Per command number: what became of its envelopes. `first_envelopes` maps the envelope_id
// each FakeSlack::send_* returned to its command's number; an events_api retry (a new envelope
// with the same event_id) counts for the same command. `stopped_at`: when the test sent its
// final SIGTERM (no kill after it).
std::map<int, SlackDeliveryRecord>
slack_delivery_records(const FakeSlack& fake, const std::map<std::string, int>& first_envelopes,
                       std::chrono::steady_clock::time_point stopped_at);

// Per event id of `room`: whether a /sync asked with a since token at or past the event's stream
// position (FakeMatrix::acknowledged_through), i.e. the bot acknowledged it.
std::map<std::string, bool> matrix_acknowledged(const FakeMatrix& fake, const std::string& room);

} // namespace onevoice::tests
