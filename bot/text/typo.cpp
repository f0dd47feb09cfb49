#include "bot/text/typo.hpp"

#include <algorithm>
#include <vector>

namespace onevoice::bot {

namespace {

// Edit distance with swaps of neighbours (optimal string alignment).
std::size_t distance(std::string_view word, std::string_view name) {
    // Row by row.
    std::vector<std::size_t> before(name.size() + 1);
    std::vector<std::size_t> last(name.size() + 1);
    std::vector<std::size_t> row(name.size() + 1);
    for (std::size_t j = 0; j <= name.size(); ++j) {
        last[j] = j;
    }
    for (std::size_t i = 1; i <= word.size(); ++i) {
        row[0] = i;
        for (std::size_t j = 1; j <= name.size(); ++j) {
            const std::size_t change = word[i - 1] == name[j - 1] ? 0 : 1;
            row[j] = std::min({last[j] + 1, row[j - 1] + 1, last[j - 1] + change});
            if (i > 1 && j > 1 && word[i - 1] == name[j - 2] && word[i - 2] == name[j - 1]) {
                row[j] = std::min(row[j], before[j - 2] + 1);
            }
        }
        before.swap(last);
        last.swap(row);
    }
    return last[name.size()];
}

} // namespace

bool is_typo_of(std::string_view word, std::string_view name) {
    const std::size_t allowed = name.size() >= 6 ? 2 : 1;
    const std::size_t longer = std::max(word.size(), name.size());
    if (word == name || longer - std::min(word.size(), name.size()) > allowed) {
        return false;
    }
    return distance(word, name) <= allowed;
}

std::string_view closest_typo(std::string_view word, std::span<const std::string_view> names) {
    std::string_view best;
    std::size_t best_distance = 0;
    if (std::find(names.begin(), names.end(), word) != names.end()) {
        return best;
    }
    for (const std::string_view name : names) {
        if (!is_typo_of(word, name)) {
            continue;
        }
        const std::size_t d = distance(word, name);
        if (best.empty() || d < best_distance) {
            best = name;
            best_distance = d;
        }
    }
    return best;
}

} // namespace onevoice::bot
