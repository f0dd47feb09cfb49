// SlackAdapter, outbound: a message posted once even when the bot dies after posting it.
//
// chat.postMessage has no idempotency key. The outbox marks a row delivered only after Slack
// answered, so a crash (or a lost answer) in between leaves the row pending although the message
// is in the channel. Each post carries its outbox row id as message metadata
// (https://api.slack.com/metadata/using); before the first post of an outbox conversation after a
// start, and after a failure that may have posted, the conversation's newest messages are read
// back (conversations.history / conversations.replies with include_all_metadata) and a message
// with the row's id counts as delivered.
#include "bot/log.hpp"
#include "integrations/slack/slack_adapter.hpp"

#include <optional>

namespace onevoice::integrations::slack {
namespace {

constexpr char k_event_type[] = "onevoice_outbox";
// Only the head row of an outbox conversation can be in doubt, and it is the newest message the
// bot posted there: a short look back finds it unless people wrote this much in between.
constexpr int k_look_back = 100;

// The ts of the message in a history answer tagged with outbox row `id`.
std::optional<std::string> tagged_post(const nlohmann::json& body, const std::string& id) {
    const auto messages = body.find("messages");
    if (messages == body.end() || !messages->is_array()) {
        return std::nullopt;
    }
    for (const nlohmann::json& message : *messages) {
        const auto metadata = message.find("metadata");
        if (!message.is_object() || metadata == message.end() || !metadata->is_object() ||
            string_field(*metadata, "event_type") != k_event_type) {
            continue;
        }
        const auto payload = metadata->find("event_payload");
        if (payload != metadata->end() && payload->is_object() &&
            string_field(*payload, "outbox_id") == id) {
            return string_field(message, "ts");
        }
    }
    return std::nullopt;
}

} // namespace

void SlackAdapter::post_once(std::int64_t id, const std::string& key, const bot::Reply& reply,
                             nlohmann::json args, Done done) {
    if (!reply.replaces.empty()) {
        post(reply, std::move(args), std::move(done)); // chat.update: the same edit twice is one
        return;
    }
    const std::string id_text = std::to_string(id);
    args["metadata"] = {{"event_type", k_event_type}, {"event_payload", {{"outbox_id", id_text}}}};
    // A post that failed may still have reached Slack (the answer was lost): look again next time.
    Done settle = [this, alive = m_alive, key, done = std::move(done)](bot::DeliveryResult result) {
        if (*alive && result.kind == bot::DeliveryResult::Kind::transient) {
            m_checked.erase(key);
        }
        done(std::move(result));
    };
    if (m_checked.count(key) > 0) {
        post(reply, std::move(args), std::move(settle));
        return;
    }
    const std::string channel = string_field(args, "channel");
    const std::string thread = string_field(args, "thread_ts");
    nlohmann::json query = {
        {"channel", channel}, {"limit", k_look_back}, {"include_all_metadata", true}};
    if (!thread.empty()) {
        query["ts"] = thread;
    }
    call(thread.empty() ? "conversations.history" : "conversations.replies", query,
         [this, alive = m_alive, id_text, key, channel, reply, args = std::move(args),
          settle = std::move(settle)](const ApiResponse& r) {
             if (!*alive) {
                 return;
             }
             if (!r.ok) {
                 const bot::DeliveryResult failed = classify(r);
                 if (failed.kind != bot::DeliveryResult::Kind::permanent) {
                     settle(failed);
                     return;
                 }
                 // Without the history scopes the bot still posts: at least once beats never.
                 bot::log::warn("cannot read back earlier posts; posting without the check",
                                {{"id", id_text}, {"error", r.error}});
             } else if (const auto ts = tagged_post(r.body, id_text)) {
                 bot::log::info("posted before a restart; not posted again",
                                {{"id", id_text}, {"channel", channel}});
                 m_checked.insert(key);
                 settle(bot::DeliveryResult::posted(channel, *ts));
                 return;
             }
             m_checked.insert(key);
             post(reply, args, settle);
         });
}

} // namespace onevoice::integrations::slack
