#pragma once

#include "bot/model/mention.hpp"

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

namespace onevoice::tests {

// A MentionFetcher that records each fetch and completes it only when the
// test says so (`complete`), or at once with `answer_at_once` set, so a test
// controls which polls are in flight.
class FakeFetcher final : public bot::MentionFetcher {
public:
    struct Call {
        bot::SourceSpec source;
        bot::FetchValidators validators;
        std::function<void(bot::FetchResult)> done;
        bool is_done = false;
    };

    void fetch(const bot::SourceSpec& source, const bot::FetchValidators& validators,
               std::function<void(bot::FetchResult)> done) override {
        calls.push_back(Call{source, validators, std::move(done), false});
        if (answer_at_once) {
            complete(calls.size() - 1, answer_at_once(source));
        }
    }

    // Ends call `index` with `result`.
    void complete(std::size_t index, bot::FetchResult result) {
        Call& call = calls.at(index);
        if (!call.is_done) {
            call.is_done = true;
            auto done = std::move(call.done);
            done(std::move(result));
        }
    }
    std::size_t pending() const {
        std::size_t count = 0;
        for (const Call& call : calls) {
            count += call.is_done ? 0 : 1;
        }
        return count;
    }

    static bot::FetchResult fresh(std::vector<bot::Mention> mentions, std::string etag = {}) {
        bot::FetchResult result;
        result.outcome = bot::FetchResult::Outcome::fresh;
        result.mentions = std::move(mentions);
        result.validators.etag = std::move(etag);
        return result;
    }
    static bot::FetchResult failed(bot::FetchError error) {
        bot::FetchResult result;
        result.outcome = bot::FetchResult::Outcome::failed;
        result.error = std::move(error);
        return result;
    }
    static bot::Mention mention(const std::string& id, const std::string& title,
                                const std::string& text = {}) {
        bot::Mention m;
        m.external_id = id;
        m.url = "https://news.example/" + id;
        m.title = title;
        m.text = text;
        return m;
    }

    std::vector<Call> calls;
    std::function<bot::FetchResult(const bot::SourceSpec&)> answer_at_once;
};

} // namespace onevoice::tests
