#include "storage/wal_flusher.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <fcntl.h>
#include <mutex>
#include <thread>
#include <unistd.h>

namespace onevoice::storage {
namespace {

// SQLite's own automatic checkpoint starts at 1000 pages; so does ours.
constexpr int k_checkpoint_pages = 1000;

std::string errno_text(const char* what, int error) {
    return std::string(what) + ": " + std::strerror(error);
}

} // namespace

struct WalFlusher::Impl {
    Database& db;
    Synced on_synced;
    int wal_fd = -1;
    sqlite3* checkpointer = nullptr;
    std::uint64_t commits = 0; // owning thread only

    std::mutex mutex;
    std::condition_variable wake;
    std::uint64_t requested = 0; // guarded by mutex
    std::uint64_t synced = 0;    // guarded by mutex
    bool checkpoint_wanted = false;
    bool stopping = false;
    std::thread thread;

    Impl(Database& database, Synced synced_callback)
        : db(database)
        , on_synced(std::move(synced_callback)) {}

    ~Impl() {
        if (wal_fd >= 0) {
            ::close(wal_fd);
        }
        sqlite3_close_v2(checkpointer);
    }

    // Empty on success.
    std::string sync_wal() const {
        while (::fdatasync(wal_fd) != 0) {
            if (errno != EINTR) {
                return errno_text("fdatasync of the WAL", errno);
            }
        }
        return {};
    }

    void checkpoint() const {
        // PASSIVE never waits for the owning thread's locks. A checkpoint that
        // fails (busy, full disk) only leaves the WAL longer: the next commit
        // past the threshold asks again, and nothing durable depends on it.
        sqlite3_wal_checkpoint_v2(checkpointer, "main", SQLITE_CHECKPOINT_PASSIVE, nullptr,
                                  nullptr);
    }

    void run() {
        std::unique_lock lock(mutex);
        for (;;) {
            wake.wait(lock, [this] { return stopping || requested > synced || checkpoint_wanted; });
            if (requested > synced) {
                const std::uint64_t target = requested;
                lock.unlock();
                const std::string error = sync_wal();
                on_synced(target, error);
                lock.lock();
                synced = target;
            } else if (checkpoint_wanted) {
                checkpoint_wanted = false;
                lock.unlock();
                checkpoint();
                lock.lock();
            } else {
                return; // stopping, and nothing left to sync
            }
        }
    }

    static int on_wal_commit(void* self, sqlite3*, const char*, int pages) {
        auto& impl = *static_cast<Impl*>(self);
        ++impl.commits;
        if (pages >= k_checkpoint_pages) {
            const std::lock_guard lock(impl.mutex);
            impl.checkpoint_wanted = true;
            impl.wake.notify_one();
        }
        return SQLITE_OK;
    }
};

WalFlusher::WalFlusher(Database& db, Synced on_synced)
    : m_impl(std::make_unique<Impl>(db, std::move(on_synced))) {
    Impl& impl = *m_impl;
    {
        Statement mode(db, "PRAGMA journal_mode");
        if (!mode.step() || mode.get_text(0) != "wal") {
            return; // in memory: nothing to make durable
        }
    }
    const char* wal_path = sqlite3_filename_wal(sqlite3_db_filename(db.handle(), "main"));
    impl.wal_fd = ::open(wal_path, O_RDONLY | O_CLOEXEC);
    if (impl.wal_fd < 0) {
        throw DbError(SQLITE_CANTOPEN, errno_text("cannot open the WAL", errno));
    }
    if (const std::string error = impl.sync_wal(); !error.empty()) {
        throw DbError(SQLITE_IOERR, error);
    }
    const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;
    if (const int rc = sqlite3_open_v2(db.path().c_str(), &impl.checkpointer, flags, nullptr);
        rc != SQLITE_OK) {
        throw DbError(rc,
                      "cannot open a checkpoint connection: " + std::string(sqlite3_errstr(rc)));
    }
    // A connection opens the WAL with its first read; until then a checkpoint does nothing.
    if (const int rc = sqlite3_exec(impl.checkpointer, "SELECT count(*) FROM sqlite_master",
                                    nullptr, nullptr, nullptr);
        rc != SQLITE_OK) {
        throw DbError(rc, "cannot read through the checkpoint connection: " +
                              std::string(sqlite3_errmsg(impl.checkpointer)));
    }
    // Replaces SQLite's automatic checkpoint (which is a WAL hook, too).
    sqlite3_wal_hook(db.handle(), &Impl::on_wal_commit, &impl);
    db.exec("PRAGMA synchronous=NORMAL");
    impl.thread = std::thread([&impl] { impl.run(); });
}

WalFlusher::~WalFlusher() {
    Impl& impl = *m_impl;
    if (!impl.thread.joinable()) {
        return;
    }
    request_sync();
    {
        const std::lock_guard lock(impl.mutex);
        impl.stopping = true;
        impl.checkpoint_wanted = false;
    }
    impl.wake.notify_one();
    impl.thread.join();
    try {
        impl.db.exec("PRAGMA synchronous=FULL");
    } catch (const DbError&) { // NOLINT(bugprone-empty-catch): closing; every commit was synced
    }
    sqlite3_wal_autocheckpoint(impl.db.handle(), k_checkpoint_pages);
}

bool WalFlusher::is_active() const noexcept {
    return m_impl->thread.joinable();
}

std::uint64_t WalFlusher::commits() const noexcept {
    return m_impl->commits;
}

void WalFlusher::request_sync() {
    Impl& impl = *m_impl;
    if (!impl.thread.joinable()) {
        return;
    }
    {
        const std::lock_guard lock(impl.mutex);
        impl.requested = std::max(impl.requested, impl.commits);
    }
    impl.wake.notify_one();
}

} // namespace onevoice::storage
