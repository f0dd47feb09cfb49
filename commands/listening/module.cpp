#include "commands/listening/module.hpp"

#include "bot/model/catalog.hpp"
#include "bot/model/fetch_error.hpp"
#include "bot/model/time_zone.hpp"
#include "bot/runtime/core.hpp"
#include "bot/runtime/handler_context.hpp"
#include "bot/runtime/log.hpp"
#include "bot/runtime/outbox.hpp"
#include "bot/runtime/router.hpp"
#include "bot/runtime/scheduler.hpp"
#include "commands/listening/query/listen_query.hpp"
#include "storage/database.hpp"

namespace onevoice::commands {

ListeningModule::ListeningModule(bot::Core& core, ListeningSettings module_settings,
                                 SentimentAnalyzer analyzer, bot::MentionFetcher& fetcher,
                                 SpikeAlerts::DeclareCrisis declare_crisis)
    : settings(std::move(module_settings))
    , store(core.db)
    , commands(store, settings.listen, core.context)
    , sentiment(std::move(analyzer))
    , ingest(store, sentiment)
    , digests(core.db)
    , digest_settings(core.db)
    , digest(digests, store, digest_settings, core.jobs, core.context)
    // Spike alerts go where the digest goes, else to the team's conversation.
    , spikes(digests, store, std::move(declare_crisis), core.context, settings.spikes,
             [this] {
                 const auto schedule = digest.schedule();
                 return schedule ? schedule->place : settings.alerts_place;
             })
    , poller(
          core.db, store, fetcher, core.writer, core.catalog, core.context.clock,
          [this](std::int64_t source, const std::vector<bot::Mention>& mentions,
                 bot::TimePoint now) { return ingest.ingest(source, mentions, now).new_mentions; })
    , m_core(core) {
    core.catalog.add(listen_messages());
    core.catalog.add(listen_query_messages());
    core.catalog.add(digest_messages());
    core.catalog.add(bot::fetch_error_messages());
    core.router.add(commands);
    core.router.add(digest);
    digest.register_with(core.scheduler);
    commands.set_on_alert(
        [this](const bot::Invocation& invocation) { return spikes.handle_alert(invocation); });
    // After each committed ingest: spike alerts, in their own transaction with their messages.
    poller.set_on_ingested([this](bot::TimePoint now) {
        try {
            storage::Transaction tx(m_core.db);
            for (const bot::Reply& reply : spikes.check(now)) {
                m_core.writer.enqueue(reply);
            }
            tx.commit();
        } catch (const std::exception& e) {
            bot::log::error("spike check failed", {{"error", e.what()}});
        }
    });
}

void ListeningModule::start(bot::TimePoint now) {
    if (const auto schedule = digest.schedule()) {
        m_core.scheduler.ensure(DigestCommands::k_kind, DigestCommands::k_kind,
                                m_core.context.zone.next_daily(now, schedule->time),
                                schedule->encode());
    }
}

} // namespace onevoice::commands
