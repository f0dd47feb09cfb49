// The peer OneVoice is measured against (issue #10): what a team would write
// with Slack's own framework instead. `/idea add <text>` is stored durably in
// SQLite before the ack, as OneVoice does, then answered with a card through
// chat.postMessage. Configured like OneVoice, from the environment:
// SLACK_APP_TOKEN, SLACK_BOT_TOKEN, SLACK_API_URL (the benchmark's fake) and
// BOLT_DB (the database file, default ./bolt.db).
'use strict';

const { App, LogLevel, SocketModeReceiver } = require('@slack/bolt');
const Database = require('better-sqlite3');

const apiUrl = process.env.SLACK_API_URL || 'https://slack.com/api/';
const db = new Database(process.env.BOLT_DB || 'bolt.db');
// The same durability as OneVoice (storage/database.cpp): WAL, and a commit
// is on disk (fsync) before it returns.
db.pragma('journal_mode = WAL');
db.pragma('synchronous = FULL');
db.pragma('foreign_keys = ON');
db.exec(`
CREATE TABLE IF NOT EXISTS inbound (event_id TEXT PRIMARY KEY, received_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS ideas (
    id         INTEGER PRIMARY KEY,
    text       TEXT NOT NULL,
    author     TEXT NOT NULL,
    channel    TEXT NOT NULL,
    status     TEXT NOT NULL DEFAULT 'new',
    created_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS idea_tags (
    idea_id INTEGER NOT NULL REFERENCES ideas(id) ON DELETE CASCADE,
    tag     TEXT NOT NULL,
    PRIMARY KEY (idea_id, tag)
);`);

const seen = db.prepare('INSERT OR IGNORE INTO inbound (event_id, received_at) VALUES (?, ?)');
const insertIdea = db.prepare(
  'INSERT INTO ideas (text, author, channel, created_at) VALUES (?, ?, ?, ?)');
const insertTag = db.prepare('INSERT OR IGNORE INTO idea_tags (idea_id, tag) VALUES (?, ?)');

// One transaction per command, like OneVoice's router: the redelivery check
// and the idea commit together; null for a redelivered command.
const addIdea = db.transaction((eventId, text, author, channel) => {
  const now = Date.now();
  if (seen.run(eventId, now).changes === 0) {
    return null;
  }
  const id = insertIdea.run(text, author, channel, now).lastInsertRowid;
  for (const match of text.matchAll(/#([\p{L}\p{N}_-]+)/gu)) {
    insertTag.run(id, match[1].toLowerCase());
  }
  return id;
});

const receiver = new SocketModeReceiver({
  appToken: process.env.SLACK_APP_TOKEN,
  logLevel: LogLevel.WARN,
  // apps.connections.open goes through the receiver's own WebClient.
  installerOptions: { clientOptions: { slackApiUrl: apiUrl } },
});

const app = new App({
  token: process.env.SLACK_BOT_TOKEN,
  receiver,
  logLevel: LogLevel.WARN,
  clientOptions: { slackApiUrl: apiUrl },
});

app.command('/idea', async ({ command, ack, client }) => {
  const [sub, ...rest] = command.text.trim().split(/\s+/);
  const text = rest.join(' ');
  if (sub !== 'add' || text === '') {
    await ack({ response_type: 'ephemeral', text: 'Usage: /idea add <text>' });
    return;
  }
  const id = addIdea(command.trigger_id, text, command.user_id, command.channel_id);
  await ack();
  if (id === null) {
    return;
  }
  await client.chat.postMessage({
    channel: command.channel_id,
    text: `Idea #${id}: ${text}`,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: `*Idea #${id}*\n${text}` } },
      {
        type: 'context',
        elements: [{ type: 'mrkdwn', text: `from <@${command.user_id}> · 0 votes · new` }],
      },
      {
        type: 'actions',
        elements: [{
          type: 'button', action_id: 'idea.vote', value: String(id),
          text: { type: 'plain_text', text: 'Vote' },
        }],
      },
    ],
  });
});

process.on('SIGTERM', () => {
  app.stop().finally(() => {
    db.close();
    process.exit(0);
  });
});

(async () => {
  await app.start();
})();
