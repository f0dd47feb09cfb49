#pragma once

#include <string>
#include <string_view>

namespace onevoice::bot {

// Unicode normalisation and case folding, from utf8proc. Why utf8proc and not
// ICU: utf8proc is a small C library (one source file and its tables, kept by
// the Julia project) that does exactly these two things and is packaged by
// Debian (libutf8proc-dev); ICU brings some 30 MB of data for locales,
// collation and break iteration that we do not need, and its C++ API
// (UnicodeString, Normalizer2, UErrorCode) is heavier than the feature.

// `text` in Normalization Form C: a letter typed with a combining mark
// ("o" + U+0308, as macOS keyboards may send it) becomes the one precomposed
// character ("ö"). Text that is not valid UTF-8 is returned unchanged.
std::string normalize_nfc(std::string_view text);

// The key under which a topic or tag is stored and compared: NFC and Unicode
// full case folding (CaseFolding.txt), so "LÖSUNGEN", "Lösungen" and
// "lo\u0308sungen" all become "lösungen" and "STRASSE" and "Straße" both
// "strasse". Text that is not valid UTF-8 only has its ASCII letters
// lowered (what keys were before folding).
std::string fold(std::string_view text);

} // namespace onevoice::bot
