// SlackAdapter, outbound: which Web API methods deliver a Reply.
#include "bot/model/plain_text.hpp"
#include "bot/runtime/log.hpp"
#include "bot/text/escape.hpp"
#include "integrations/slack/block_kit.hpp"
#include "integrations/slack/channel_name.hpp"
#include "integrations/slack/mrkdwn.hpp"
#include "integrations/slack/slack_adapter.hpp"

namespace onevoice::integrations::slack {
namespace {

using Done = std::function<void(bot::DeliveryResult)>;

// Numbered names tried after name_taken before the reply goes to its place instead.
constexpr int k_name_attempts = 10;

// Adds the Block Kit rendering of `reply`, a new message, to a method's arguments.
nlohmann::json message_args(const bot::Reply& reply, const std::string& channel) {
    nlohmann::json args = render(reply);
    args["channel"] = channel;
    if (!reply.place.thread.empty()) {
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

void SlackAdapter::deliver(std::int64_t id, const bot::Reply& reply, Done done) {
    std::visit(bot::Overloaded{
                   [&](const bot::Post&) { send(id, reply, std::move(done)); },
                   [&](const bot::PostBeside&) { send(id, reply, std::move(done)); },
                   [&](const bot::Edit& edit) { update(reply, edit.message, std::move(done)); },
                   [&](const bot::Unpin& unpin) {
                       remove_pin(reply.place.conversation, unpin.message, std::move(done));
                   },
                   [&](const bot::OpenConversation&) {
                       if (reply.audience == bot::Audience::place) {
                           open_channel(id, reply, std::move(done));
                       } else {
                           send(id, reply, std::move(done));
                       }
                   },
                   [&](const bot::Reaction& reaction) {
                       react(reply.place.conversation, reaction, std::move(done));
                   }},
               reply.intent);
}

// A new message, to whom its audience says.
void SlackAdapter::send(std::int64_t id, const bot::Reply& reply, Done done) {
    const bot::Attachment* file = reply.attachment();
    // A file cannot be ephemeral: the requester gets it in a direct message.
    const bool needs_direct = reply.audience == bot::Audience::direct ||
                              (reply.audience == bot::Audience::requester && file != nullptr);
    if (needs_direct) {
        deliver_direct(id, reply, std::move(done));
        return;
    }
    if (file != nullptr) {
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
    post_once(id, bot::conversation_key(reply), reply,
              message_args(reply, reply.place.conversation), std::move(done));
}

void SlackAdapter::deliver_queued(std::int64_t id, const Queued& queued, const bot::Reply& reply,
                                  Done done) {
    // post_once reads it: where to look back from, and whether it must.
    m_queued[id] = queued;
    deliver(id, reply, [this, alive = m_alive, id, done = std::move(done)](bot::DeliveryResult r) {
        if (*alive) {
            m_queued.erase(id);
        }
        done(std::move(r));
    });
}

void SlackAdapter::deliver_direct(std::int64_t id, const bot::Reply& reply, Done done) {
    if (!reply.recipient) {
        done(bot::DeliveryResult::permanent("direct message without a recipient"));
        return;
    }
    open_direct(reply.recipient->id, [this, id, reply, done = std::move(done)](
                                         const ApiResponse& r, std::string channel) {
        if (!r.ok || channel.empty()) {
            done(r.ok ? bot::DeliveryResult::permanent("no direct channel") : classify(r));
            return;
        }
        bot::Reply in_direct = reply;
        in_direct.place.thread.clear();
        if (in_direct.attachment() != nullptr) {
            share_file(in_direct, channel, done);
            return;
        }
        post_once(id, bot::conversation_key(reply), in_direct, message_args(in_direct, channel),
                  done);
    });
}

// chat.postMessage; then pins.add when asked.
void SlackAdapter::post(const bot::Reply& reply, nlohmann::json args, Done done) {
    call("chat.postMessage", std::move(args),
         [this, alive = m_alive, reply, done = std::move(done)](const ApiResponse& r) {
             if (!r.ok || !*alive) {
                 done(r.ok ? posted(r) : classify(r));
                 return;
             }
             pin_if_asked(reply, posted(r), done);
         });
}

// pins.add (https://api.slack.com/methods/pins.add) of a posted message whose reply asks for
// it. A failed pin is logged but does not fail the delivery: retrying would post the message
// twice. already_pinned is what was asked for (a pin after a restart, slack_post_once.cpp).
void SlackAdapter::pin_if_asked(const bot::Reply& reply, const bot::DeliveryResult& result,
                                Done done) {
    const auto* as_post = reply.as<bot::Post>();
    if (as_post == nullptr || !as_post->is_pinned) {
        done(result);
        return;
    }
    call("pins.add", {{"channel", result.posted_in}, {"timestamp", result.posted_message}},
         [result, done = std::move(done)](const ApiResponse& pin_response) {
             if (!pin_response.ok && pin_response.error != "already_pinned") {
                 bot::log::warn("could not pin a message",
                                {{"channel", result.posted_in}, {"error", pin_response.error}});
             }
             done(result);
         });
}

// chat.update (https://api.slack.com/methods/chat.update) of the message where
// it was posted: the same edit twice is one, so a retry needs no read-back.
void SlackAdapter::update(const bot::Reply& reply, const std::string& message, Done done) {
    if (message.empty()) {
        done(bot::DeliveryResult::permanent("edit without a message"));
        return;
    }
    nlohmann::json args = render(reply);
    args["channel"] = reply.place.conversation;
    args["ts"] = message;
    call("chat.update", std::move(args),
         [done = std::move(done)](const ApiResponse& r) { done(r.ok ? posted(r) : classify(r)); });
}

// pins.remove (https://api.slack.com/methods/pins.remove): a message that is not
// pinned any more (no_pin, not_pinned) is what was asked for, e.g. on a retry.
void SlackAdapter::remove_pin(const std::string& channel, const std::string& message, Done done) {
    if (message.empty()) {
        done(bot::DeliveryResult::permanent("unpin without a message"));
        return;
    }
    const nlohmann::json args = {{"channel", channel}, {"timestamp", message}};
    call("pins.remove", args, [done = std::move(done)](const ApiResponse& r) {
        const bool is_gone = r.error == "no_pin" || r.error == "not_pinned";
        done(is_gone ? bot::DeliveryResult::ok() : classify(r));
    });
}

// A reply that opens a conversation: a private channel (conversations.create),
// its members invited, the reply posted there. The channel is remembered per
// outbox row, so a retry after a failed invite or post makes no second one.
void SlackAdapter::open_channel(std::int64_t id, const bot::Reply& reply, Done done) {
    if (const auto it = m_opened.find(id); it != m_opened.end()) {
        invite_and_post(id, reply, it->second, std::move(done));
        return;
    }
    create_channel(id, reply, 1, std::move(done));
}

void SlackAdapter::create_channel(std::int64_t id, const bot::Reply& reply, int attempt,
                                  Done done) {
    const auto& opens = std::get<bot::OpenConversation>(reply.intent);
    const nlohmann::json args = {{"name", channel_name(opens.name, attempt)}, {"is_private", true}};
    call("conversations.create", args,
         [this, alive = m_alive, id, reply, attempt, done = std::move(done)](const ApiResponse& r) {
             if (!*alive) {
                 return;
             }
             if (r.ok) {
                 const auto created = r.body.find("channel");
                 const std::string channel =
                     created != r.body.end() ? string_field(*created, "id") : "";
                 if (channel.empty()) {
                     done(bot::DeliveryResult::permanent("conversations.create without an id"));
                     return;
                 }
                 m_opened[id] = channel;
                 invite_and_post(id, reply, channel, done);
                 return;
             }
             if (r.error == "name_taken" && attempt < k_name_attempts) {
                 create_channel(id, reply, attempt + 1, done);
                 return;
             }
             const bot::DeliveryResult failed = classify(r);
             if (failed.kind != bot::DeliveryResult::Kind::permanent) {
                 done(failed);
                 return;
             }
             // No channel (a missing scope, a workspace policy): the team still reads
             // the message in its place. It is not reported as posted, so replies meant
             // for the opened conversation (`beside`) do not land there twice.
             bot::log::warn("could not open a Slack channel; posting in place",
                            {{"error", r.error}});
             bot::Reply in_place = reply;
             in_place.intent = bot::Post{};
             post(in_place, message_args(in_place, in_place.place.conversation),
                  [done](const bot::DeliveryResult& result) {
                      done(result.kind == bot::DeliveryResult::Kind::delivered
                               ? bot::DeliveryResult::ok()
                               : result);
                  });
         });
}

// conversations.invite with force: valid members are added even when one id
// is refused. A member already there (a retry) is no failure; a refused
// invite is logged and the message still goes to the channel.
void SlackAdapter::invite_and_post(std::int64_t id, const bot::Reply& reply,
                                   const std::string& channel, Done done) {
    std::string users;
    for (const bot::UserRef& member : std::get<bot::OpenConversation>(reply.intent).members) {
        if (member.platform != "slack" || member.id == m_identity.user_id ||
            (',' + users + ',').find(',' + member.id + ',') != std::string::npos) {
            continue;
        }
        users += (users.empty() ? "" : ",") + member.id;
    }
    auto post_there = [this, alive = m_alive, id, reply, channel, done] {
        if (!*alive) {
            return;
        }
        bot::Reply there = reply;
        there.intent = bot::Post{};
        there.place = bot::Place{"slack", channel, "", false};
        post(there, message_args(there, channel),
             [this, alive, id, done](const bot::DeliveryResult& result) {
                 if (*alive && result.kind == bot::DeliveryResult::Kind::delivered) {
                     m_opened.erase(id);
                 }
                 done(result);
             });
    };
    if (users.empty()) {
        post_there();
        return;
    }
    const nlohmann::json args = {{"channel", channel}, {"users", users}, {"force", true}};
    call("conversations.invite", args,
         [channel, done, post_there = std::move(post_there)](const ApiResponse& r) {
             if (!r.ok && r.error != "already_in_channel") {
                 const bot::DeliveryResult failed = classify(r);
                 if (failed.kind != bot::DeliveryResult::Kind::permanent) {
                     done(failed);
                     return;
                 }
                 bot::log::warn("could not invite to a Slack channel",
                                {{"channel", channel}, {"error", r.error}});
             }
             post_there();
         });
}

void SlackAdapter::react(const std::string& channel, const bot::Reaction& reaction, Done done) {
    const nlohmann::json args = {
        {"channel", channel}, {"timestamp", reaction.message}, {"name", reaction.name}};
    call("reactions.add", args, [done = std::move(done)](const ApiResponse& r) {
        // Reacting twice is no failure: the reaction is there (a retried delivery).
        done(r.error == "already_reacted" ? bot::DeliveryResult::ok() : classify(r));
    });
}

// Slack's upload flow (https://api.slack.com/messaging/files#uploading_files):
// reserve an upload URL, POST the bytes there, then share the file in the
// channel with the reply's text as its comment.
void SlackAdapter::share_file(const bot::Reply& reply, const std::string& channel, Done done) {
    const bot::Attachment& file = *reply.attachment();
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
             m_api.upload(url, reply.attachment()->content,
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
         nlohmann::json::array({{{"id", file_id}, {"title", reply.attachment()->filename}}})},
        {"channel_id", channel}};
    // The comment is plain text: Slack formats it as mrkdwn, so it is escaped.
    const std::string comment = bot::escape_markup(bot::render_plain(reply));
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
