#pragma once

#include "bot/model/model.hpp"
#include "bot/runtime/metrics.hpp"
#include "bot/runtime/outbox.hpp"

#include <functional>
#include <string_view>

namespace onevoice::bot {

// Receives events from an adapter. Called on the runtime's thread only.
class EventSink {
public:
    virtual ~EventSink() = default;
    // `ack` is called once the command's effects are committed, or when it is a
    // duplicate; never when it could not be stored (the platform redelivers).
    virtual void on_command(Command command, std::function<void()> ack) = 0;
    virtual void on_action(Action action, std::function<void()> ack) = 0;
    // The adapter will deliver no more events (console EOF): drain and stop.
    virtual void on_input_closed() = 0;
    // The adapter cannot go on (revoked token): stop with this exit code.
    virtual void on_fatal(int exit_code) = 0;
    // Connected again after `offline` without a connection, long enough that
    // the team should hear of it in `notice_place`.
    virtual void on_reconnected(Duration offline, Place notice_place) = 0;
};

// A chat platform: turns its events into Commands and Actions, and delivers
// rendered replies (Deliverer). Runs on the runtime's io_context.
class ChatAdapter : public Deliverer {
public:
    virtual std::string_view platform() const = 0;
    // Starts receiving events; `sink` outlives the adapter's use of it.
    virtual void start(EventSink& sink) = 0;
    // Stops receiving new events; delivery keeps working until the runtime ends.
    virtual void stop() = 0;
    // Whether the link to the platform is up now (for /healthz); on the runtime's thread.
    virtual bool is_connected() const { return true; }
    // Whether an ack may come later than the on_command or on_action call:
    // the platform redelivers what stays unacknowledged, and the adapter does
    // not wait for the ack to go on. The runtime then acks once the commit is
    // on disk, and stores commands in groups (bot/runtime/commit_pipeline.hpp).
    virtual bool acks_later() const { return false; }
    // Reports events, ack latency and reconnects into `metrics`, which outlives the adapter.
    void set_metrics(Metrics& metrics) {
        m_metrics = ChatMetrics(metrics, std::string(platform()));
    }

protected:
    const ChatMetrics& metrics() const { return m_metrics; }

private:
    ChatMetrics m_metrics;
};

} // namespace onevoice::bot
