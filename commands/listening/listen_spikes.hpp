#pragma once

#include "bot/model/model.hpp"
#include "bot/runtime/command_handler.hpp"
#include "bot/runtime/handler_context.hpp"
#include "commands/listening/settings.hpp"
#include "storage/digest_store.hpp"
#include "storage/listen_store.hpp"

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace onevoice::commands {

// The median of `values` (the mean of the middle two for an even count); 0 for none. Pure.
double median(std::vector<double> values);

// One hour judged against its baseline. `baseline` is the median of the
// samples (volume) or their negative share (negative); `threshold` the level
// from which the hour alerts; `level` the hour's own count or share.
struct SpikeCheck {
    double level = 0;
    double baseline = 0;
    double threshold = 0;
    double z = 0; // volume only: (count - median) / (1.4826 × MAD), MAD at least 1/1.4826
    bool is_spike = false;
    // Back to normal: below the middle between baseline and threshold, so a
    // level hovering at the threshold does not open and close alert after alert.
    bool is_normal = true;
};

// Volume: `count` of the last hour against `samples` (the same hour on each of
// the last 7 days and each of the last 24 hours). Pure.
SpikeCheck check_volume(std::int64_t count, std::span<const std::int64_t> samples,
                        const SpikeSettings& settings, std::string_view sensitivity);
// Negative share: `negative` of `count` in the last hour against the
// samples' totals. An hour below the minimum count is never a spike. Pure.
SpikeCheck check_negative(std::int64_t count, std::int64_t negative, std::int64_t baseline_count,
                          std::int64_t baseline_negative, const SpikeSettings& settings,
                          std::string_view sensitivity);

// Spike alerts (issue #8). `check` runs after each ingest, inside its
// transaction: per query that is not muted, the last hour against its rolling
// baseline; a spike opens one alert row (spike_alerts) and posts one alert
// with its numbers, the top negative mentions and the buttons "Declare
// crisis", "Mute 24 h", "Less sensitive" and "Not relevant"; while the alert
// is open nothing more is posted; it closes when the level is normal again.
// `handle_alert` runs `listen alert <id> declare|irrelevant|exclude <term>`
// for the listen command (the buttons' command lines).
class SpikeAlerts {
public:
    // Where alerts go, asked at each alert (the digest's place when scheduled).
    using PlaceOf = std::function<bot::Place()>;
    // "Declare crisis": declares one as `crisis declare` by the button's user
    // would, with `title`, and puts `first_entry` on its timeline. The crisis
    // domain provides it (bot/app wires it), so the notice, crisis team,
    // playbook and reminders are exactly those of `crisis declare`.
    using DeclareCrisis = std::function<std::vector<bot::Reply>(
        const bot::Invocation& by, const std::string& title, const std::string& first_entry)>;

    SpikeAlerts(storage::DigestStore& store, storage::ListenStore& queries,
                DeclareCrisis declare_crisis, const bot::HandlerContext& context,
                SpikeSettings settings, PlaceOf place_of);

    std::vector<bot::Reply> check(bot::TimePoint now);
    // Arguments after `listen alert`: <id> declare | <id> irrelevant | <id> exclude <term>.
    std::vector<bot::Reply> handle_alert(const bot::Invocation& invocation);

    // The alert message for an open alert row (listen_alert.cpp).
    bot::Reply alert_message(const storage::SpikeAlertRow& alert,
                             const storage::ListenQueryRow& query);
    // The term (or site:domain) that sets the alert's mentions apart: what
    // "Not relevant" offers to exclude.
    std::string distinguishing_term(const storage::SpikeAlertRow& alert,
                                    const storage::ListenQueryRow& query);

private:
    void check_query(const storage::ListenQueryRow& query, bot::TimePoint now,
                     std::vector<bot::Reply>& replies);
    void update_alert(const storage::ListenQueryRow& query, std::string_view kind,
                      const SpikeCheck& check, std::int64_t count, bot::TimePoint now,
                      std::vector<bot::Reply>& replies);
    std::vector<storage::DigestMention> top_of(const storage::SpikeAlertRow& alert, int limit);
    std::vector<bot::Reply> declare(const bot::Invocation& invocation,
                                    const storage::SpikeAlertRow& alert,
                                    const storage::ListenQueryRow& query);
    std::vector<bot::Reply> confirm_exclusion(const storage::SpikeAlertRow& alert,
                                              const storage::ListenQueryRow& query);
    std::vector<bot::Reply> exclude(const bot::Invocation& invocation,
                                    const storage::ListenQueryRow& query);

    storage::DigestStore& m_store;
    storage::ListenStore& m_queries;
    DeclareCrisis m_declare_crisis;
    const bot::HandlerContext& m_context;
    SpikeSettings m_settings;
    PlaceOf m_place_of;
};

} // namespace onevoice::commands
