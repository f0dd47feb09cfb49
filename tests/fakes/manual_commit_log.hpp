#pragma once

#include "bot/runtime/commit_pipeline.hpp"

#include <cstdint>

namespace onevoice::tests {

// A commit log the test drives: it says how many commits were written, and
// reports each sync's result itself through CommitPipeline::synced().
struct ManualCommitLog final : bot::CommitLog {
    std::uint64_t written = 0;
    int sync_requests = 0;

    std::uint64_t commits() const override { return written; }
    void request_sync() override { ++sync_requests; }
};

} // namespace onevoice::tests
