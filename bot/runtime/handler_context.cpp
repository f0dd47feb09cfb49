#include "bot/runtime/handler_context.hpp"

#include "bot/model/dates.hpp"
#include "bot/model/errors.hpp"
#include "bot/runtime/command_handler.hpp"
#include "bot/text/arguments.hpp"
#include "bot/text/utf8.hpp"

#include <chrono>
#include <cstdio>

namespace onevoice::bot {
namespace {

constexpr std::chrono::minutes k_one_minute{1};

// "UTC+02:00", "UTC-03:30".
std::string utc_offset(int minutes) {
    const int size = minutes < 0 ? -minutes : minutes;
    char buf[16];
    std::snprintf(buf, sizeof buf, "UTC%c%02d:%02d", minutes < 0 ? '-' : '+', size / 60, size % 60);
    return buf;
}

} // namespace

UserRef HandlerContext::user_arg(std::string_view token, std::string_view platform) const {
    if (!parse_user_token(token, platform)) {
        throw UsageError(catalog.text("arg.not_a_user", {token}));
    }
    UserLookup found = users.lookup(token, platform);
    if (!found.candidates.empty()) {
        std::string ids;
        for (const UserRef& candidate : found.candidates) {
            ids += (ids.empty() ? "" : ", ") + full_id(candidate);
        }
        throw UsageError(catalog.text("arg.ambiguous_user", {token, ids}));
    }
    if (!found.user) {
        throw UsageError(catalog.text("arg.unknown_user", {token}));
    }
    if (found.user->is_outsider) {
        throw UsageError(catalog.text("arg.outsider_user", {full_id(*found.user)}));
    }
    return std::move(*found.user);
}

LocalDate HandlerContext::date_arg(std::string_view token) const {
    const auto date = parse_date(token, today(), locale());
    if (!date) {
        throw UsageError(catalog.text("arg.bad_date", {token}));
    }
    return *date;
}

LocalDate HandlerContext::date_arg(std::span<const std::string>& words) const {
    if (words.empty()) {
        throw UsageError(catalog.text("arg.bad_date", {""}));
    }
    const std::size_t length = date_phrase_length(words);
    const LocalDate date =
        date_arg(length == 2 ? words[0] + " " + words[1] : std::string(words[0]));
    words = words.subspan(length);
    return date;
}

LocalTime HandlerContext::time_arg(std::string_view token) const {
    const auto time = parse_time(token);
    if (!time) {
        throw UsageError(catalog.text("arg.bad_time", {token}));
    }
    return *time;
}

TimePoint HandlerContext::moment_arg(LocalDate date, LocalTime time) const {
    const LocalMoment moment = zone.resolve(date, time);
    const Locale lang = locale();
    const std::string when = format_time(time, lang);
    const std::string day = date_text(date);
    const std::string from = format_time(moment.change_from, lang);
    const std::string to = format_time(moment.change_to, lang);
    if (moment.kind == LocalMoment::Kind::skipped) {
        // The last minute before the jump, so that "01:59 or 03:00" name two real times.
        const LocalTime last = zone.time_of(zone.at(date, moment.change_from) - k_one_minute);
        throw UsageError(catalog.text("arg.time_skipped",
                                      {when, day, zone.name(), from, to, format_time(last, lang)}));
    }
    if (moment.kind == LocalMoment::Kind::repeated) {
        throw UsageError(
            catalog.text("arg.time_repeated",
                         {when, day, zone.name(), utc_offset(moment.earlier_offset_minutes),
                          moment.earlier_abbreviation, utc_offset(moment.later_offset_minutes),
                          moment.later_abbreviation, from, to}));
    }
    return moment.earlier;
}

std::int64_t HandlerContext::id_arg(std::string_view token) const {
    const auto id = parse_id(token);
    if (!id) {
        throw UsageError(catalog.text("arg.bad_id", {token}));
    }
    return *id;
}

std::string HandlerContext::text_arg(std::span<const std::string> words,
                                     std::size_t max_length) const {
    std::string text;
    for (const std::string& word : words) {
        if (!text.empty()) {
            text += ' ';
        }
        text += word;
    }
    if (const std::size_t length = utf8_length(text); length > max_length) {
        throw UsageError(
            catalog.text("arg.too_long", {std::to_string(length), std::to_string(max_length)}));
    }
    return text;
}

std::string HandlerContext::raw_text_arg(const Invocation& invocation, std::size_t first,
                                         std::size_t max_length) const {
    std::string text = invocation.typed_from(first);
    if (const std::size_t length = utf8_length(text); length > max_length) {
        throw UsageError(
            catalog.text("arg.too_long", {std::to_string(length), std::to_string(max_length)}));
    }
    return text;
}

std::string HandlerContext::date_text(LocalDate date) const {
    return format_date(date, locale());
}

} // namespace onevoice::bot
