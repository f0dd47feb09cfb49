// MatrixAdapter, outbound: rendering a Reply into room events and sending them.
#include "bot/runtime/log.hpp"
#include "integrations/matrix/matrix_adapter.hpp"
#include "integrations/matrix/render.hpp"

namespace onevoice::integrations::matrix {

namespace {

using nlohmann::json;

constexpr std::string_view k_client = "/_matrix/client/v3";
constexpr std::string_view k_media = "/_matrix/media/v3";
constexpr auto k_upload_timeout = std::chrono::minutes(1);

std::string room_path(const std::string& room) {
    return std::string(k_client) + "/rooms/" + encode(room);
}

} // namespace

std::string MatrixAdapter::txn_id(std::int64_t id, std::string_view part) {
    std::string txn = m_txn_prefix + "-" + std::to_string(id);
    if (!part.empty()) {
        txn += "-" + std::string(part);
    }
    return txn;
}

bot::DeliveryResult MatrixAdapter::failure(const ApiResponse& response) {
    if (response.is_unknown_token()) {
        // Not the message's fault: it waits in the outbox for the new token.
        on_unknown_token();
        return bot::DeliveryResult::transient(response.error);
    }
    return classify(response);
}

void MatrixAdapter::send_event(const std::string& room, const std::string& type,
                               const std::string& txn, const json& content,
                               ClientApi::Callback done) {
    // PUT with a transaction id: the server answers a repeat with the first event (spec
    // "Transaction identifiers"), so a retry after a lost answer shows nothing twice.
    m_api.call(net::HttpMethod::put, room_path(room) + "/send/" + encode(type) + "/" + encode(txn),
               content, m_options.call_timeout, std::move(done));
}

void MatrixAdapter::deliver(std::int64_t id, const bot::Reply& reply, Done done) {
    if (m_self.empty()) {
        done(bot::DeliveryResult::transient("not logged in to Matrix yet"));
        return;
    }
    std::visit(
        bot::Overloaded{[&](const bot::Post&) { send(id, reply, std::move(done)); },
                        [&](const bot::PostBeside&) { send(id, reply, std::move(done)); },
                        [&](const bot::Edit& edit) {
                            if (edit.message.empty()) {
                                done(bot::DeliveryResult::permanent("edit without a message"));
                                return;
                            }
                            send(id, reply, std::move(done));
                        },
                        [&](const bot::Unpin& pinned) {
                            unpin(reply.place.conversation, pinned.message, std::move(done));
                        },
                        [&](const bot::OpenConversation&) {
                            if (reply.audience == bot::Audience::place) {
                                open_room(id, reply, std::move(done));
                            } else {
                                send(id, reply, std::move(done));
                            }
                        },
                        [&](const bot::Reaction& reaction) {
                            react(id, reply.place.conversation, reaction, std::move(done));
                        }},
        reply.intent);
}

void MatrixAdapter::react(std::int64_t id, const std::string& room, const bot::Reaction& reaction,
                          Done done) {
    std::string key = emoji_for(reaction.name);
    if (key.empty()) {
        key = ":" + reaction.name + ":";
    }
    send_event(room, "m.reaction", txn_id(id), reaction_content(reaction.message, key),
               [this, alive = m_alive, done = std::move(done)](const ApiResponse& response) {
                   done(!*alive || response.ok() ? bot::DeliveryResult::ok() : failure(response));
               });
}

void MatrixAdapter::send(std::int64_t id, const bot::Reply& reply, Done done) {
    if (reply.audience != bot::Audience::direct) {
        // requester and place alike: Matrix has no message only one member sees.
        post(id, reply, reply.place.conversation, std::move(done));
        return;
    }
    if (!reply.recipient) {
        done(bot::DeliveryResult::permanent("direct message without a recipient"));
        return;
    }
    direct_room(reply.recipient->id, [this, id, reply, done = std::move(done)](
                                         const std::string& room, const ApiResponse& error) {
        if (room.empty()) {
            done(error.ok() ? bot::DeliveryResult::permanent("no direct room") : failure(error));
            return;
        }
        bot::Reply in_direct = reply;
        in_direct.place.thread.clear();
        post(id, in_direct, room, done);
    });
}

void MatrixAdapter::post(std::int64_t id, const bot::Reply& reply, const std::string& room,
                         Done done) {
    const bot::Attachment* file = reply.attachment();
    if (file == nullptr) {
        post_message(id, reply, room, std::move(done));
        return;
    }
    const std::string path = std::string(k_media) + "/upload?filename=" + encode(file->filename);
    m_api.upload(path, file->media_type.empty() ? "application/octet-stream" : file->media_type,
                 file->content, k_upload_timeout,
                 [this, alive = m_alive, id, reply, room,
                  done = std::move(done)](const ApiResponse& response) {
                     if (!*alive) {
                         return;
                     }
                     const std::string uri = response.body.value("content_uri", "");
                     if (!response.ok() || uri.empty()) {
                         done(response.ok() ? bot::DeliveryResult::permanent("upload without uri")
                                            : failure(response));
                         return;
                     }
                     json content = file_content(*reply.attachment(), uri);
                     if (!reply.place.thread.empty()) {
                         content = in_thread(std::move(content), reply.place.thread);
                     }
                     // The file first, then the blocks as its message (own txn ids).
                     send_event(room, "m.room.message", txn_id(id, "file"), content,
                                [this, alive, id, reply, room, done](const ApiResponse& sent) {
                                    if (!*alive) {
                                        return;
                                    }
                                    if (!sent.ok()) {
                                        done(failure(sent));
                                    } else if (reply.blocks.empty()) {
                                        done(bot::DeliveryResult::ok());
                                    } else {
                                        post_message(id, reply, room, done);
                                    }
                                });
                 });
}

void MatrixAdapter::post_message(std::int64_t id, const bot::Reply& reply, const std::string& room,
                                 Done done) {
    json content = render_message(reply, m_options.prefix);
    const auto* edit = reply.as<bot::Edit>();
    const auto* post = reply.as<bot::Post>();
    const bool is_pinned = post != nullptr && post->is_pinned;
    // An edit is edited again through the original (spec: edits of edits are
    // not allowed), so the original's id is where this message lives.
    std::string original;
    if (edit != nullptr) {
        original = edit->message;
        content = as_edit(content, original);
    } else if (!reply.place.thread.empty()) {
        content = in_thread(std::move(content), reply.place.thread);
    }
    send_event(room, "m.room.message", txn_id(id), content,
               [this, alive = m_alive, reply, room, original, is_pinned,
                done = std::move(done)](const ApiResponse& response) {
                   if (!*alive) {
                       return;
                   }
                   const std::string event_id = response.body.value("event_id", "");
                   if (!response.ok() || event_id.empty()) {
                       done(response.ok() ? bot::DeliveryResult::permanent("send without event_id")
                                          : failure(response));
                       return;
                   }
                   const std::string posted = original.empty() ? event_id : original;
                   remember_buttons(posted, reply);
                   if (is_pinned) {
                       pin(room, posted, done);
                       return;
                   }
                   done(bot::DeliveryResult::posted(room, posted));
               });
}

void MatrixAdapter::pin(const std::string& room, const std::string& event_id, Done done) {
    const std::string path = room_path(room) + "/state/m.room.pinned_events";
    m_api.call(net::HttpMethod::get, path, nullptr, m_options.call_timeout,
               [this, alive = m_alive, room, event_id, path, done](const ApiResponse& current) {
                   if (!*alive) {
                       return;
                   }
                   json pinned = json::array();
                   if (current.ok() && current.body.contains("pinned") &&
                       current.body["pinned"].is_array()) {
                       pinned = current.body["pinned"];
                   } else if (!current.ok() && current.errcode != "M_NOT_FOUND") {
                       // A retry sends the message again under the same txn id: nothing doubles.
                       done(failure(current));
                       return;
                   }
                   if (std::find(pinned.begin(), pinned.end(), event_id) != pinned.end()) {
                       done(bot::DeliveryResult::posted(room, event_id));
                       return;
                   }
                   pinned.push_back(event_id);
                   m_api.call(
                       net::HttpMethod::put, path, json{{"pinned", pinned}}, m_options.call_timeout,
                       [this, alive, room, event_id, done](const ApiResponse& updated) {
                           if (!*alive) {
                               return;
                           }
                           bot::DeliveryResult result = failure(updated);
                           if (updated.ok() ||
                               result.kind == bot::DeliveryResult::Kind::permanent) {
                               if (!updated.ok()) {
                                   // The message is out; only the pin is missing (no power).
                                   bot::log::warn("could not pin a Matrix message",
                                                  {{"room", room}, {"error", updated.error}});
                               }
                               result = bot::DeliveryResult::posted(room, event_id);
                           }
                           done(result);
                       });
               });
}

// The pinned events are one state event: rewritten without `event_id`. A room
// without pins, or a message no longer pinned, is already what was asked for.
void MatrixAdapter::unpin(const std::string& room, const std::string& event_id, Done done) {
    const std::string path = room_path(room) + "/state/m.room.pinned_events";
    m_api.call(net::HttpMethod::get, path, nullptr, m_options.call_timeout,
               [this, alive = m_alive, event_id, path,
                done = std::move(done)](const ApiResponse& current) {
                   if (!*alive) {
                       return;
                   }
                   if (!current.ok()) {
                       done(current.errcode == "M_NOT_FOUND" ? bot::DeliveryResult::ok()
                                                             : failure(current));
                       return;
                   }
                   json pinned = current.body.value("pinned", json::array());
                   if (!pinned.is_array()) {
                       pinned = json::array();
                   }
                   const auto it = std::find(pinned.begin(), pinned.end(), event_id);
                   if (it == pinned.end()) {
                       done(bot::DeliveryResult::ok());
                       return;
                   }
                   pinned.erase(it);
                   m_api.call(
                       net::HttpMethod::put, path, json{{"pinned", pinned}}, m_options.call_timeout,
                       [this, alive, done](const ApiResponse& updated) {
                           if (*alive) {
                               done(updated.ok() ? bot::DeliveryResult::ok() : failure(updated));
                           }
                       });
               });
}

// A reply that opens a conversation: a private room named after it
// (POST /createRoom with the members invited), the reply posted there. The
// room is remembered per outbox row, so a retried post makes no second room.
void MatrixAdapter::open_room(std::int64_t id, const bot::Reply& reply, Done done) {
    auto post_there = [this, alive = m_alive, id, reply, done](const std::string& room) {
        bot::Reply there = reply;
        there.intent = bot::Post{};
        there.place = bot::Place{"matrix", room, "", false};
        post(id, there, room, [this, alive, id, done](const bot::DeliveryResult& result) {
            if (*alive && result.kind == bot::DeliveryResult::Kind::delivered) {
                m_opened.erase(id);
            }
            done(result);
        });
    };
    if (const auto it = m_opened.find(id); it != m_opened.end()) {
        post_there(it->second);
        return;
    }
    json invite = json::array();
    const auto& opens = std::get<bot::OpenConversation>(reply.intent);
    for (const bot::UserRef& member : opens.members) {
        if (member.platform == "matrix" && member.id != m_self &&
            std::find(invite.begin(), invite.end(), member.id) == invite.end()) {
            invite.push_back(member.id);
        }
    }
    const json body = {{"preset", "private_chat"}, {"name", opens.name}, {"invite", invite}};
    m_api.call(net::HttpMethod::post, std::string(k_client) + "/createRoom", body,
               m_options.call_timeout,
               [this, alive = m_alive, id, reply, done,
                post_there = std::move(post_there)](const ApiResponse& response) {
                   if (!*alive) {
                       return;
                   }
                   const std::string room = response.body.value("room_id", "");
                   if (response.ok() && !room.empty()) {
                       m_opened[id] = room;
                       post_there(room);
                       return;
                   }
                   const bot::DeliveryResult failed =
                       response.ok() ? bot::DeliveryResult::permanent("createRoom without room_id")
                                     : failure(response);
                   if (failed.kind != bot::DeliveryResult::Kind::permanent) {
                       done(failed);
                       return;
                   }
                   // No room (a server policy): the message goes to its place, not reported
                   // as posted, so replies `beside` it are not doubled there.
                   bot::log::warn("could not open a Matrix room; posting in place",
                                  {{"error", response.error}});
                   bot::Reply in_place = reply;
                   in_place.intent = bot::Post{};
                   post(id, in_place, in_place.place.conversation,
                        [done](const bot::DeliveryResult& result) {
                            done(result.kind == bot::DeliveryResult::Kind::delivered
                                     ? bot::DeliveryResult::ok()
                                     : result);
                        });
               });
}

void MatrixAdapter::direct_room(
    const std::string& user, std::function<void(std::string room, const ApiResponse& error)> then) {
    for (const auto& [room, other] : m_direct) {
        if (other == user) {
            then(room, ApiResponse{});
            return;
        }
    }
    const json body = {
        {"preset", "trusted_private_chat"}, {"is_direct", true}, {"invite", json::array({user})}};
    m_api.call(net::HttpMethod::post, std::string(k_client) + "/createRoom", body,
               m_options.call_timeout,
               [this, alive = m_alive, user, then = std::move(then)](const ApiResponse& response) {
                   if (!*alive) {
                       return;
                   }
                   const std::string room = response.body.value("room_id", "");
                   if (response.ok() && !room.empty()) {
                       remember_direct(room, user);
                       mark_direct(room, user);
                   }
                   then(response.ok() ? room : std::string(), response);
               });
}

// m.direct is the account data clients read to list a room under direct
// messages (spec "Direct Messaging"): user id -> room ids. Read, add, write
// back, so rooms other clients of the bot's account put there stay. Only the
// clients' view depends on it, so a failure is logged, not retried.
void MatrixAdapter::mark_direct(const std::string& room, const std::string& user) {
    const std::string path =
        std::string(k_client) + "/user/" + encode(m_self) + "/account_data/m.direct";
    m_api.call(net::HttpMethod::get, path, nullptr, m_options.call_timeout,
               [this, alive = m_alive, path, room, user](const ApiResponse& current) {
                   if (!*alive) {
                       return;
                   }
                   if (!current.ok() && current.errcode != "M_NOT_FOUND") {
                       bot::log::warn("could not read m.direct; the direct room is not marked",
                                      {{"room", room}, {"error", current.error}});
                       return;
                   }
                   json direct = current.ok() ? current.body : json::object();
                   json& rooms = direct[user];
                   if (!rooms.is_array()) {
                       rooms = json::array();
                   }
                   if (std::find(rooms.begin(), rooms.end(), room) != rooms.end()) {
                       return;
                   }
                   rooms.push_back(room);
                   m_api.call(net::HttpMethod::put, path, direct, m_options.call_timeout,
                              [room](const ApiResponse& updated) {
                                  if (!updated.ok()) {
                                      bot::log::warn(
                                          "could not mark the Matrix direct room in m.direct",
                                          {{"room", room}, {"error", updated.error}});
                                  }
                              });
               });
}

void MatrixAdapter::remember_buttons(const std::string& event_id, const bot::Reply& reply) {
    json buttons = json::array();
    for (const bot::Block& block : reply.blocks) {
        if (const auto* row = std::get_if<bot::ButtonsBlock>(&block)) {
            for (const bot::Button& button : row->buttons) {
                if (const std::string key = reaction_for(reply, button); !key.empty()) {
                    buttons.push_back({{"key", key},
                                       {"action_id", button.action_id},
                                       {"command", button.command}});
                }
            }
        }
    }
    if (!buttons.empty()) {
        // So a reaction to this message presses its button, also after a restart.
        m_state.put("matrix.buttons:" + event_id, buttons.dump());
    }
}

} // namespace onevoice::integrations::matrix
