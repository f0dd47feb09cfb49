#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace onevoice::integrations::sources {

// The outcome of gunzip: `ok` with `data`, or `error` (one line). `too_large`
// says the output passed the cap, so the caller can name the limit.
struct Gunzipped {
    bool ok = false;
    bool too_large = false;
    std::string data;
    std::string error;
};

// Decompresses a gzip body (Content-Encoding: gzip; also zlib-wrapped data,
// and several concatenated gzip members). Stops as soon as the output would
// pass `max_out` bytes, so a small "gzip bomb" never grows memory past the
// cap. Truncated or corrupt input is an error.
Gunzipped gunzip(std::string_view compressed, std::size_t max_out);

} // namespace onevoice::integrations::sources
