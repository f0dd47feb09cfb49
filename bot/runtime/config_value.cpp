#include "bot/runtime/config_value.hpp"

#include "bot/model/errors.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <filesystem>
#include <sstream>

namespace onevoice::bot {
namespace {

std::string one_line(std::string_view text) {
    std::string line(text);
    for (char& c : line) {
        if (static_cast<unsigned char>(c) < 0x20 || c == '\x7f') {
            c = ' ';
        }
    }
    return line;
}

const toml::node& node_of(const void* node) {
    return *static_cast<const toml::node*>(node);
}

} // namespace

void fail_config(std::string_view key, std::string_view problem) {
    throw ConfigError(one_line(key), one_line(problem));
}

bool has_space(std::string_view text) {
    return std::ranges::any_of(text, [](char c) { return c == ' ' || c == '\t'; });
}

ConfigValue::ConfigValue(const void* node, std::string key, std::string_view file)
    : m_node(node)
    , m_key(std::move(key))
    , m_file(file) {}

bool ConfigValue::is_string() const {
    return node_of(m_node).is_string();
}

bool ConfigValue::is_table() const {
    return node_of(m_node).is_table();
}

const std::string& ConfigValue::string() const {
    const auto* text = node_of(m_node).as_string();
    if (text == nullptr) {
        fail("must be a string");
    }
    return text->get();
}

bool ConfigValue::boolean() const {
    const auto* flag = node_of(m_node).as_boolean();
    if (flag == nullptr) {
        fail("must be true or false");
    }
    return flag->get();
}

int ConfigValue::integer_in(int min, int max) const {
    const auto* number = node_of(m_node).as_integer();
    if (number == nullptr) {
        fail("must be an integer");
    }
    if (number->get() < min || number->get() > max) {
        fail("must be between " + std::to_string(min) + " and " + std::to_string(max) + ", not " +
             std::to_string(number->get()));
    }
    return static_cast<int>(number->get());
}

double ConfigValue::number_in(double min, double max) const {
    double value = 0;
    if (const auto* number = node_of(m_node).as_floating_point()) {
        value = number->get();
    } else if (const auto* whole = node_of(m_node).as_integer()) {
        value = static_cast<double>(whole->get());
    } else {
        fail("must be a number");
    }
    if (!(value >= min && value <= max)) {
        std::ostringstream range;
        range << "must be between " << min << " and " << max << ", not " << value;
        fail(range.str());
    }
    return value;
}

std::string ConfigValue::file_path() const {
    const std::filesystem::path file(string());
    if (file.empty() || !file.is_relative()) {
        return file.string();
    }
    return (std::filesystem::path(m_file).parent_path() / file).string();
}

std::vector<std::string> ConfigValue::names(std::string_view what) const {
    std::vector<std::string> names;
    for (const ConfigValue& item : items("must be an array of strings")) {
        const auto* text = node_of(item.m_node).as_string();
        if (text == nullptr || text->get().empty() || has_space(text->get())) {
            fail("entries must be " + std::string(what));
        }
        names.push_back(text->get());
    }
    return names;
}

std::vector<std::string> ConfigValue::user_names() const {
    std::vector<std::string> names;
    for (const ConfigValue& item : items("must be an array of strings")) {
        const auto* text = node_of(item.m_node).as_string();
        if (text == nullptr) {
            fail("must be an array of strings");
        }
        if (text->get().empty() || has_space(text->get())) {
            fail("entries must be user names without spaces, like \"@alice\"");
        }
        names.push_back(text->get());
    }
    return names;
}

std::vector<ConfigValue> ConfigValue::items(std::string_view problem) const {
    const auto* array = node_of(m_node).as_array();
    if (array == nullptr) {
        fail(problem);
    }
    std::vector<ConfigValue> items;
    for (std::size_t i = 0; i < array->size(); ++i) {
        items.emplace_back(array->get(i), m_key + "[" + std::to_string(i + 1) + "]", m_file);
    }
    return items;
}

std::vector<ConfigEntry> ConfigValue::entries(std::string_view problem) const {
    const auto* table = node_of(m_node).as_table();
    if (table == nullptr) {
        fail(problem);
    }
    std::vector<ConfigEntry> entries;
    for (auto&& [name, node] : *table) {
        const std::string text(name.str());
        entries.push_back(ConfigEntry{text, ConfigValue(&node, m_key + "." + text, m_file)});
    }
    return entries;
}

} // namespace onevoice::bot
