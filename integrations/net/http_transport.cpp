#include "integrations/net/http_transport.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace onevoice::integrations::net {
namespace {

bool same_name(std::string_view a, std::string_view b) {
    return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
        return std::tolower(static_cast<unsigned char>(x)) ==
               std::tolower(static_cast<unsigned char>(y));
    });
}

} // namespace

std::string_view to_string(HttpMethod method) {
    switch (method) {
    case HttpMethod::get:
        return "GET";
    case HttpMethod::head:
        return "HEAD";
    case HttpMethod::post:
        return "POST";
    case HttpMethod::put:
        return "PUT";
    case HttpMethod::patch:
        return "PATCH";
    case HttpMethod::delete_:
        return "DELETE";
    }
    return "GET";
}

void HttpHeaders::set(std::string_view name, std::string value) {
    std::erase_if(m_fields, [name](const Field& field) { return same_name(field.first, name); });
    add(name, std::move(value));
}

void HttpHeaders::add(std::string_view name, std::string value) {
    m_fields.emplace_back(std::string(name), std::move(value));
}

std::string_view HttpHeaders::get(std::string_view name) const {
    for (const auto& [key, value] : m_fields) {
        if (same_name(key, name)) {
            return value;
        }
    }
    return {};
}

bool HttpHeaders::contains(std::string_view name) const {
    return std::any_of(m_fields.begin(), m_fields.end(),
                       [name](const Field& field) { return same_name(field.first, name); });
}

std::optional<std::chrono::seconds> retry_after(const HttpResult& result) {
    const std::string_view value = result.header("Retry-After");
    long seconds = 0;
    const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), seconds);
    if (value.empty() || ec != std::errc{} || end != value.data() + value.size() || seconds < 0) {
        return std::nullopt;
    }
    return std::chrono::seconds(std::min(seconds, 3600L));
}

} // namespace onevoice::integrations::net
