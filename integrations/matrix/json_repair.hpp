#pragma once

#include <string>
#include <string_view>

namespace onevoice::integrations::matrix {

// A JSON text whose undecodable string contents were replaced.
struct RepairedJson {
    std::string text;
    int repairs = 0; // how many sequences were replaced; 0: `text` is the input
};

// Replaces, inside JSON strings only, every sequence that a strict parser
// (nlohmann::json) rejects although the document around it is sound: an
// unpaired UTF-16 surrogate escape ("\ud800" without a low surrogate after
// it, or a lone "\udc00"), an unknown or cut escape ("\x", "\u12"), a byte
// that is not part of well-formed UTF-8, and a raw control character. Each
// becomes `replacement` (which must be valid JSON string content). Outside
// strings nothing changes, so the structure, and thus every other event of
// the document, stays as the server sent it.
RepairedJson repair_json_strings(std::string_view text, std::string_view replacement);

} // namespace onevoice::integrations::matrix
