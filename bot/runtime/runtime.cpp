#include "bot/runtime/runtime.hpp"

#include "bot/runtime/commit_pipeline.hpp"
#include "bot/runtime/log.hpp"
#include "bot/runtime/outbox.hpp"
#include "bot/runtime/router.hpp"
#include "bot/runtime/scheduler.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>

#include <algorithm>
#include <csignal>
#include <random>
#include <vector>

namespace onevoice::bot {

namespace asio = boost::asio;

struct Runtime::Impl {
    asio::io_context& io;
    Router& router;
    Scheduler& scheduler;
    OutboxSender& outbox;
    CommitPipeline& commits;
    const Clock& clock;
    Duration drain;
    asio::steady_timer timer;
    asio::signal_set signals;
    ChatAdapter* adapter = nullptr;
    bool stopping = false;
    TimePoint drain_deadline{};
    int exit_code = 0;
    Runtime::ReconnectNotice reconnect_notice;
    bool in_tick = false; // tick() arms the timer itself when it is done
    Duration max_wait = std::chrono::minutes(1);
    std::vector<TimedWork*> timed_work;
    std::mt19937_64 direct_ids{std::random_device{}()};

    Impl(asio::io_context& context, Router& r, Scheduler& s, OutboxSender& o, CommitPipeline& p,
         const Clock& c, Duration d)
        : io(context)
        , router(r)
        , scheduler(s)
        , outbox(o)
        , commits(p)
        , clock(c)
        , drain(d)
        , timer(context)
        , signals(context, SIGINT, SIGTERM) {}

    void tick() {
        in_tick = true;
        const TimePoint now = clock.now();
        bool jobs_stuck = false;
        if (!stopping) {
            try {
                const int ran = scheduler.run_due(now);
                const auto next = scheduler.next_due();
                jobs_stuck = ran == 0 && next && *next <= now;
            } catch (const std::exception& e) {
                log::error("scheduler failed", {{"error", e.what()}});
                jobs_stuck = true;
            }
            for (TimedWork* work : timed_work) {
                work->run_due(now);
            }
        }
        pump();
        in_tick = false;
        arm(jobs_stuck);
    }

    // Tells the requester at once that their command was not stored: the
    // outbox cannot be written either. Best effort: nothing is retried, as the
    // platform redelivers the event anyway (and the router refuses it once).
    void send_refusal(const RouteOutcome& outcome) {
        if (!outcome.refusal || !adapter) {
            return;
        }
        // Negative ids never name an outbox row; random, so that Matrix never
        // takes a refusal for a repeat of an earlier one (its txn id).
        const auto id = -static_cast<std::int64_t>(direct_ids() >> 2) - 1;
        try {
            adapter->deliver(id, *outcome.refusal, [](const DeliveryResult& result) {
                if (result.kind != DeliveryResult::Kind::delivered) {
                    log::warn("could not send the refusal", {{"error", result.error}});
                }
            });
        } catch (const std::exception& e) {
            log::warn("could not send the refusal", {{"error", e.what()}});
        }
    }

    // Whether the adapter's acks may wait for the disk (and its commands for a group).
    bool acks_later() const { return adapter != nullptr && adapter->acks_later(); }

    // Acks only after commit: an unacknowledged event is redelivered (DESIGN.md, step 3).
    void settle(const RouteOutcome& outcome, std::function<void()> ack) {
        if (outcome.should_ack() && ack) {
            if (acks_later()) {
                commits.release(std::move(ack));
            } else {
                ack(); // "stored": the adapter goes on with its next event
            }
        }
        send_refusal(outcome);
    }

    void store_group(std::vector<Command> group, std::vector<std::function<void()>> acks) {
        const std::vector<RouteOutcome> outcomes = router.dispatch(std::move(group));
        for (std::size_t i = 0; i < outcomes.size(); ++i) {
            settle(outcomes[i], std::move(acks[i]));
        }
        pump();
        if (!in_tick) {
            arm();
        }
    }

    void pump() {
        try {
            outbox.pump();
        } catch (const std::exception& e) {
            log::error("outbox failed", {{"error", e.what()}});
        }
    }

    // Waits for whichever comes first: the next job or the next outbox retry.
    void arm(bool back_off = false) {
        const TimePoint now = clock.now();
        std::optional<TimePoint> next;
        try {
            next = outbox.next_due();
            if (!stopping) {
                if (const auto job = scheduler.next_due(); job && (!next || *job < *next)) {
                    next = job;
                }
                for (TimedWork* work : timed_work) {
                    if (const auto due = work->next_due(); due && (!next || *due < *next)) {
                        next = due;
                    }
                }
            }
            if (stopping && outbox.in_flight() == 0 &&
                (outbox.pending() == 0 || now >= drain_deadline)) {
                finish();
                return;
            }
        } catch (const std::exception& e) {
            log::error("could not read the queue", {{"error", e.what()}});
            back_off = true;
        }
        // At most max_wait (a minute): a wall-clock jump must not leave us asleep for hours.
        Duration wait = max_wait;
        if (next) {
            wait = std::clamp(std::chrono::duration_cast<Duration>(*next - now), Duration{0}, wait);
        }
        if (back_off) {
            wait = std::max<Duration>(wait, std::chrono::seconds(1));
        }
        if (stopping) {
            wait = std::min(wait, std::chrono::duration_cast<Duration>(drain_deadline - now));
            wait = std::max(wait, Duration{0});
        }
        timer.expires_after(wait);
        timer.async_wait([this](boost::system::error_code ec) {
            if (!ec) {
                tick();
            }
        });
    }

    void begin_stop() {
        if (stopping) {
            return;
        }
        stopping = true;
        drain_deadline = clock.now() + drain;
        if (adapter) {
            adapter->stop();
        }
        log::info("stopping; sending queued messages",
                  {{"drain_ms", std::to_string(drain.count())}});
        pump();
        arm();
    }

    void finish() {
        try {
            if (const auto left = outbox.pending(); left > 0) {
                log::warn("messages still queued; they are sent at the next start",
                          {{"count", std::to_string(left)}});
            }
        } catch (const std::exception&) { // NOLINT(bugprone-empty-catch): already stopping
        }
        timer.cancel();
        signals.cancel();
        io.stop();
    }

    void wait_for_signal() {
        signals.async_wait([this](boost::system::error_code ec, int signal) {
            if (ec) {
                return;
            }
            if (stopping) {
                log::warn("second signal; stopping now");
                finish();
                return;
            }
            log::info("signal received", {{"signal", std::to_string(signal)}});
            begin_stop();
            wait_for_signal();
        });
    }
};

Runtime::Runtime(asio::io_context& io, Router& router, Scheduler& scheduler, OutboxSender& outbox,
                 CommitPipeline& commits, const Clock& clock, Duration drain)
    : m_impl(std::make_unique<Impl>(io, router, scheduler, outbox, commits, clock, drain)) {
    Impl* impl = m_impl.get();
    // A retry or a rate-limit wait decided when a delivery ends needs the timer.
    outbox.set_on_settled([impl] {
        if (!impl->in_tick) {
            impl->arm();
        }
    });
    commits.set_store([impl](std::vector<Command> group, std::vector<std::function<void()>> acks) {
        impl->store_group(std::move(group), std::move(acks));
    });
    if (commits.waits_for_disk()) {
        outbox.set_commits(commits);
        // Rows a sync released go out now, not at the next tick.
        commits.set_on_rows_released([impl] {
            impl->pump();
            if (!impl->in_tick) {
                impl->arm();
            }
        });
        // Results recorded together cost one commit, and so one sync, for all.
        outbox.set_later([&io](std::function<void()> work) { asio::post(io, std::move(work)); });
        // Its commits may not survive a power failure: stop, and let systemd
        // restart the bot, which takes what the disk holds.
        commits.set_on_failure([this](const std::string&) { on_fatal(1); });
    }
}

Runtime::~Runtime() {
    m_impl->outbox.set_on_settled({});
    m_impl->commits.set_store({});
    m_impl->commits.set_on_rows_released({});
    m_impl->commits.set_on_failure({});
    for (TimedWork* work : m_impl->timed_work) {
        work->set_on_change({});
    }
}

int Runtime::run(ChatAdapter& adapter) {
    m_impl->adapter = &adapter;
    m_impl->wait_for_signal();
    adapter.start(*this);
    m_impl->tick();
    m_impl->io.run();
    return m_impl->exit_code;
}

void Runtime::wake() {
    if (!m_impl->stopping) {
        m_impl->timer.cancel();
        m_impl->tick();
    }
}

void Runtime::on_command(Command command, std::function<void()> ack) {
    if (m_impl->stopping) {
        return; // not acknowledged: the platform delivers it again after the restart
    }
    if (m_impl->acks_later()) {
        m_impl->commits.group(std::move(command), std::move(ack));
        return;
    }
    m_impl->settle(m_impl->router.dispatch(std::move(command)), std::move(ack));
    m_impl->pump();
    m_impl->arm();
}

void Runtime::on_action(Action action, std::function<void()> ack) {
    if (m_impl->stopping) {
        return;
    }
    m_impl->settle(m_impl->router.dispatch(action), std::move(ack));
    m_impl->pump();
    m_impl->arm();
}

void Runtime::on_input_closed() {
    m_impl->begin_stop();
}

void Runtime::set_reconnect_notice(ReconnectNotice notice) {
    m_impl->reconnect_notice = std::move(notice);
}

void Runtime::set_max_wait(Duration wait) {
    m_impl->max_wait = wait;
}

void Runtime::add_timed_work(TimedWork& work) {
    m_impl->timed_work.push_back(&work);
    // What the work queued when it ended asynchronously is delivered at once.
    work.set_on_change([impl = m_impl.get()] {
        if (!impl->in_tick) {
            impl->pump();
            impl->arm();
        }
    });
}

void Runtime::on_reconnected(Duration offline, Place notice_place) {
    if (m_impl->reconnect_notice && !m_impl->stopping) {
        try {
            m_impl->reconnect_notice(offline, notice_place);
        } catch (const std::exception& e) {
            log::error("could not queue the reconnect notice", {{"error", e.what()}});
        }
    }
    m_impl->pump();
    m_impl->arm();
}

void Runtime::on_fatal(int exit_code) {
    // Nothing can be delivered any more (a revoked token): queued messages wait
    // in the outbox for the next start instead of a pointless drain.
    m_impl->exit_code = exit_code;
    m_impl->stopping = true;
    if (m_impl->adapter) {
        m_impl->adapter->stop();
    }
    m_impl->finish();
}

} // namespace onevoice::bot
