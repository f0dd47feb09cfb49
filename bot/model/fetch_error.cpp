#include "bot/model/fetch_error.hpp"

#include <array>
#include <optional>

namespace onevoice::bot {
namespace {

using Kind = FetchError::Kind;

struct KindName {
    Kind kind;
    std::string_view name; // stored in the database: never rename one
    std::string_view key;
};

constexpr std::array k_kinds{
    KindName{Kind::invalid_address, "invalid_address", "fetch.invalid_address"},
    KindName{Kind::timeout, "timeout", "fetch.timeout"},
    KindName{Kind::too_large, "too_large", "fetch.too_large"},
    KindName{Kind::too_large_unpacked, "too_large_unpacked", "fetch.too_large_unpacked"},
    KindName{Kind::certificate, "certificate", "fetch.certificate"},
    KindName{Kind::network, "network", "fetch.network"},
    KindName{Kind::bad_redirect, "bad_redirect", "fetch.bad_redirect"},
    KindName{Kind::too_many_redirects, "too_many_redirects", "fetch.too_many_redirects"},
    KindName{Kind::http_status, "http_status", "fetch.http_status"},
    KindName{Kind::rate_limited, "rate_limited", "fetch.rate_limited"},
    KindName{Kind::bad_encoding, "bad_encoding", "fetch.bad_encoding"},
    KindName{Kind::unreadable, "unreadable", "fetch.unreadable"},
    KindName{Kind::private_address, "private_address", "fetch.private_address"},
};

constexpr CatalogEntry k_messages[] = {
    {"fetch.invalid_address", "invalid source address", "ungültige Adresse der Quelle"},
    {"fetch.timeout", "no answer within {0}", "keine Antwort innerhalb von {0}"},
    {"fetch.too_large", "response larger than {0}", "Antwort größer als {0}"},
    {"fetch.too_large_unpacked", "response larger than {0} once unpacked",
     "Antwort entpackt größer als {0}"},
    {"fetch.certificate", "TLS certificate rejected: {0}", "TLS-Zertifikat abgelehnt: {0}"},
    {"fetch.network", "network error: {0}", "Netzwerkfehler: {0}"},
    {"fetch.bad_redirect", "redirect to an unusable address",
     "Weiterleitung an eine unbrauchbare Adresse"},
    {"fetch.too_many_redirects", "too many redirects", "zu viele Weiterleitungen"},
    {"fetch.http_status", "HTTP {0}", "HTTP {0}"},
    {"fetch.rate_limited", "rate limited (HTTP 429)", "zu viele Abrufe (HTTP 429)"},
    {"fetch.bad_encoding", "unsupported content encoding {0}",
     "nicht unterstützte Inhaltskodierung {0}"},
    {"fetch.unreadable", "unreadable content: {0}", "Inhalt nicht lesbar: {0}"},
    {"fetch.private_address",
     "{0} is a private address (loopback, link-local or a private network); "
     "[listen] allow_private_addresses = true allows it",
     "{0} ist eine private Adresse (Loopback, Link-Local oder ein privates Netz); "
     "[listen] allow_private_addresses = true erlaubt sie"},
    {"fetch.where", "{0} ({1})", "{0} ({1})"},
};

// Stored as "kind\tdetail\twhere"; the fields never hold a tab or a line break.
constexpr char k_separator = '\t';

std::string one_line(std::string_view text) {
    std::string out(text);
    for (char& c : out) {
        if (c == k_separator || c == '\n' || c == '\r') {
            c = ' ';
        }
    }
    return out;
}

std::optional<std::array<std::string_view, 3>> split(std::string_view stored) {
    const auto first = stored.find(k_separator);
    const auto second = first == std::string_view::npos ? std::string_view::npos
                                                        : stored.find(k_separator, first + 1);
    if (second == std::string_view::npos ||
        stored.find(k_separator, second + 1) != std::string_view::npos) {
        return std::nullopt;
    }
    return std::array{stored.substr(0, first), stored.substr(first + 1, second - first - 1),
                      stored.substr(second + 1)};
}

} // namespace

std::string encode_fetch_error(const FetchError& error) {
    for (const KindName& entry : k_kinds) {
        if (entry.kind == error.kind) {
            return std::string(entry.name) + k_separator + one_line(error.detail) + k_separator +
                   one_line(error.where);
        }
    }
    return {}; // Kind::none: nothing failed
}

std::string describe_fetch_error(const Catalog& catalog, std::string_view stored) {
    const auto fields = split(stored);
    if (!fields) {
        return std::string(stored);
    }
    const auto& [name, detail, where] = *fields;
    for (const KindName& entry : k_kinds) {
        if (entry.name == name) {
            const auto what = catalog.text(entry.key, {detail});
            return where.empty() ? what : catalog.text("fetch.where", {what, where});
        }
    }
    return std::string(stored);
}

std::span<const CatalogEntry> fetch_error_messages() {
    return k_messages;
}

} // namespace onevoice::bot
