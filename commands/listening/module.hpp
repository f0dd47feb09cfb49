#pragma once

#include "bot/model/clock.hpp"
#include "bot/model/mention.hpp"
#include "bot/model/model.hpp"
#include "commands/listening/digest/digest_commands.hpp"
#include "commands/listening/listen_commands.hpp"
#include "commands/listening/listen_ingest.hpp"
#include "commands/listening/listen_spikes.hpp"
#include "commands/listening/sentiment/sentiment.hpp"
#include "commands/listening/settings.hpp"
#include "commands/listening/source_poller.hpp"
#include "storage/digest_store.hpp"
#include "storage/listen_store.hpp"

namespace onevoice::bot {
struct Core;
}

namespace onevoice::commands {

// The listening domain: `listen` (queries and sources), the poller that
// fetches them through `fetcher`, ingestion with sentiment, the daily
// `digest` and spike alerts, with their messages.
struct ListeningModule {
    ListeningModule(bot::Core& core, ListeningSettings module_settings, SentimentAnalyzer analyzer,
                    bot::MentionFetcher& fetcher, SpikeAlerts::DeclareCrisis declare_crisis);

    // Puts the daily digest on the schedule at start-up, if it is on.
    void start(bot::TimePoint now);

    ListeningSettings settings;
    storage::ListenStore store;
    ListenCommands commands;
    SentimentAnalyzer sentiment;
    ListenIngest ingest;
    storage::DigestStore digests;
    storage::Settings digest_settings;
    DigestCommands digest;
    SpikeAlerts spikes;
    bot::SourcePoller poller;

private:
    bot::Core& m_core;
};

} // namespace onevoice::commands
