#pragma once

#include <functional>

namespace onevoice::bot {

// What must wait until the commits made so far are on disk: an ack the
// platform takes for "stored", a message sent because of a commit. A commit
// returns before the disk has it (group commit, bot/runtime/group_commit.hpp); this is
// where the difference is paid, many commits at a time.
class Durability {
public:
    virtual ~Durability() = default;
    // Runs `then` on the runtime's thread once every commit made so far is
    // durable: at once (inside this call) when they all are already.
    virtual void after_durable(std::function<void()> then) = 0;
    // Commits made while a sync is under way are durable only with the next
    // one anyway: work that can wait that long (a batch of commands) runs
    // `then` once no sync is under way, at once when none is.
    virtual void when_idle(std::function<void()> then) = 0;
};

} // namespace onevoice::bot
