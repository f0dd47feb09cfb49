#include "bot/runtime/group_commit.hpp"

#include "bot/runtime/log.hpp"
#include "storage/wal_flusher.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>

#include <algorithm>
#include <cstdint>
#include <deque>
#include <vector>

namespace onevoice::bot {

struct GroupCommit::Impl {
    struct Waiting {
        std::uint64_t commits; // durable once this many commits are
        std::function<void()> then;
    };

    boost::asio::io_context& io;
    std::function<void(const std::string&)> on_failure;
    std::uint64_t durable = 0;
    std::uint64_t requested = 0; // a sync is under way while requested > durable
    std::deque<Waiting> waiting;
    std::vector<std::function<void()>> waiting_for_idle;
    bool failed = false;
    std::unique_ptr<storage::WalFlusher> flusher;

    Impl(boost::asio::io_context& context, std::function<void(const std::string&)> failure)
        : io(context)
        , on_failure(std::move(failure)) {}

    void synced(std::uint64_t commits, const std::string& error) {
        if (failed) {
            return;
        }
        if (!error.empty()) {
            failed = true;
            log::error("the disk did not confirm a write; stopping so that nothing unsaved is "
                       "acknowledged",
                       {{"error", error}, {"waiting", std::to_string(waiting.size())}});
            waiting.clear();
            waiting_for_idle.clear();
            on_failure(error);
            return;
        }
        durable = std::max(durable, commits);
        while (!waiting.empty() && waiting.front().commits <= durable) {
            auto then = std::move(waiting.front().then);
            waiting.pop_front();
            then();
        }
        if (durable >= requested) {
            for (auto& then : std::exchange(waiting_for_idle, {})) {
                then();
            }
        }
        if (!waiting.empty()) {
            request_sync();
        }
    }

    void request_sync() {
        requested = std::max(requested, flusher->commits());
        flusher->request_sync();
    }
};

GroupCommit::GroupCommit(boost::asio::io_context& io, storage::Database& db,
                         std::function<void(const std::string&)> on_failure)
    : m_impl(std::make_shared<Impl>(io, std::move(on_failure))) {
    // The flusher's thread hands each result back to the runtime's thread.
    m_impl->flusher = std::make_unique<storage::WalFlusher>(
        db,
        [&io, weak = std::weak_ptr<Impl>(m_impl)](std::uint64_t commits, const std::string& error) {
            boost::asio::post(io, [weak, commits, error] {
                if (const auto impl = weak.lock()) {
                    impl->synced(commits, error);
                }
            });
        });
}

GroupCommit::~GroupCommit() {
    // Joins the flusher's thread before anything it posts could outlive us.
    m_impl->flusher.reset();
}

void GroupCommit::after_durable(std::function<void()> then) {
    Impl& impl = *m_impl;
    if (impl.failed) {
        return;
    }
    const std::uint64_t commits = impl.flusher->commits();
    if (!impl.flusher->is_active() || commits <= impl.durable) {
        then();
        return;
    }
    impl.waiting.push_back({commits, std::move(then)});
    impl.request_sync();
}

void GroupCommit::when_idle(std::function<void()> then) {
    Impl& impl = *m_impl;
    if (impl.failed) {
        return;
    }
    if (impl.durable >= impl.requested) {
        then();
        return;
    }
    impl.waiting_for_idle.push_back(std::move(then));
}

} // namespace onevoice::bot
