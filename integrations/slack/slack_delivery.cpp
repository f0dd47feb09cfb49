// SlackAdapter, outbound: which Web API methods deliver a Reply.
#include "bot/log.hpp"
#include "bot/plain_text.hpp"
#include "integrations/slack/block_kit.hpp"
#include "integrations/slack/mrkdwn.hpp"
#include "integrations/slack/slack_adapter.hpp"

namespace onevoice::integrations::slack {
namespace {

using Done = std::function<void(bot::DeliveryResult)>;

// Adds the Block Kit rendering of `reply` to a method's arguments.
nlohmann::json message_args(const bot::Reply& reply, const std::string& channel) {
    nlohmann::json args = render(reply);
    args["channel"] = channel;
    if (!reply.place.thread.empty() && reply.replaces.empty()) {
        args["thread_ts"] = reply.place.thread;
    }
    return args;
}

// Where a posted message can be found again for chat.update.
bot::DeliveryResult posted(const ApiResponse& response) {
    return bot::DeliveryResult::posted(string_field(response.body, "channel"),
                                       string_field(response.body, "ts"));
}

} // namespace

void SlackAdapter::deliver(std::int64_t /*id*/, const bot::Reply& reply, Done done) {
    if (reply.reaction) {
        react(reply, std::move(done));
        return;
    }
    const bool needs_direct =
        reply.audience == bot::Audience::direct ||
        // A file cannot be ephemeral: the requester gets it in a direct message.
        (reply.audience == bot::Audience::requester && reply.attachment);
    if (needs_direct) {
        deliver_direct(reply, std::move(done));
        return;
    }
    if (reply.attachment) {
        share_file(reply, reply.place.conversation, std::move(done));
        return;
    }
    if (reply.audience == bot::Audience::requester) {
        if (!reply.recipient) {
            done(bot::DeliveryResult::permanent("ephemeral reply without a recipient"));
            return;
        }
        nlohmann::json args = message_args(reply, reply.place.conversation);
        args["user"] = reply.recipient->id;
        // An ephemeral message cannot be edited with chat.update: nothing to remember.
        call("chat.postEphemeral", std::move(args),
             [done = std::move(done)](const ApiResponse& r) { done(classify(r)); });
        return;
    }
    post(reply, message_args(reply, reply.place.conversation), std::move(done));
}

void SlackAdapter::deliver_direct(const bot::Reply& reply, Done done) {
    if (!reply.recipient) {
        done(bot::DeliveryResult::permanent("direct message without a recipient"));
        return;
    }
    open_direct(reply.recipient->id, [this, reply, done = std::move(done)](const ApiResponse& r,
                                                                           std::string channel) {
        if (!r.ok || channel.empty()) {
            done(r.ok ? bot::DeliveryResult::permanent("no direct channel") : classify(r));
            return;
        }
        bot::Reply in_direct = reply;
        in_direct.place.thread.clear();
        if (in_direct.attachment) {
            share_file(in_direct, channel, done);
            return;
        }
        post(in_direct, message_args(in_direct, channel), done);
    });
}

// chat.postMessage, or chat.update for a reply that replaces a message; then
// pins.add when asked. A failed pin is logged but does not fail the delivery:
// retrying would post the message twice.
void SlackAdapter::post(const bot::Reply& reply, nlohmann::json args, Done done) {
    const bool is_update = !reply.replaces.empty();
    if (is_update) {
        args["ts"] = reply.replaces;
    }
    call(is_update ? "chat.update" : "chat.postMessage", std::move(args),
         [this, alive = m_alive, pin = reply.is_pinned && !is_update,
          done = std::move(done)](const ApiResponse& r) {
             if (!r.ok || !pin || !*alive) {
                 done(r.ok ? posted(r) : classify(r));
                 return;
             }
             const bot::DeliveryResult result = posted(r);
             call("pins.add", {{"channel", result.posted_in}, {"timestamp", result.posted_message}},
                  [result, done](const ApiResponse& pin_response) {
                      if (!pin_response.ok && pin_response.error != "already_pinned") {
                          bot::log::warn(
                              "could not pin a message",
                              {{"channel", result.posted_in}, {"error", pin_response.error}});
                      }
                      done(result);
                  });
         });
}

void SlackAdapter::react(const bot::Reply& reply, Done done) {
    const nlohmann::json args = {{"channel", reply.place.conversation},
                                 {"timestamp", reply.reaction->message},
                                 {"name", reply.reaction->name}};
    call("reactions.add", args, [done = std::move(done)](const ApiResponse& r) {
        // Reacting twice is no failure: the reaction is there (a retried delivery).
        done(r.error == "already_reacted" ? bot::DeliveryResult::ok() : classify(r));
    });
}

// Slack's upload flow (https://api.slack.com/messaging/files#uploading_files):
// reserve an upload URL, POST the bytes there, then share the file in the
// channel with the reply's text as its comment.
void SlackAdapter::share_file(const bot::Reply& reply, const std::string& channel, Done done) {
    const bot::Attachment& file = *reply.attachment;
    const nlohmann::json reserve = {{"filename", file.filename},
                                    {"length", std::to_string(file.content.size())}};
    call("files.getUploadURLExternal", reserve,
         [this, alive = m_alive, reply, channel, done = std::move(done)](const ApiResponse& r) {
             const std::string url = string_field(r.body, "upload_url");
             const std::string file_id = string_field(r.body, "file_id");
             if (!r.ok || url.empty() || file_id.empty() || !*alive) {
                 done(r.ok ? bot::DeliveryResult::transient("no upload_url") : classify(r));
                 return;
             }
             m_api.upload(url, reply.attachment->content,
                          [this, alive, reply, channel, file_id, done](const ApiResponse& up) {
                              if (!up.ok || !*alive) {
                                  done(classify(up));
                                  return;
                              }
                              complete_upload(reply, channel, file_id, done);
                          });
         });
}

void SlackAdapter::complete_upload(const bot::Reply& reply, const std::string& channel,
                                   const std::string& file_id, Done done) {
    nlohmann::json args = {
        {"files",
         nlohmann::json::array({{{"id", file_id}, {"title", reply.attachment->filename}}})},
        {"channel_id", channel}};
    // The comment is plain text: Slack formats it as mrkdwn, so it is escaped.
    const std::string comment = escape(bot::render_plain(reply));
    if (!comment.empty()) {
        args["initial_comment"] = comment;
    }
    if (!reply.place.thread.empty()) {
        args["thread_ts"] = reply.place.thread;
    }
    call("files.completeUploadExternal", std::move(args),
         [done = std::move(done)](const ApiResponse& r) { done(classify(r)); });
}

// Every delivery call: a rejected bot token stops the bot (the message stays
// queued for the next start: a revoked token is not the message's fault).
void SlackAdapter::call(std::string_view method, nlohmann::json args,
                        std::function<void(const ApiResponse&)> then) {
    m_api.call(method, args, WebApi::Token::bot,
               [this, alive = m_alive, then = std::move(then)](const ApiResponse& response) {
                   if (*alive && response.is_auth_failure()) {
                       fatal("Slack rejected the bot token (SLACK_BOT_TOKEN): " + response.error);
                       ApiResponse kept = response;
                       kept.error = "token rejected";
                       kept.status = 503; // transient: kept in the outbox
                       kept.ok = false;
                       then(kept);
                       return;
                   }
                   then(response);
               });
}

void SlackAdapter::open_direct(const std::string& user_id,
                               std::function<void(const ApiResponse&, std::string)> then) {
    if (const auto it = m_direct_channels.find(user_id); it != m_direct_channels.end()) {
        ApiResponse cached;
        cached.ok = true;
        then(cached, it->second);
        return;
    }
    m_api.call("conversations.open", {{"users", user_id}}, WebApi::Token::bot,
               [this, alive = m_alive, user_id, then = std::move(then)](const ApiResponse& r) {
                   std::string channel;
                   if (r.ok) {
                       const auto opened = r.body.find("channel");
                       channel = opened != r.body.end() ? string_field(*opened, "id") : "";
                       if (*alive && !channel.empty()) {
                           m_direct_channels[user_id] = channel;
                       }
                   }
                   then(r, channel);
               });
}

} // namespace onevoice::integrations::slack
