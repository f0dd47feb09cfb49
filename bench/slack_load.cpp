#include "bench/slack_load.hpp"

#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <future>

namespace onevoice::bench {

namespace asio = boost::asio;

namespace {

constexpr auto k_tick = std::chrono::milliseconds(1);

// Commands come from this many channels in turn, as a team's do; each app
// keeps its replies in order per channel, so one channel would measure a
// single queue rather than the app.
constexpr long k_channels = 64;

// https://api.slack.com/interactivity/slash-commands, as a Socket Mode
// envelope (https://api.slack.com/apis/socket-mode#events).
std::string envelope(long seq, std::uint16_t port) {
    const std::string n = std::to_string(seq);
    const std::string channel = std::to_string(1000 + seq % k_channels);
    return R"({"envelope_id":"e)" + n +
           R"(","type":"slash_commands","accepts_response_payload":true,"payload":{)"
           R"("token":"not-a-secret","team_id":"T061EG9R6",)"
           R"("team_domain":"example-corp","channel_id":"C0TEAM)" +
           channel +
           R"(",)"
           R"("channel_name":"social-team","user_id":"U024BE7LH","user_name":"alice",)"
           R"("command":"/idea","text":"add Load test idea zq)" +
           n +
           R"(qz #bench","api_app_id":"A0F7YS25R","is_enterprise_install":"false",)"
           R"("response_url":"http://127.0.0.1:)" +
           std::to_string(port) + R"(/commands/T061EG9R6/)" + n + R"(/x","trigger_id":")" + n +
           R"(.1700000000.bench"}})";
}

// The number after `prefix` in `text`, -1 when there is none.
long number_after(std::string_view text, std::string_view prefix) {
    const auto at = text.find(prefix);
    if (at == std::string_view::npos) {
        return -1;
    }
    long value = -1;
    const char* begin = text.data() + at + prefix.size();
    const auto [end, ec] = std::from_chars(begin, text.data() + text.size(), value);
    return ec == std::errc() && end != begin ? value : -1;
}

double micros(Clock::duration d) {
    return std::chrono::duration<double, std::micro>(d).count();
}

} // namespace

bool PhaseResult::is_held(double max_p99_ms) const {
    return !is_overloaded && sent > 0 && acked == sent && replied == sent &&
           (spec.rate == 0 || send_rate >= 0.95 * spec.rate) && ack.p99_ms < max_p99_ms;
}

struct SlackLoad::State : std::enable_shared_from_this<State> {
    explicit State(asio::io_context& io)
        : fake(io, SlackFakeEvents{[this] { on_hello(); },
                                   [this](std::string_view text) { on_frame(text); },
                                   [this](std::string_view body) {
                                       on_post(body);
                                   }})
        , timer(io) {}

    void on_hello() {
        ++hellos;
        if (!hello_at) {
            hello_at = Clock::now();
        }
    }

    void on_frame(std::string_view text) {
        const auto now = Clock::now();
        const long seq = number_after(text, R"("envelope_id":"e)");
        if (seq < 0 || static_cast<std::size_t>(seq) >= acked_at.size() ||
            acked_at[seq] != Clock::time_point{}) {
            return;
        }
        acked_at[seq] = now;
        ++acks;
        if (is_sending && spec.rate == 0) {
            send_next();
        }
    }

    void on_post(std::string_view body) {
        const auto now = Clock::now();
        const long seq = number_after(body, "zq");
        if (seq >= 0 && static_cast<std::size_t>(seq) < replied_at.size() &&
            replied_at[seq] == Clock::time_point{}) {
            replied_at[seq] = now;
            ++replies;
        }
    }

    void send_next() {
        const long seq = static_cast<long>(sent_at.size());
        sent_at.push_back(Clock::now());
        acked_at.emplace_back();
        replied_at.emplace_back();
        fake.send(envelope(seq, fake.port()));
    }

    long outstanding() const { return static_cast<long>(sent_at.size()) - acks; }

    void start(const PhaseSpec& phase, std::promise<void> finished) {
        spec = phase;
        done = std::move(finished);
        first = static_cast<long>(sent_at.size());
        is_overloaded = false;
        is_sending = true;
        started = Clock::now();
        if (spec.rate == 0) {
            for (int i = 0; i < spec.window; ++i) {
                send_next();
            }
        }
        tick_at = started;
        tick();
    }

    void tick() {
        const auto now = Clock::now();
        if (is_sending) {
            const bool is_over = now - started >= spec.duration;
            if (spec.rate > 0 && !is_over) {
                const auto due = static_cast<long>(
                    std::floor(std::chrono::duration<double>(now - started).count() * spec.rate));
                // Half a second's worth of commands unacked (at least 100, at
                // most 1000): the app cannot keep up, and a longer phase
                // would only leave a backlog that spoils the next one.
                const long backlog_limit =
                    std::max(100L, std::min(1000L, static_cast<long>(spec.rate / 2)));
                while (static_cast<long>(sent_at.size()) - first < due) {
                    if (outstanding() > backlog_limit) {
                        is_overloaded = true;
                        break;
                    }
                    send_next();
                }
            }
            if (is_over || is_overloaded) {
                is_sending = false;
                sent_until = now;
                acks_in_window = acks;
                drain_until = now + spec.drain;
            }
        }
        if (!is_sending && (now >= drain_until || (outstanding() == 0 && all_replied()))) {
            done.set_value();
            return;
        }
        tick_at += k_tick;
        if (tick_at < now) {
            tick_at = now; // a late tick does not make up ticks, only their sends
        }
        timer.expires_at(tick_at);
        timer.async_wait([self = shared_from_this()](boost::system::error_code ec) {
            if (!ec) {
                self->tick();
            }
        });
    }

    bool all_replied() const {
        return std::all_of(replied_at.begin() + first, replied_at.end(),
                           [](Clock::time_point t) { return t != Clock::time_point{}; });
    }

    PhaseResult result() {
        PhaseResult out;
        out.spec = spec;
        out.is_overloaded = is_overloaded;
        Latencies ack;
        Latencies reply;
        const long total = static_cast<long>(sent_at.size());
        for (long seq = first; seq < total; ++seq) {
            ++out.sent;
            if (acked_at[seq] != Clock::time_point{}) {
                ++out.acked;
                ack.add(micros(acked_at[seq] - sent_at[seq]));
            }
            if (replied_at[seq] != Clock::time_point{}) {
                ++out.replied;
                reply.add(micros(replied_at[seq] - sent_at[seq]));
            }
        }
        const double seconds = std::chrono::duration<double>(sent_until - started).count();
        out.send_rate = seconds > 0 ? static_cast<double>(out.sent) / seconds : 0;
        const long acked_in_window = std::max(0L, acks_in_window - acks_before);
        out.ack_rate = seconds > 0 ? static_cast<double>(acked_in_window) / seconds : 0;
        out.ack = summarize(ack);
        out.reply = summarize(reply);
        return out;
    }

    SlackFake fake;
    asio::steady_timer timer;
    std::optional<Clock::time_point> hello_at;
    int hellos = 0; // more than one: the app reconnected during the run
    std::vector<Clock::time_point> sent_at;
    std::vector<Clock::time_point> acked_at;
    std::vector<Clock::time_point> replied_at;
    long acks = 0;
    long replies = 0;

    PhaseSpec spec;
    std::promise<void> done;
    long first = 0;
    long acks_before = 0;
    long acks_in_window = 0;
    bool is_sending = false;
    bool is_overloaded = false;
    Clock::time_point started;
    Clock::time_point sent_until;
    Clock::time_point tick_at;
    Clock::time_point drain_until;
};

SlackLoad::SlackLoad()
    : m_state(std::make_shared<State>(m_io))
    , m_api_url(m_state->fake.api_url())
    , m_thread([this] { m_io.run(); }) {}

SlackLoad::~SlackLoad() {
    m_io.stop();
    m_thread.join();
}

template <typename F>
auto on_io(asio::io_context& io, F f) {
    std::packaged_task<decltype(f())()> task(std::move(f));
    auto result = task.get_future();
    asio::post(io, std::move(task));
    return result.get();
}

std::optional<Clock::time_point> SlackLoad::wait_hello(std::chrono::milliseconds timeout) {
    const auto end = Clock::now() + timeout;
    while (Clock::now() < end) {
        if (auto at = on_io(m_io, [s = m_state] { return s->hello_at; })) {
            return at;
        }
        std::this_thread::sleep_for(std::chrono::microseconds(200));
    }
    return std::nullopt;
}

SlackLoad::Probe SlackLoad::probe(std::chrono::milliseconds timeout) {
    const long seq = on_io(m_io, [s = m_state] {
        s->send_next();
        return static_cast<long>(s->sent_at.size()) - 1;
    });
    const auto end = Clock::now() + timeout;
    Probe out;
    while (Clock::now() < end && !(out.acked && out.replied)) {
        std::this_thread::sleep_for(std::chrono::microseconds(200));
        out = on_io(m_io, [s = m_state, seq] {
            Probe p;
            if (s->acked_at[seq] != Clock::time_point{}) {
                p.acked = s->acked_at[seq];
            }
            if (s->replied_at[seq] != Clock::time_point{}) {
                p.replied = s->replied_at[seq];
            }
            return p;
        });
    }
    return out;
}

PhaseResult SlackLoad::run(const PhaseSpec& spec) {
    // Each phase starts on an idle app: what an earlier, overloaded phase left
    // unanswered must not be counted against this one.
    const auto settle_until = Clock::now() + spec.drain;
    while (Clock::now() < settle_until &&
           !on_io(m_io, [s = m_state] { return s->outstanding() == 0 && s->replies == s->acks; })) {
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    std::promise<void> finished;
    auto done = finished.get_future();
    asio::post(m_io, [s = m_state, spec, finished = std::move(finished)]() mutable {
        s->acks_before = s->acks;
        s->start(spec, std::move(finished));
    });
    done.wait();
    return on_io(m_io, [s = m_state] { return s->result(); });
}

std::string SlackLoad::calls_summary() {
    return on_io(m_io, [s = m_state] {
        std::string out = "hello=" + std::to_string(s->hellos);
        for (const auto& [method, count] : s->fake.calls()) {
            out += (out.empty() ? "" : ", ") + method + "=" + std::to_string(count);
        }
        return out;
    });
}

} // namespace onevoice::bench
