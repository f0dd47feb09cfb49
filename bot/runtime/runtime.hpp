#pragma once

#include "bot/model/clock.hpp"
#include "bot/runtime/chat_adapter.hpp"
#include "bot/runtime/timed_work.hpp"

#include <memory>

namespace boost::asio {
class io_context;
}

namespace onevoice::bot {

class CommitPipeline;
class OutboxSender;
class Router;
class Scheduler;

// The event loop: one thread runs the io_context, which owns the adapter's
// sockets, the router, the scheduler's timer and the outbox (STYLE.md §2).
// SIGINT/SIGTERM or the end of the adapter's input stop it gracefully: no new
// events, the outbox drained for at most `drain`, then the loop ends.
//
// Whatever waits for the disk waits in `commits`: the acks of an adapter that
// acks later (ChatAdapter::acks_later) and its commands' groups, the outbox's
// rows; when the disk fails a sync the runtime stops (exit code 1).
class Runtime final : public EventSink {
public:
    // The references outlive the runtime.
    Runtime(boost::asio::io_context& io, Router& router, Scheduler& scheduler, OutboxSender& outbox,
            CommitPipeline& commits, const Clock& clock, Duration drain);
    ~Runtime() override;
    Runtime(const Runtime&) = delete;
    Runtime& operator=(const Runtime&) = delete;

    // Runs until stopped; returns the process exit code.
    int run(ChatAdapter& adapter);
    // Re-arms the timer after jobs or outbox rows were added outside a command.
    void wake();
    // Writes the "back online" notice (with the outbox, in its own transaction).
    using ReconnectNotice = std::function<void(Duration offline, const Place& place)>;
    void set_reconnect_notice(ReconnectNotice notice);
    // The longest the loop sleeps before looking at the clock again (default a
    // minute). The test clock (bot/app/file_clock.hpp) jumps without waking the
    // timer, so in that mode the loop looks every 100 ms.
    void set_max_wait(Duration wait);
    // Adds work the timer drives (the source poller); `work` must outlive the
    // runtime. Not run while stopping.
    void add_timed_work(TimedWork& work);
    void on_command(Command command, std::function<void()> ack) override;
    void on_action(Action action, std::function<void()> ack) override;
    void on_input_closed() override;
    void on_fatal(int exit_code) override;
    void on_reconnected(Duration offline, Place notice_place) override;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace onevoice::bot
