// MatrixAdapter, inbound: fetching the events a limited /sync timeline left out.
#include "bot/runtime/log.hpp"
#include "integrations/matrix/matrix_adapter.hpp"

#include <algorithm>

namespace onevoice::integrations::matrix {

namespace {

using nlohmann::json;

constexpr std::string_view k_client = "/_matrix/client/v3";
constexpr int k_page_size = 100;
// A guard against a server that never stops paging: 100 pages of 100 events
// is far more than any team types during an outage.
constexpr int k_max_pages = 100;

// The same event types as the sync's timeline filter; lazy-loaded members give
// the display names of the gap's senders in `state` (spec "Filtering").
// Memberships too: the bot's own join in a gap marks where the room's history ends.
std::string messages_filter() {
    const json filter = {{"types", {"m.room.message", "m.reaction", "m.room.member"}},
                         {"lazy_load_members", true}};
    return filter.dump();
}

} // namespace

// One sync batch waiting for its gaps, room by room, page by page.
struct MatrixAdapter::Backfill {
    SyncBatch batch;
    std::string since;   // the token the sync started from: where every gap ends
    std::size_t gap = 0; // into batch.gaps
    std::string from;    // the next page's token; "" before the gap's first page
    int pages = 0;
    std::vector<RoomEvent> newest_first;                 // the current gap so far
    std::map<std::string, std::vector<RoomEvent>> found; // room -> its gap, oldest first

    const TimelineGap& current() const { return batch.gaps[gap]; }
    void finish_gap() {
        std::reverse(newest_first.begin(), newest_first.end());
        auto& events = found[current().room_id];
        events.insert(events.end(), std::make_move_iterator(newest_first.begin()),
                      std::make_move_iterator(newest_first.end()));
        newest_first.clear();
        from.clear();
        pages = 0;
        ++gap;
    }
};

void MatrixAdapter::start_backfill(SyncBatch batch) {
    auto job = std::make_shared<Backfill>();
    job->batch = std::move(batch);
    job->since = m_since;
    // The sync loop is busy until the batch ran: a new login must not start a second one.
    m_syncing = true;
    fetch_gap_page(std::move(job));
}

void MatrixAdapter::fetch_gap_page(std::shared_ptr<Backfill> job) {
    while (job->gap < job->batch.gaps.size() && job->current().prev_batch.empty()) {
        bot::log::warn("limited Matrix timeline without prev_batch; its gap cannot be fetched",
                       {{"room", job->current().room_id}});
        job->finish_gap();
    }
    if (job->gap == job->batch.gaps.size()) {
        m_syncing = false;
        job->batch.events = with_gaps(std::move(job->batch.events), std::move(job->found));
        run_batch(std::move(job->batch));
        return;
    }
    if (job->from.empty()) {
        job->from = job->current().prev_batch;
    }
    // Backwards from the timeline's start to the token of the previous sync (spec
    // "GET /rooms/{roomId}/messages"): exactly the events this sync did not include.
    const std::string path =
        std::string(k_client).append("/rooms/") + encode(job->current().room_id) +
        "/messages?dir=b&from=" + encode(job->from) + "&to=" + encode(job->since) +
        "&limit=" + std::to_string(k_page_size) + "&filter=" + encode(messages_filter());
    m_api.call(net::HttpMethod::get, path, nullptr, m_options.call_timeout,
               [this, alive = m_alive, job](const ApiResponse& response) {
                   if (*alive && !m_stopped) {
                       on_gap_page(job, response);
                   }
               });
}

void MatrixAdapter::on_gap_page(std::shared_ptr<Backfill> job, const ApiResponse& response) {
    if (response.is_unknown_token()) {
        m_syncing = false; // the new login syncs again from the old token
        on_unknown_token();
        return;
    }
    const std::string room = job->current().room_id;
    std::string error = response.error;
    std::optional<MessagesPage> page;
    if (response.ok()) {
        page = parse_messages(response.body, room, error, response.undecodable);
    }
    const bool is_retryable =
        !response.ok() && classify(response).kind != bot::DeliveryResult::Kind::permanent;
    if (is_retryable) {
        on_backfill_failed(response, error);
        return;
    }
    if (!page) {
        // Asking again would get the same answer and stop every room's commands for good.
        bot::log::error("cannot fetch the events a limited Matrix sync left out; skipping them",
                        {{"room", room}, {"error", error}});
        job->finish_gap();
        fetch_gap_page(std::move(job));
        return;
    }
    for (auto& [user, name] : page->display_names) {
        m_names[user] = name;
    }
    report_skipped(page->skipped);
    job->newest_first.insert(job->newest_first.end(), std::make_move_iterator(page->events.begin()),
                             std::make_move_iterator(page->events.end()));
    ++job->pages;
    // The spec's end of paging is a missing `end`; an empty chunk alone is not
    // (events the bot may not see are left out). An unchanged token or the
    // sync's own token mean the same, from servers that repeat it instead.
    const bool is_done = page->end.empty() || page->end == job->from || page->end == job->since;
    if (!is_done && job->pages >= k_max_pages) {
        bot::log::warn("Matrix gap too long; its oldest events are skipped",
                       {{"room", room}, {"events", std::to_string(job->newest_first.size())}});
    }
    if (is_done || job->pages >= k_max_pages) {
        bot::log::info("fetched the events a limited Matrix sync left out",
                       {{"room", room}, {"events", std::to_string(job->newest_first.size())}});
        job->finish_gap();
    } else {
        job->from = page->end;
    }
    fetch_gap_page(std::move(job));
}

void MatrixAdapter::on_backfill_failed(const ApiResponse& response, const std::string& error) {
    // The token did not move: the next sync delivers the same gap again, and
    // commands that already ran are recognised by their event ids.
    m_syncing = false;
    on_disconnected();
    const bot::Duration wait = response.retry_after.value_or(m_backoff.next());
    bot::log::warn("Matrix backfill failed; syncing again from the same token",
                   {{"error", error}, {"in_ms", std::to_string(wait.count())}});
    retry([this] { sync(); }, wait);
}

} // namespace onevoice::integrations::matrix
