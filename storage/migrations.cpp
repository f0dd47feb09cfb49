#include "storage/migrations.hpp"

#include <sqlite3.h>

#include <array>
#include <exception>
#include <string>
#include <string_view>

namespace onevoice::storage {
namespace {

// Append only: a released migration is never edited, a change is a new one.
// Times are milliseconds since the Unix epoch (UTC); dates are 'YYYY-MM-DD'
// in the team's time zone.
constexpr std::array k_migrations = {
    // 1: the reliability core and the team.
    R"sql(
CREATE TABLE inbound_events (
    event_id    TEXT PRIMARY KEY,
    received_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX inbound_events_received ON inbound_events(received_at);

CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY,
    conversation    TEXT NOT NULL,
    payload         TEXT NOT NULL,
    created_at      INTEGER NOT NULL,
    next_attempt_at INTEGER NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    status          TEXT NOT NULL DEFAULT 'pending'
                    CHECK (status IN ('pending', 'delivered', 'failed')),
    last_error      TEXT,
    finished_at     INTEGER
);
CREATE INDEX outbox_pending ON outbox(status, conversation, id);

CREATE TABLE jobs (
    id         INTEGER PRIMARY KEY,
    kind       TEXT NOT NULL,
    unique_key TEXT UNIQUE,
    payload    TEXT NOT NULL DEFAULT '',
    due_at     INTEGER NOT NULL,
    attempts   INTEGER NOT NULL DEFAULT 0,
    last_error TEXT
);
CREATE INDEX jobs_due ON jobs(due_at);

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE users (
    user_key     TEXT PRIMARY KEY,
    platform     TEXT NOT NULL,
    platform_id  TEXT NOT NULL,
    display_name TEXT NOT NULL,
    first_seen   INTEGER NOT NULL,
    last_seen    INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX users_name ON users(platform, display_name COLLATE NOCASE);

CREATE TABLE member_roles (
    user_key TEXT NOT NULL REFERENCES users(user_key),
    role     TEXT NOT NULL CHECK (role IN ('manager', 'deputy', 'community', 'expert', 'helper')),
    added_at INTEGER NOT NULL,
    added_by TEXT,
    PRIMARY KEY (user_key, role)
) WITHOUT ROWID;

CREATE TABLE absences (
    id         INTEGER PRIMARY KEY,
    user_key   TEXT NOT NULL REFERENCES users(user_key),
    starts_on  TEXT NOT NULL,
    ends_on    TEXT NOT NULL CHECK (ends_on >= starts_on),
    cover_key  TEXT REFERENCES users(user_key),
    reason     TEXT NOT NULL DEFAULT '',
    created_by TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    ended_at   INTEGER
);
CREATE INDEX absences_user ON absences(user_key, ends_on);

CREATE TABLE experts (
    user_key TEXT NOT NULL REFERENCES users(user_key),
    topic    TEXT NOT NULL,
    added_at INTEGER NOT NULL,
    PRIMARY KEY (topic, user_key)
) WITHOUT ROWID;
)sql",
    // 2: messages that later replies edit, and the time zones users have.
    R"sql(
CREATE TABLE message_anchors (
    anchor       TEXT PRIMARY KEY,
    conversation TEXT NOT NULL,
    outbox_id    INTEGER NOT NULL,
    posted_in    TEXT,
    message      TEXT,
    updated_at   INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX message_anchors_outbox ON message_anchors(outbox_id);

ALTER TABLE users ADD COLUMN time_zone TEXT NOT NULL DEFAULT '';
)sql",
    // 3: content ideas, their votes and history, and the editorial plan.
    R"sql(
CREATE TABLE ideas (
    id             INTEGER PRIMARY KEY,
    text           TEXT NOT NULL,
    author_key     TEXT NOT NULL,
    platform       TEXT NOT NULL,
    conversation   TEXT NOT NULL,
    thread         TEXT NOT NULL DEFAULT '',
    message        TEXT NOT NULL DEFAULT '',
    status         TEXT NOT NULL DEFAULT 'new' CHECK (status IN
                   ('new', 'approved', 'drafting', 'scheduled', 'published', 'rejected')),
    assignee_key   TEXT,
    scheduled_on   TEXT,
    scheduled_time TEXT,
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL
);
CREATE INDEX ideas_status ON ideas(status);
CREATE INDEX ideas_scheduled ON ideas(scheduled_on);

CREATE TABLE idea_tags (
    idea_id INTEGER NOT NULL REFERENCES ideas(id) ON DELETE CASCADE,
    tag     TEXT NOT NULL,
    PRIMARY KEY (idea_id, tag)
) WITHOUT ROWID;
CREATE INDEX idea_tags_tag ON idea_tags(tag);

CREATE TABLE idea_links (
    idea_id  INTEGER NOT NULL REFERENCES ideas(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    url      TEXT NOT NULL,
    PRIMARY KEY (idea_id, position)
) WITHOUT ROWID;

CREATE TABLE idea_votes (
    idea_id  INTEGER NOT NULL REFERENCES ideas(id) ON DELETE CASCADE,
    user_key TEXT NOT NULL,
    voted_at INTEGER NOT NULL,
    PRIMARY KEY (idea_id, user_key)
) WITHOUT ROWID;

CREATE TABLE idea_channels (
    idea_id INTEGER NOT NULL REFERENCES ideas(id) ON DELETE CASCADE,
    channel TEXT NOT NULL,
    PRIMARY KEY (idea_id, channel)
) WITHOUT ROWID;

CREATE TABLE idea_history (
    id       INTEGER PRIMARY KEY,
    idea_id  INTEGER NOT NULL REFERENCES ideas(id) ON DELETE CASCADE,
    at       INTEGER NOT NULL,
    user_key TEXT NOT NULL,
    action   TEXT NOT NULL,
    detail   TEXT NOT NULL DEFAULT ''
);
CREATE INDEX idea_history_idea ON idea_history(idea_id, id);
)sql",
    // 4: support handovers to experts, their history and who declined them.
    // crisis_id stays NULL until the crisis module (issue #7) tags handovers.
    R"sql(
CREATE TABLE handovers (
    id                INTEGER PRIMARY KEY,
    topic             TEXT NOT NULL DEFAULT '',
    question          TEXT NOT NULL,
    requester_key     TEXT NOT NULL,
    assignee_key      TEXT NOT NULL,
    instead_of_key    TEXT,
    status            TEXT NOT NULL DEFAULT 'open'
                      CHECK (status IN ('open', 'accepted', 'answered', 'done', 'closed')),
    platform          TEXT NOT NULL DEFAULT '',
    conversation      TEXT NOT NULL DEFAULT '',
    thread            TEXT NOT NULL DEFAULT '',
    message           TEXT NOT NULL DEFAULT '',
    is_direct         INTEGER NOT NULL DEFAULT 0,
    created_at        INTEGER NOT NULL,
    assigned_at       INTEGER NOT NULL,
    due_at            INTEGER NOT NULL,
    first_response_at INTEGER,
    answered_at       INTEGER,
    finished_at       INTEGER,
    overdue_at        INTEGER,
    answer            TEXT NOT NULL DEFAULT '',
    reply_link        TEXT NOT NULL DEFAULT '',
    crisis_id         INTEGER
);
CREATE INDEX handovers_status ON handovers(status, due_at);
CREATE INDEX handovers_assignee ON handovers(assignee_key, status);
CREATE INDEX handovers_created ON handovers(created_at);

CREATE TABLE handover_events (
    id          INTEGER PRIMARY KEY,
    handover_id INTEGER NOT NULL REFERENCES handovers(id) ON DELETE CASCADE,
    at          INTEGER NOT NULL,
    user_key    TEXT NOT NULL,
    action      TEXT NOT NULL,
    detail      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX handover_events_handover ON handover_events(handover_id, id);

CREATE TABLE handover_decliners (
    handover_id INTEGER NOT NULL REFERENCES handovers(id) ON DELETE CASCADE,
    user_key    TEXT NOT NULL,
    PRIMARY KEY (handover_id, user_key)
) WITHOUT ROWID;
)sql",
    // 5: crisis notices (issue #7). A crisis keeps the place of its notice
    // (platform, conversation); its steps, timeline and numbered statements hang
    // off it. The approved statement is the one approved last (highest `approval`,
    // a per-crisis counter, so two approvals in one millisecond keep their order).
    R"sql(
CREATE TABLE crises (
    id             INTEGER PRIMARY KEY,
    title          TEXT NOT NULL,
    severity       INTEGER NOT NULL CHECK (severity BETWEEN 1 AND 3),
    status         TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'resolved')),
    is_drill       INTEGER NOT NULL DEFAULT 0,
    lead_key       TEXT NOT NULL,
    declared_by    TEXT NOT NULL,
    declared_at    INTEGER NOT NULL,
    last_update_at INTEGER NOT NULL,
    resolved_at    INTEGER,
    summary        TEXT NOT NULL DEFAULT '',
    platform       TEXT NOT NULL,
    conversation   TEXT NOT NULL,
    thread         TEXT NOT NULL DEFAULT '',
    is_direct      INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX crises_status ON crises(status, id);

CREATE TABLE crisis_steps (
    crisis_id  INTEGER NOT NULL REFERENCES crises(id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    text       TEXT NOT NULL,
    owner_role TEXT NOT NULL DEFAULT '',
    ticked_by  TEXT,
    ticked_at  INTEGER,
    PRIMARY KEY (crisis_id, position)
) WITHOUT ROWID;

CREATE TABLE crisis_timeline (
    id        INTEGER PRIMARY KEY,
    crisis_id INTEGER NOT NULL REFERENCES crises(id) ON DELETE CASCADE,
    at        INTEGER NOT NULL,
    user_key  TEXT NOT NULL,
    kind      TEXT NOT NULL,
    text      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX crisis_timeline_crisis ON crisis_timeline(crisis_id, id);

CREATE TABLE crisis_statements (
    crisis_id   INTEGER NOT NULL REFERENCES crises(id) ON DELETE CASCADE,
    number      INTEGER NOT NULL,
    text        TEXT NOT NULL,
    proposed_by TEXT NOT NULL,
    proposed_at INTEGER NOT NULL,
    approved_by TEXT,
    approved_at INTEGER,
    approval    INTEGER,
    PRIMARY KEY (crisis_id, number)
) WITHOUT ROWID;
)sql",
    // 6: crisis playbooks, templates, drills, confirmation, paused ideas.
    // `pending` is what waits for a second person under the two-person rule:
    // 'declare' (nothing alerted yet) or 'resolve' (the all-clear, its summary in
    // pending_text). An idea paused by a crisis stays 'scheduled'; its row here
    // marks it until it is resumed.
    R"sql(
ALTER TABLE crises ADD COLUMN pending TEXT NOT NULL DEFAULT ''
    CHECK (pending IN ('', 'declare', 'resolve'));
ALTER TABLE crises ADD COLUMN pending_by TEXT NOT NULL DEFAULT '';
ALTER TABLE crises ADD COLUMN pending_text TEXT NOT NULL DEFAULT '';

CREATE TABLE crisis_templates (
    name       TEXT PRIMARY KEY,
    text       TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE crisis_paused_ideas (
    crisis_id  INTEGER NOT NULL REFERENCES crises(id) ON DELETE CASCADE,
    idea_id    INTEGER NOT NULL REFERENCES ideas(id) ON DELETE CASCADE,
    paused_by  TEXT NOT NULL,
    paused_at  INTEGER NOT NULL,
    resumed_by TEXT,
    resumed_at INTEGER,
    PRIMARY KEY (crisis_id, idea_id)
) WITHOUT ROWID;
CREATE INDEX crisis_paused_ideas_idea ON crisis_paused_ideas(idea_id, resumed_at);
)sql",
    // 7: listening (issue #8). A mention is stored once (same source and id,
    // same canonical URL, or same normalised text: `text_key`); each query it
    // matched gets a row in mention_matches, keyed by the time that counts
    // (`at`: published when known and not after first seen, else first seen),
    // so counts per query, day and hour are index range scans. A spike alert
    // stays open (`ended_at` NULL) while the spike lasts: one alert per spike.
    R"sql(
CREATE TABLE listen_queries (
    id            INTEGER PRIMARY KEY,
    name          TEXT NOT NULL UNIQUE COLLATE NOCASE,
    query         TEXT NOT NULL,
    is_competitor INTEGER NOT NULL DEFAULT 0,
    sensitivity   TEXT NOT NULL DEFAULT 'normal' CHECK (sensitivity IN ('low', 'normal', 'high')),
    muted_until   INTEGER,
    created_by    TEXT NOT NULL,
    created_at    INTEGER NOT NULL
);

CREATE TABLE listen_sources (
    id                   INTEGER PRIMARY KEY,
    kind                 TEXT NOT NULL CHECK (kind IN ('rss', 'mastodon', 'reddit', 'hackernews')),
    target               TEXT NOT NULL,
    term                 TEXT NOT NULL DEFAULT '',
    interval_seconds     INTEGER NOT NULL,
    etag                 TEXT NOT NULL DEFAULT '',
    last_modified        TEXT NOT NULL DEFAULT '',
    next_poll_at         INTEGER NOT NULL,
    last_poll_at         INTEGER,
    last_success_at      INTEGER,
    failing_since        INTEGER,
    consecutive_failures INTEGER NOT NULL DEFAULT 0,
    last_error           TEXT NOT NULL DEFAULT '',
    item_count           INTEGER NOT NULL DEFAULT 0,
    created_by           TEXT NOT NULL,
    created_at           INTEGER NOT NULL,
    UNIQUE (kind, target, term)
);

CREATE TABLE mentions (
    id           INTEGER PRIMARY KEY,
    source_id    INTEGER REFERENCES listen_sources(id) ON DELETE SET NULL,
    external_id  TEXT NOT NULL,
    url          TEXT NOT NULL,
    domain       TEXT NOT NULL DEFAULT '',
    author       TEXT NOT NULL DEFAULT '',
    title        TEXT NOT NULL DEFAULT '',
    text         TEXT NOT NULL DEFAULT '',
    language     TEXT NOT NULL DEFAULT '',
    published_at INTEGER,
    seen_at      INTEGER NOT NULL,
    engagement   INTEGER,
    sentiment    REAL NOT NULL DEFAULT 0,
    polarity     INTEGER NOT NULL DEFAULT 0 CHECK (polarity IN (-1, 0, 1)),
    text_key     TEXT NOT NULL,
    simhash      INTEGER NOT NULL DEFAULT 0,
    UNIQUE (source_id, external_id)
);
CREATE INDEX mentions_url ON mentions(url);
CREATE INDEX mentions_text_key ON mentions(text_key);
CREATE INDEX mentions_domain ON mentions(domain, seen_at);

CREATE TABLE mention_matches (
    query_id   INTEGER NOT NULL REFERENCES listen_queries(id) ON DELETE CASCADE,
    at         INTEGER NOT NULL,
    mention_id INTEGER NOT NULL REFERENCES mentions(id) ON DELETE CASCADE,
    polarity   INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (query_id, at, mention_id)
) WITHOUT ROWID;
CREATE INDEX mention_matches_mention ON mention_matches(mention_id);

-- `listen poll` and `listen source add`: who waits for which sources' next
-- poll, so the poller can answer "<source>: N new mentions" once all are done
-- (and after a restart). A row's new_count stays NULL until its poll ends.
CREATE TABLE listen_poll_requests (
    id            INTEGER PRIMARY KEY,
    user_platform TEXT NOT NULL,
    user_id       TEXT NOT NULL,
    user_name     TEXT NOT NULL,
    conversation  TEXT NOT NULL,
    thread        TEXT NOT NULL DEFAULT '',
    is_direct     INTEGER NOT NULL DEFAULT 0,
    created_at    INTEGER NOT NULL
);
CREATE TABLE listen_poll_waits (
    request_id INTEGER NOT NULL REFERENCES listen_poll_requests(id) ON DELETE CASCADE,
    source_id  INTEGER NOT NULL REFERENCES listen_sources(id) ON DELETE CASCADE,
    new_count  INTEGER,
    error      TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (request_id, source_id)
) WITHOUT ROWID;
CREATE INDEX listen_poll_waits_source ON listen_poll_waits(source_id);

CREATE TABLE spike_alerts (
    id             INTEGER PRIMARY KEY,
    query_id       INTEGER NOT NULL REFERENCES listen_queries(id) ON DELETE CASCADE,
    kind           TEXT NOT NULL CHECK (kind IN ('volume', 'negative')),
    hour_start     INTEGER NOT NULL,
    count          INTEGER NOT NULL,
    baseline       REAL NOT NULL,
    threshold      REAL NOT NULL,
    negative_share REAL,
    created_at     INTEGER NOT NULL,
    ended_at       INTEGER
);
CREATE INDEX spike_alerts_open ON spike_alerts(query_id, kind, ended_at);
)sql",
    // 8: the trust model (issue #17). A user the platform reported as not of
    // the organisation (another Slack workspace, a guest, an untrusted Matrix
    // server) is flagged, so a typed `@name` never resolves to them.
    R"sql(
ALTER TABLE users ADD COLUMN is_outsider INTEGER NOT NULL DEFAULT 0;
)sql",
    // 9: topics and tags are keyed by Unicode case folding and NFC (issue #18)
    // instead of ASCII lower case, so stored keys are folded once with the
    // key_fold function migrate() registers. Two keys that fold to one merge
    // (OR REPLACE keeps one row of each pair).
    R"sql(
UPDATE OR REPLACE experts SET topic = key_fold(topic) WHERE topic <> key_fold(topic);
UPDATE OR REPLACE idea_tags SET tag = key_fold(tag) WHERE tag <> key_fold(tag);
UPDATE handovers SET topic = key_fold(topic) WHERE topic <> key_fold(topic);
)sql",
};

// Makes `fold` callable as key_fold(text) in SQL on `db` while it lives; an
// empty `fold` leaves the text as it is.
class KeyFoldFunction {
public:
    KeyFoldFunction(Database& db, const KeyFold& fold)
        : m_db(db) {
        const int rc = sqlite3_create_function_v2(
            m_db.handle(), "key_fold", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC,
            const_cast<KeyFold*>(&fold), &call, nullptr, nullptr, nullptr);
        if (rc != SQLITE_OK) {
            throw DbError(rc, "cannot register key_fold: " + std::string(sqlite3_errstr(rc)));
        }
    }
    ~KeyFoldFunction() {
        sqlite3_create_function_v2(m_db.handle(), "key_fold", 1, SQLITE_UTF8, nullptr, nullptr,
                                   nullptr, nullptr, nullptr);
    }
    KeyFoldFunction(const KeyFoldFunction&) = delete;
    KeyFoldFunction& operator=(const KeyFoldFunction&) = delete;

private:
    static void call(sqlite3_context* context, int, sqlite3_value** args) {
        const auto* text = sqlite3_value_text(args[0]);
        if (text == nullptr) {
            sqlite3_result_null(context);
            return;
        }
        const std::string_view value(reinterpret_cast<const char*>(text),
                                     static_cast<std::size_t>(sqlite3_value_bytes(args[0])));
        const auto& fold = *static_cast<const KeyFold*>(sqlite3_user_data(context));
        try {
            const std::string folded = fold ? fold(value) : std::string(value);
            sqlite3_result_text(context, folded.data(), static_cast<int>(folded.size()),
                                SQLITE_TRANSIENT);
        } catch (const std::exception& e) {
            sqlite3_result_error(context, e.what(), -1);
        }
    }

    Database& m_db;
};

} // namespace

int latest_schema_version() {
    return static_cast<int>(k_migrations.size());
}

int schema_version(Database& db) {
    Statement query(db, "PRAGMA user_version");
    query.step();
    return static_cast<int>(query.get_int(0));
}

void migrate(Database& db, const KeyFold& key_fold) {
    const KeyFoldFunction function(db, key_fold);
    Transaction tx(db);
    const int current = schema_version(db);
    if (current > latest_schema_version()) {
        throw DbError(SQLITE_MISMATCH,
                      db.path() + " has schema version " + std::to_string(current) +
                          ", newer than this OneVoice knows (" +
                          std::to_string(latest_schema_version()) + "); upgrade OneVoice");
    }
    for (int version = current + 1; version <= latest_schema_version(); ++version) {
        db.exec(k_migrations[static_cast<std::size_t>(version - 1)]);
    }
    if (current != latest_schema_version()) {
        // PRAGMA takes no bound parameters; the value is our own integer.
        db.exec("PRAGMA user_version = " + std::to_string(latest_schema_version()));
    }
    tx.commit();
}

} // namespace onevoice::storage
