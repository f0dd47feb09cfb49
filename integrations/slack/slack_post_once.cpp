// SlackAdapter, outbound: a message posted once even when the bot dies after posting it.
//
// chat.postMessage has no idempotency key. The outbox marks a row delivered only after Slack
// answered, so a crash (or a lost answer) in between leaves the row pending although the message
// is in the channel. Each post carries its outbox row id as message metadata
// (https://api.slack.com/metadata/using); before posting a row that may have reached Slack already
// (one an earlier run queued, or whose last attempt failed in a way that may have posted), the
// conversation's messages since the row was queued are read back (conversations.history /
// conversations.replies with include_all_metadata) and a message with the row's id counts as
// delivered. When that read-back cannot run at all (a missing scope), the check fails closed: the
// reply is held and retried, never posted blindly; at the outbox's last attempt it is given up
// and the conversation is told.
#include "bot/runtime/log.hpp"
#include "bot/text/escape.hpp"
#include "integrations/slack/mrkdwn.hpp"
#include "integrations/slack/slack_adapter.hpp"

#include <cstdio>
#include <optional>

namespace onevoice::integrations::slack {
namespace {

constexpr char k_event_type[] = "onevoice_outbox";
// Slack's page limit for conversations.history and .replies of apps outside the Marketplace
// since 2025 (https://api.slack.com/changelog/2025-05-terms-rate-limit-update-and-faq): 15
// messages, one call a minute. Only the head row of an outbox conversation can be in doubt and
// the look starts just before it was queued, so one page finds it unless people wrote 15
// messages in between.
constexpr int k_look_back = 15;
// `oldest` lies this much before the row was queued, for a bot clock ahead of Slack's: an earlier
// start only shows older messages, a later one could hide the post.
constexpr auto k_clock_skew = std::chrono::minutes(1);

constexpr bot::CatalogEntry k_messages[] = {
    {"slack.reply_held",
     "A reply of mine could not be delivered here: Slack does not let me check whether it was "
     "posted already ({0}), and I do not post it twice. If it is missing above, please run the "
     "command again.",
     "Eine Antwort von mir konnte hier nicht zugestellt werden: Slack lässt mich nicht prüfen, ob "
     "sie schon gepostet ist ({0}), und doppelt poste ich sie nicht. Wenn sie oben fehlt, führ den "
     "Befehl bitte noch einmal aus."},
};

// A Slack message timestamp ("1700000000.000100") for `at`.
std::string slack_ts(bot::TimePoint at) {
    const auto micros =
        std::chrono::duration_cast<std::chrono::microseconds>(at.time_since_epoch()).count();
    char out[40];
    std::snprintf(out, sizeof out, "%lld.%06lld", static_cast<long long>(micros / 1000000),
                  static_cast<long long>(micros % 1000000));
    return out;
}

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

std::span<const bot::CatalogEntry> slack_messages() {
    return k_messages;
}

void SlackAdapter::post_once(std::int64_t id, const std::string& key, const bot::Reply& reply,
                             nlohmann::json args, Done done) {
    args["metadata"] = {{"event_type", k_event_type},
                        {"event_payload", {{"outbox_id", std::to_string(id)}}}};
    // A post that failed may still have reached Slack (the answer was lost): look again next time.
    Done settle = [this, alive = m_alive, key, done = std::move(done)](bot::DeliveryResult result) {
        if (*alive && result.kind == bot::DeliveryResult::Kind::transient) {
            m_checked.erase(key);
        }
        done(std::move(result));
    };
    // A row this run queued and never tried, or a direct reply without a row, is not in Slack yet.
    const auto queued = m_queued.find(id);
    const bool is_fresh =
        id < 0 || (queued != m_queued.end() && !queued->second.may_have_been_sent);
    if (is_fresh || m_checked.count(key) > 0) {
        post(reply, std::move(args), std::move(settle));
        return;
    }
    read_back(id, key, reply, std::move(args), std::move(settle));
}

void SlackAdapter::read_back(std::int64_t id, const std::string& key, const bot::Reply& reply,
                             nlohmann::json args, Done settle) {
    const std::string channel = string_field(args, "channel");
    const std::string thread = string_field(args, "thread_ts");
    nlohmann::json query = {
        {"channel", channel}, {"limit", k_look_back}, {"include_all_metadata", true}};
    if (const auto queued = m_queued.find(id); queued != m_queued.end()) {
        query["oldest"] = slack_ts(queued->second.queued_at - k_clock_skew);
    }
    if (!thread.empty()) {
        query["ts"] = thread;
    }
    call(thread.empty() ? "conversations.history" : "conversations.replies", query,
         [this, alive = m_alive, id, key, channel, reply, args = std::move(args),
          settle = std::move(settle)](const ApiResponse& r) {
             if (!*alive) {
                 return;
             }
             if (!r.ok) {
                 const bot::DeliveryResult failed = classify(r);
                 if (failed.kind == bot::DeliveryResult::Kind::permanent) {
                     hold(id, args, r.error, settle);
                 } else {
                     settle(failed);
                 }
                 return;
             }
             if (const auto ts = tagged_post(r.body, std::to_string(id))) {
                 bot::log::info("posted before a restart; not posted again",
                                {{"id", std::to_string(id)}, {"channel", channel}});
                 m_checked.insert(key);
                 // A kill between the post and its pin left it unpinned: pin it now.
                 pin_if_asked(reply, bot::DeliveryResult::posted(channel, *ts), settle);
                 return;
             }
             m_checked.insert(key);
             post(reply, args, settle);
         });
}

void SlackAdapter::hold(std::int64_t id, const nlohmann::json& args, const std::string& error,
                        Done settle) {
    const auto queued = m_queued.find(id);
    const std::string id_text = std::to_string(id);
    if (queued == m_queued.end() || !queued->second.is_last_attempt) {
        // Posting now could post it twice: the outbox tries again later (its backoff), and a
        // scope granted meanwhile lets the check run.
        bot::log::warn("reply held: cannot check whether it was posted before; will retry",
                       {{"id", id_text}, {"error", error}});
        settle(bot::DeliveryResult::transient("cannot read back earlier posts: " + error));
        return;
    }
    bot::log::error("reply given up: cannot check whether it was posted before",
                    {{"id", id_text}, {"error", error}});
    const bot::DeliveryResult given_up =
        bot::DeliveryResult::permanent("not posted again unchecked: " + error);
    if (m_catalog == nullptr) {
        settle(given_up);
        return;
    }
    // The requester reads the conversation the reply was meant for: a short notice, no content.
    nlohmann::json notice = {
        {"channel", string_field(args, "channel")},
        {"text", bot::escape_markup(m_catalog->text("slack.reply_held", {error}))}};
    if (const std::string thread = string_field(args, "thread_ts"); !thread.empty()) {
        notice["thread_ts"] = thread;
    }
    call("chat.postMessage", notice, [id_text, given_up, settle](const ApiResponse& r) {
        if (!r.ok) {
            bot::log::warn("could not tell that a reply was given up",
                           {{"id", id_text}, {"error", r.error}});
        }
        settle(given_up);
    });
}

} // namespace onevoice::integrations::slack
