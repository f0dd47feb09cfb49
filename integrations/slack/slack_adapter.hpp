#pragma once

#include "bot/model/catalog.hpp"
#include "bot/model/clock.hpp"
#include "bot/model/secret.hpp"
#include "bot/runtime/chat_adapter.hpp"
#include "integrations/net/http_transport.hpp"
#include "integrations/net/offline_clock.hpp"
#include "integrations/slack/circles.hpp"
#include "integrations/slack/payloads.hpp"
#include "integrations/slack/socket_mode.hpp"
#include "integrations/slack/web_api.hpp"

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace onevoice::integrations::slack {

struct SlackOptions {
    net::Url api_url;
    SocketModeOptions socket;
    // Where the team reads the bot's own notices (a channel id); empty: none.
    std::string team_channel;
    // After being offline at least this long, the bot says so in team_channel.
    bot::Duration offline_notice_after = std::chrono::minutes(1);
    // Who besides the installing workspace is a colleague ([slack] trusted_teams, guests).
    CirclePolicy circles{};
    // How long a users.info answer (name, time zone, guest, team) is used before it is asked
    // again: a person's circle changes rarely, and a call for every command would spend
    // users.info's rate limit (Tier 4, about 100 a minute) on one busy channel.
    bot::Duration user_info_ttl = std::chrono::hours(1);
    // The clock of that lifetime; nullptr: the system's. Must outlive the adapter.
    const bot::Clock* clock = nullptr;
    // The team's language for the adapter's own notices (slack_messages()); null: none sent.
    const bot::Catalog* catalog = nullptr;
};

// The Slack adapter's own messages (a reply it had to give up on).
std::span<const bot::CatalogEntry> slack_messages();

// OneVoice in Slack (Socket Mode). Turns envelopes into Commands and Actions
// and acknowledges each only after the runtime committed its effects (or
// recognised it as a duplicate); renders replies to Block Kit and sends them
// with the Web API method their audience needs. Runs on the io thread.
class SlackAdapter final : public bot::ChatAdapter {
public:
    SlackAdapter(boost::asio::io_context& io, boost::asio::ssl::context& tls,
                 net::HttpTransport& http, bot::Secret app_token, bot::Secret bot_token,
                 SlackOptions options, std::function<double()> random01);
    ~SlackAdapter() override;

    std::string_view platform() const override { return "slack"; }
    // Checks the bot token with auth.test, then connects.
    void start(bot::EventSink& sink) override;
    void stop() override;
    bool is_connected() const override { return m_socket.is_connected(); }
    // An unacknowledged envelope comes again (with retry_attempt): acks can wait.
    bool acks_later() const override { return true; }
    void deliver(std::int64_t id, const bot::Reply& reply,
                 std::function<void(bot::DeliveryResult)> done) override;
    void deliver_queued(std::int64_t id, const Queued& queued, const bot::Reply& reply,
                        std::function<void(bot::DeliveryResult)> done) override;

    const BotIdentity& identity() const { return m_identity; }

private:
    void authenticate();
    void on_envelope(ParsedEnvelope envelope, std::function<void()> ack);
    void dispatch_actions(std::vector<bot::Action> actions, std::function<void()> ack);
    // Hands `command` to the sink once its author is identified (identify()).
    void run_command(bot::Command command, std::string payload_team, std::function<void()> ack);
    // Outbound (slack_delivery.cpp).
    using Done = std::function<void(bot::DeliveryResult)>;
    // A new message (a Post, a PostBeside the outbox placed, a conversation not opened).
    void send(std::int64_t id, const bot::Reply& reply, Done done);
    void deliver_direct(std::int64_t id, const bot::Reply& reply, Done done);
    void post(const bot::Reply& reply, nlohmann::json args, Done done);
    // pins.add of the message `result` names when `reply` is a Post that asks for a pin, then
    // done(result) whatever the pin's answer.
    void pin_if_asked(const bot::Reply& reply, const bot::DeliveryResult& result, Done done);
    // chat.postMessage for outbox row `id` of outbox conversation `key`, tagged with the row id as
    // message metadata; a row that may have reached Slack already (an earlier run's, or one whose
    // attempt failed in a way that may have posted) is first looked for by that tag, so a crash
    // between Slack's answer and the outbox commit does not post twice; when the look cannot run,
    // the reply is held, never posted blindly (slack_post_once.cpp).
    void post_once(std::int64_t id, const std::string& key, const bot::Reply& reply,
                   nlohmann::json args, Done done);
    // The read-back of post_once: one history call, from just before the row was queued.
    void read_back(std::int64_t id, const std::string& key, const bot::Reply& reply,
                   nlohmann::json args, Done settle);
    // The read-back cannot run (a missing scope): the reply is held, not posted blindly.
    void hold(std::int64_t id, const nlohmann::json& args, const std::string& error, Done settle);
    void update(const bot::Reply& reply, const std::string& message, Done done);
    void react(const std::string& channel, const bot::Reaction& reaction, Done done);
    void remove_pin(const std::string& channel, const std::string& message, Done done);
    // A reply whose intent is an OpenConversation, for a place.
    void open_channel(std::int64_t id, const bot::Reply& reply, Done done);
    void create_channel(std::int64_t id, const bot::Reply& reply, int attempt, Done done);
    void invite_and_post(std::int64_t id, const bot::Reply& reply, const std::string& channel,
                         Done done);
    void share_file(const bot::Reply& reply, const std::string& channel, Done done);
    void complete_upload(const bot::Reply& reply, const std::string& channel,
                         const std::string& file_id, Done done);
    void call(std::string_view method, nlohmann::json args,
              std::function<void(const ApiResponse&)> then);
    void open_direct(const std::string& user_id,
                     std::function<void(const ApiResponse&, std::string)> then);

    // Runs `then` with `user` described (display name, time zone) and sorted into its circle
    // (is_outsider) from `payload_team` and users.info, once that has answered: at once from
    // an answer younger than user_info_ttl, else after asking (circles.hpp says what a failed
    // call decides). Not run when the adapter stopped meanwhile (the envelope stays unacked).
    void identify(bot::UserRef user, std::string payload_team,
                  std::function<void(bot::UserRef)> then);
    using Lookup = std::function<void(const SlackUser*)>;
    void look_up(const std::string& user_id, Lookup then);
    void on_user_info(const std::string& user_id, const ApiResponse& response);
    void fatal(const std::string& reason);
    void on_connected();
    void on_disconnected();

    boost::asio::io_context& m_io;
    WebApi m_api;
    SocketMode m_socket;
    net::Backoff m_auth_backoff;
    boost::asio::steady_timer m_auth_timer;
    bot::EventSink* m_sink = nullptr;
    BotIdentity m_identity;
    bool m_stopped = false;
    std::string m_team_channel;
    bot::Duration m_offline_notice_after;
    net::OfflineClock m_offline;
    std::map<std::string, std::string> m_direct_channels; // user id -> D… channel
    std::map<std::int64_t, std::string> m_opened; // outbox id -> channel it opened, until posted
    std::set<std::string> m_checked;              // outbox conversations whose last post is known
    CirclePolicy m_circles;
    bot::Duration m_user_info_ttl;
    const bot::Clock& m_clock;
    std::map<std::int64_t, Queued> m_queued; // outbox id -> what the outbox said, until done
    const bot::Catalog* m_catalog = nullptr;
    struct KnownUser {
        SlackUser user;
        bool is_known = false;     // users.info answered at least once
        bot::TimePoint known_at{}; // when it last answered
        // Who waits for the users.info call under way (non-empty: a call is under way), in
        // arrival order, so one person's commands keep their order.
        std::vector<Lookup> waiting;
    };
    std::map<std::string, KnownUser> m_users; // user id -> what Slack told us
    std::shared_ptr<bool> m_alive = std::make_shared<bool>(true);
};

} // namespace onevoice::integrations::slack
