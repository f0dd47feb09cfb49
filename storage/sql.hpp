#pragma once

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

} // namespace onevoice::storage
