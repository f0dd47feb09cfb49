#pragma once

// Measuring the scorer on labelled texts (the corpus and the evaluation set
// in tests/fixtures/sentiment/): their labels, a confusion matrix and the
// figures derived from it, all in percent.

#include "commands/listening/sentiment/sentiment.hpp"

#include <doctest/doctest.h>

#include <array>
#include <sstream>
#include <string>

namespace onevoice::tests {

// "pos", "neu", "neg" as the labelled files write them; anything else fails the test.
inline commands::Polarity parse_label(const std::string& label) {
    if (label == "pos") {
        return commands::Polarity::positive;
    }
    if (label == "neg") {
        return commands::Polarity::negative;
    }
    REQUIRE_MESSAGE(label == "neu", "unknown label " << label);
    return commands::Polarity::neutral;
}

// The classes in the order of commands::Polarity: negative, neutral, positive.
inline constexpr std::array<commands::Polarity, 3> k_polarities = {
    commands::Polarity::negative, commands::Polarity::neutral, commands::Polarity::positive};

// Counts by true label (row) and predicted label (column): negative, neutral, positive.
struct Confusion {
    std::array<std::array<int, 3>, 3> cells{};

    static std::size_t index(commands::Polarity polarity) {
        return static_cast<std::size_t>(polarity);
    }
    void add(commands::Polarity label, commands::Polarity predicted) {
        ++cells[index(label)][index(predicted)];
    }
    int total() const {
        int sum = 0;
        for (const auto& row : cells) {
            for (const int cell : row) {
                sum += cell;
            }
        }
        return sum;
    }
    int labelled(commands::Polarity label) const {
        const auto& row = cells[index(label)];
        return row[0] + row[1] + row[2];
    }
    int predicted(commands::Polarity label) const {
        const std::size_t column = index(label);
        return cells[0][column] + cells[1][column] + cells[2][column];
    }
    int correct() const { return cells[0][0] + cells[1][1] + cells[2][2]; }
    double accuracy() const { return total() == 0 ? 0 : 100.0 * correct() / total(); }
    // Of the texts labelled `label`, the share predicted as such.
    double recall(commands::Polarity label) const {
        const int sum = labelled(label);
        return sum == 0 ? 0 : 100.0 * cells[index(label)][index(label)] / sum;
    }
    // Of the texts predicted as `label`, the share labelled so.
    double precision(commands::Polarity label) const {
        const int sum = predicted(label);
        return sum == 0 ? 0 : 100.0 * cells[index(label)][index(label)] / sum;
    }
    double f1(commands::Polarity label) const {
        const double p = precision(label);
        const double r = recall(label);
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }
    // The unweighted mean of the three classes' F1: a scorer that calls
    // everything neutral scores low even where most texts are neutral.
    double macro_f1() const {
        double sum = 0;
        for (const auto polarity : k_polarities) {
            sum += f1(polarity);
        }
        return sum / 3;
    }
    std::string table() const {
        std::ostringstream out;
        out << "            predicted neg  neu  pos\n";
        const std::array<const char*, 3> names = {"true neg", "true neu", "true pos"};
        for (std::size_t row = 0; row < 3; ++row) {
            out << "  " << names[row] << "          ";
            for (const int cell : cells[row]) {
                out.width(5);
                out << cell;
            }
            out << '\n';
        }
        return out.str();
    }
};

inline std::string percent(double value) {
    std::ostringstream out;
    out.precision(1);
    out << std::fixed << value << " %";
    return out.str();
}

// Accuracy, macro-F1 and per class precision, recall and F1, one class a line.
inline std::string report(const Confusion& confusion) {
    std::ostringstream out;
    out << "  accuracy " << percent(confusion.accuracy()) << ", macro-F1 "
        << percent(confusion.macro_f1()) << " (" << confusion.total() << " texts)\n";
    const std::array<const char*, 3> names = {"neg", "neu", "pos"};
    for (const auto polarity : k_polarities) {
        out << "  " << names[Confusion::index(polarity)] << ": precision "
            << percent(confusion.precision(polarity)) << ", recall "
            << percent(confusion.recall(polarity)) << ", F1 " << percent(confusion.f1(polarity))
            << " (" << confusion.labelled(polarity) << " labelled)\n";
    }
    return out.str() + confusion.table();
}

} // namespace onevoice::tests
