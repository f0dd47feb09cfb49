#pragma once

#include "bot/model/catalog.hpp"
#include "bot/model/clock.hpp"
#include "bot/model/model.hpp"
#include "bot/model/time_zone.hpp"
#include "bot/runtime/users.hpp"

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace onevoice::bot {

struct Invocation;

// What every handler needs besides its own stores: words, time and people.
// The argument helpers throw UsageError with a translated explanation.
struct HandlerContext {
    const Catalog& catalog;
    const Clock& clock;
    const TimeZone& zone;
    UserDirectory& users;

    Locale locale() const { return catalog.locale(); }
    LocalDate today() const { return zone.date_of(clock.now()); }

    UserRef user_arg(std::string_view token, std::string_view platform) const;
    LocalDate date_arg(std::string_view token) const;
    // The date at the front of `words`, which then start after it: one word, or two for
    // "nächste Woche" typed unquoted (date_phrase_length). UsageError when `words` is empty
    // or names no date.
    LocalDate date_arg(std::span<const std::string>& words) const;
    LocalTime time_arg(std::string_view token) const;
    // The instant of `time` on `date` in the team's zone, for something the user schedules.
    // A time the clocks skip (spring forward) or read twice (fall back) is refused with the
    // times around the change, so that nothing lands an hour off unnoticed.
    TimePoint moment_arg(LocalDate date, LocalTime time) const;
    std::int64_t id_arg(std::string_view token) const;
    // Joins the words as free text, refusing more than `max_length` characters.
    std::string text_arg(std::span<const std::string> words, std::size_t max_length) const;
    // The same for the arguments from `first` on, as typed (Invocation::typed_from):
    // for text that is stored and shown, such as a question or a crisis update.
    std::string raw_text_arg(const Invocation& invocation, std::size_t first,
                             std::size_t max_length) const;
    std::string date_text(LocalDate date) const;
};

} // namespace onevoice::bot
