#pragma once

#include "commands/listening/module.hpp"
#include "tests/fakes/fake_fetcher.hpp"
#include "tests/fakes/listening_settings.hpp"
#include "tests/fakes/test_bot.hpp"

#include <string>

namespace onevoice::tests {

// TestBot with the listening module (`listen`, the real ingest, digest and
// spike alerts) polling through a FakeFetcher; without a crisis module,
// "Declare crisis" declares nothing.
// boss is a manager, bob a helper; the fake clock starts on Wednesday
// 2026-11-18, 12:06 in Europe/Berlin.
struct ListenBot : TestBot {
    explicit ListenBot(bot::Locale locale = bot::Locale::en)
        : TestBot(locale)
        , listening_module(core, console_listening_settings(), {}, fetcher,
                           [](const bot::Invocation&, const std::string&, const std::string&) {
                               return std::vector<bot::Reply>{};
                           }) {
        make_manager("boss");
        run("team add @bob helper");
    }

    // Starts the polls now due and returns what was delivered meanwhile
    // (answers of fetches that complete at once).
    std::string poll() {
        const std::size_t before = chat.sent.size();
        poller.run_due(clock.now());
        return delivered_since(before);
    }
    // Completes fetch `index` and returns what that delivered.
    std::string complete(std::size_t index, bot::FetchResult result) {
        const std::size_t before = chat.sent.size();
        fetcher.complete(index, std::move(result));
        return delivered_since(before);
    }
    std::string delivered_since(std::size_t before) {
        sender.pump();
        std::string out;
        for (std::size_t i = before; i < chat.sent.size(); ++i) {
            out += (out.empty() ? "" : "\n\n") + chat.sent[i].text;
        }
        return out;
    }

    // Everything `listen` can change, as one comparable string.
    std::string listen_state() {
        std::string out;
        for (const auto& q : store.list_queries(bot::to_millis(clock.now()))) {
            out += q.name + "|" + q.query + "|" + std::to_string(q.is_competitor) + "|" +
                   q.sensitivity + "|" + std::to_string(q.muted_until.value_or(0)) + "\n";
        }
        for (const auto& s : store.list_sources()) {
            out += std::to_string(s.id) + "|" + s.kind + "|" + s.target + "|" + s.term + "|" +
                   std::to_string(s.next_poll_at) + "\n";
        }
        return out + "requests " + std::to_string(store.finished_poll_requests().size());
    }

    FakeFetcher fetcher;
    commands::ListeningModule listening_module;
    commands::ListenSettings& settings = listening_module.settings.listen;
    storage::ListenStore& store = listening_module.store;
    commands::SentimentAnalyzer& sentiment = listening_module.sentiment;
    commands::ListenIngest& ingest = listening_module.ingest;
    bot::SourcePoller& poller = listening_module.poller;
};

} // namespace onevoice::tests
