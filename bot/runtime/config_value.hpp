#pragma once

#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace onevoice::bot {

// Throws ConfigError(key, problem), both cut to one line: keys and values quoted from the file or
// the command line may hold control characters (a quoted TOML key can contain "\n").
[[noreturn]] void fail_config(std::string_view key, std::string_view problem);

// True when `text` holds a space or a tab.
bool has_space(std::string_view text);

// One accepted spelling of a setting and what it means.
template <typename T>
struct Choice {
    std::string_view name;
    T value;
};

// Weekdays as the config file spells them; 0 = Monday, as LocalDate::weekday().
inline constexpr std::array<Choice<int>, 7> k_weekdays{{{"monday", 0},
                                                        {"tuesday", 1},
                                                        {"wednesday", 2},
                                                        {"thursday", 3},
                                                        {"friday", 4},
                                                        {"saturday", 5},
                                                        {"sunday", 6}}};

// The value named `text`, or a ConfigError listing the choices: `must be "en" or "de", not "fr"`.
template <typename T, std::size_t N>
T pick(const std::array<Choice<T>, N>& choices, std::string_view key, std::string_view text) {
    for (const auto& choice : choices) {
        if (choice.name == text) {
            return choice.value;
        }
    }
    std::string problem = "must be ";
    for (std::size_t i = 0; i < N; ++i) {
        if (i > 0) {
            problem += i + 1 == N ? " or " : ", ";
        }
        problem += '"' + std::string(choices[i].name) + '"';
    }
    fail_config(key, problem + ", not \"" + std::string(text) + '"');
}

struct ConfigEntry;

// One value of the config file with its dotted key ("crisis.playbooks.sev1[2].owner"), read with
// checks: a read that finds the wrong type or an out-of-range value throws ConfigError naming the
// key, in the words the operator sees on stderr. Cheap to copy; valid while the parsed file it
// came from lives, which is during reading only (bot/app/config_file.cpp).
class ConfigValue {
public:
    // `node` is a `const toml::node*`, untyped here so that the domains' headers and key rows
    // never include toml++. `file` is the config file's path, for file_path().
    ConfigValue(const void* node, std::string key, std::string_view file);

    const std::string& key() const { return m_key; }
    [[noreturn]] void fail(std::string_view problem) const { fail_config(m_key, problem); }

    bool is_string() const;
    bool is_table() const;

    const std::string& string() const; // "must be a string"
    bool boolean() const;              // "must be true or false"
    // "must be an integer", "must be between 1 and 720, not 0".
    int integer_in(int min, int max) const;
    // An integer or a float: "must be a number", "must be between 0.5 and 50, not 0.1".
    double number_in(double min, double max) const;
    // A string naming a file; a relative one is taken relative to the config file's folder.
    // An empty string stays empty.
    std::string file_path() const;
    // The string among `choices` (see pick).
    template <typename T, std::size_t N>
    T pick(const std::array<Choice<T>, N>& choices) const {
        return bot::pick(choices, m_key, string());
    }
    // An array of non-empty strings without spaces; `what` names the expected entries
    // ("entries must be server names like \"example.org\"").
    std::vector<std::string> names(std::string_view what) const;
    // An array of user names as `admins` has them ("@alice", "<@U024BE7LH>"), without spaces.
    std::vector<std::string> user_names() const;

    // The items of an array, keyed "key[1]", "key[2]"...; `problem` when this is no array.
    std::vector<ConfigValue> items(std::string_view problem) const;
    // The entries of a table, sorted by name (as toml++ keeps them), keyed "key.name";
    // `problem` when this is no table.
    std::vector<ConfigEntry> entries(std::string_view problem) const;

private:
    const void* m_node;
    std::string m_key;
    std::string_view m_file;
};

struct ConfigEntry {
    std::string name;
    ConfigValue value;
};

// One key of the config file and how its value fills a part of `Settings`. A domain lists its
// keys next to its settings (commands/<domain>/settings.cpp); bot/app/config_file.cpp binds
// each list to the domain's member of Config.
template <class Settings>
struct ConfigKey {
    std::string_view
        path; // dotted from the root: "outbox.max_attempts" is max_attempts in [outbox]
    void (*set)(const ConfigValue& value, Settings& settings);
};

} // namespace onevoice::bot
