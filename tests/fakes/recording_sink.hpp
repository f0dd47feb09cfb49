#pragma once

#include "bot/runtime/chat_adapter.hpp"

#include <functional>
#include <vector>

namespace onevoice::tests {

// An EventSink that keeps what an adapter hands it and acknowledges each at once
// (what the router does for a command it stored).
class RecordingSink final : public bot::EventSink {
public:
    void on_command(bot::Command command, std::function<void()> ack) override {
        commands.push_back(std::move(command));
        ack();
    }
    void on_action(bot::Action action, std::function<void()> ack) override {
        actions.push_back(std::move(action));
        ack();
    }
    void on_input_closed() override {}
    void on_fatal(int exit_code) override { fatal = exit_code; }
    void on_reconnected(bot::Duration, bot::Place) override {}

    std::vector<bot::Command> commands;
    std::vector<bot::Action> actions;
    int fatal = -1;
};

} // namespace onevoice::tests
