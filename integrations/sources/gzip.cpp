#include "integrations/sources/gzip.hpp"

#include <algorithm>
#include <array>
#include <zlib.h>

namespace onevoice::integrations::sources {

namespace {

// Owns a z_stream set up for inflating; ends it on every path.
class Inflater {
public:
    Inflater() {
        // 15 window bits + 32: detect gzip or zlib headers by themselves.
        m_ok = inflateInit2(&m_stream, 15 + 32) == Z_OK;
    }
    ~Inflater() {
        if (m_ok) {
            inflateEnd(&m_stream);
        }
    }
    Inflater(const Inflater&) = delete;
    Inflater& operator=(const Inflater&) = delete;

    bool ok() const { return m_ok; }
    z_stream& stream() { return m_stream; }

private:
    z_stream m_stream{};
    bool m_ok = false;
};

Gunzipped failure(std::string error, bool too_large = false) {
    Gunzipped out;
    out.error = std::move(error);
    out.too_large = too_large;
    return out;
}

} // namespace

Gunzipped gunzip(std::string_view compressed, std::size_t max_out) {
    Inflater inflater;
    if (!inflater.ok()) {
        return failure("gzip: cannot initialise zlib");
    }
    z_stream& zs = inflater.stream();
    // zlib's API takes a non-const pointer but never writes through next_in.
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(compressed.data()));
    zs.avail_in = static_cast<uInt>(compressed.size());
    if (compressed.size() != zs.avail_in) {
        return failure("gzip: input too large");
    }
    Gunzipped out;
    std::array<char, 64 * 1024> chunk{};
    for (;;) {
        zs.next_out = reinterpret_cast<Bytef*>(chunk.data());
        zs.avail_out = static_cast<uInt>(chunk.size());
        const int rc = inflate(&zs, Z_NO_FLUSH);
        const std::size_t produced = chunk.size() - zs.avail_out;
        if (out.data.size() + produced > max_out) {
            return failure("decompressed response too large", true);
        }
        out.data.append(chunk.data(), produced);
        if (rc == Z_STREAM_END) {
            // Servers may send several gzip members back to back (RFC 1952 §2.2).
            if (zs.avail_in == 0) {
                break;
            }
            if (inflateReset(&zs) != Z_OK) {
                return failure("gzip: corrupt data");
            }
            continue;
        }
        if (rc == Z_BUF_ERROR && zs.avail_in == 0) {
            return failure("gzip: truncated data");
        }
        if (rc != Z_OK && rc != Z_BUF_ERROR) {
            return failure("gzip: corrupt data");
        }
    }
    out.ok = true;
    return out;
}

} // namespace onevoice::integrations::sources
