#pragma once

#include "bot/model/plain_text.hpp"
#include "bot/runtime/outbox.hpp"

#include <deque>
#include <functional>
#include <string>
#include <vector>

namespace onevoice::tests {

// A Deliverer that records what it is asked to send (Hubot DummyAdapter).
// Results come from `script` in order (default: delivered); with `hold` set,
// completions wait in `held` until `release_one()`.
class RecordingChat final : public bot::Deliverer {
public:
    struct Sent {
        std::int64_t id;
        bot::Reply reply;
        std::string text; // render_plain(reply)

        // The platform's id of the message this delivery edits; empty: no edit.
        std::string edited() const {
            const auto* edit = reply.as<bot::Edit>();
            return edit != nullptr ? edit->message : std::string();
        }
    };

    void deliver(std::int64_t id, const bot::Reply& reply,
                 std::function<void(bot::DeliveryResult)> done) override {
        attempts.push_back(id);
        bot::DeliveryResult result = bot::DeliveryResult::ok();
        if (!script.empty()) {
            result = script.front();
            script.pop_front();
        }
        if (result.kind == bot::DeliveryResult::Kind::delivered) {
            sent.push_back(Sent{id, reply, bot::render_plain(reply)});
        }
        if (hold) {
            held.emplace_back([done = std::move(done), result] { done(result); });
            return;
        }
        done(result);
    }

    void release_one() {
        auto next = std::move(held.front());
        held.pop_front();
        next();
    }

    std::vector<std::string> texts() const {
        std::vector<std::string> out;
        for (const Sent& s : sent) {
            out.push_back(s.text);
        }
        return out;
    }

    std::deque<bot::DeliveryResult> script;
    std::vector<std::int64_t> attempts;
    std::vector<Sent> sent;
    bool hold = false;
    std::deque<std::function<void()>> held;
};

} // namespace onevoice::tests
