#include "storage/sql.hpp"

namespace onevoice::storage {

std::string select_sql(std::string_view columns, std::string_view from, std::string_view tail) {
    std::string sql = "SELECT ";
    sql.append(columns).append(" FROM ").append(from).append(tail);
    return sql;
}

std::string list_param(const std::vector<std::string>& values) {
    if (values.empty()) {
        return {};
    }
    std::string list = ",";
    for (const std::string& value : values) {
        list += value + ",";
    }
    return list;
}

} // namespace onevoice::storage
