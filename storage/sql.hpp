#pragma once

#include "storage/database.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace onevoice::storage {

// Statement text the stores share, so that each names its columns once and
// reads them back in that order.

// "SELECT <columns> FROM <from><tail>", e.g. select_sql(k_columns, "ideas i", " WHERE i.id = ?1").
std::string select_sql(std::string_view columns, std::string_view from, std::string_view tail = {});

// A list bound as one parameter: ",a,b," for a filter written
// `(?1 = '' OR instr(?1, ',' || status || ',') > 0)`; "" (no filter) for none.
std::string list_param(const std::vector<std::string>& values);

// The rows a bound statement returns, each made by `read`; the statement is
// reset for its next use, also when `read` throws.
template <class Read>
auto all_rows(Statement& statement, Read read) -> std::vector<decltype(read(statement))> {
    struct Reset {
        Statement& s;
        ~Reset() { s.reset(); }
    } reset{statement};
    std::vector<decltype(read(statement))> rows;
    while (statement.step()) {
        rows.push_back(read(statement));
    }
    return rows;
}

// The first row, or nullopt when there is none; reset as for all_rows.
template <class Read>
auto first_row(Statement& statement, Read read) -> std::optional<decltype(read(statement))> {
    struct Reset {
        Statement& s;
        ~Reset() { s.reset(); }
    } reset{statement};
    if (!statement.step()) {
        return std::nullopt;
    }
    return read(statement);
}

} // namespace onevoice::storage
