#include "bot/runtime/commit_pipeline.hpp"

#include "bot/runtime/log.hpp"
#include "storage/wal_flusher.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>

#include <algorithm>
#include <limits>

namespace onevoice::bot {

// The WalFlusher as the pipeline's CommitLog. Its thread hands each result
// to the runtime's thread; results still queued there when the pipeline is
// gone are dropped.
struct CommitPipeline::Flusher final : CommitLog {
    std::shared_ptr<CommitPipeline*> owner;
    storage::WalFlusher flusher;

    Flusher(boost::asio::io_context& io, storage::Database& db, CommitPipeline& pipeline)
        : owner(std::make_shared<CommitPipeline*>(&pipeline))
        , flusher(db, [&io, weak = std::weak_ptr<CommitPipeline*>(owner)](
                          std::uint64_t commits, const std::string& error) {
            boost::asio::post(io, [weak, commits, error] {
                if (const auto alive = weak.lock()) {
                    (*alive)->synced(commits, error);
                }
            });
        }) {}

    std::uint64_t commits() const override { return flusher.commits(); }
    void request_sync() override { flusher.request_sync(); }
};

CommitPipeline::CommitPipeline() = default;

CommitPipeline::CommitPipeline(boost::asio::io_context& io, storage::Database& db)
    : m_flusher(std::make_unique<Flusher>(io, db, *this)) {
    if (m_flusher->flusher.is_active()) {
        m_log = m_flusher.get();
    } else {
        m_flusher.reset(); // in memory: nothing to sync
    }
}

CommitPipeline::CommitPipeline(CommitLog& log)
    : m_log(&log) {}

CommitPipeline::~CommitPipeline() {
    // Joins the flusher's thread (after a last sync) before the members it reports to go.
    m_flusher.reset();
}

bool CommitPipeline::waits_for_disk() const {
    return m_log != nullptr;
}

void CommitPipeline::group(Command command, std::function<void()> ack) {
    if (m_failed) {
        return; // never acknowledged: the platform delivers it again after the restart
    }
    m_group.push_back(std::move(command));
    m_group_acks.push_back(std::move(ack));
    // The first of a group decides when it is stored; the rest join it.
    if (m_group.size() == 1 && idle()) {
        store_group();
    }
}

void CommitPipeline::store_group() {
    if (m_group.empty()) {
        return;
    }
    m_store(std::exchange(m_group, {}), std::exchange(m_group_acks, {}));
}

void CommitPipeline::release(std::function<void()> ack) {
    after_durable(std::move(ack));
}

std::int64_t CommitPipeline::release_rows(std::int64_t written) {
    if (m_log == nullptr) {
        return released_rows();
    }
    if (written > m_rows_asked) {
        m_rows_asked = written;
        // Released at once when the rows are durable already (the caller sends
        // them); else after the sync, which then has to tell the runtime.
        m_releasing_rows = true;
        after_durable([this, written] {
            m_rows_released = std::max(m_rows_released, written);
            if (!m_releasing_rows && m_on_rows_released) {
                m_on_rows_released();
            }
        });
        m_releasing_rows = false;
    }
    return m_rows_released;
}

std::int64_t CommitPipeline::released_rows() const {
    return m_log == nullptr ? std::numeric_limits<std::int64_t>::max() : m_rows_released;
}

void CommitPipeline::after_durable(std::function<void()> then) {
    if (m_failed) {
        return;
    }
    if (m_log == nullptr) {
        then();
        return;
    }
    const std::uint64_t commits = m_log->commits();
    if (commits <= m_durable) {
        then();
        return;
    }
    m_waiting.push_back({commits, std::move(then)});
    request_sync();
}

void CommitPipeline::request_sync() {
    m_requested = std::max(m_requested, m_log->commits());
    m_log->request_sync();
}

void CommitPipeline::synced(std::uint64_t commits, const std::string& error) {
    if (m_failed) {
        return;
    }
    if (!error.empty()) {
        m_failed = true;
        log::error("the disk did not confirm a write; stopping so that nothing unsaved is "
                   "acknowledged",
                   {{"error", error}, {"waiting", std::to_string(m_waiting.size())}});
        m_waiting.clear();
        m_group.clear();
        m_group_acks.clear();
        if (m_on_failure) {
            m_on_failure(error);
        }
        return;
    }
    m_durable = std::max(m_durable, commits);
    while (!m_waiting.empty() && m_waiting.front().commits <= m_durable) {
        auto then = std::move(m_waiting.front().then);
        m_waiting.pop_front();
        then();
    }
    if (idle()) {
        store_group();
    }
    if (!m_waiting.empty()) {
        request_sync();
    }
}

} // namespace onevoice::bot
