import type { Migration } from './migration'

// A tally's keys: NULL becomes -1 (no code or id is negative), so each group is one row (a
// UNIQUE key treats NULLs as distinct).
const OPEN_KEY = (t: string): string =>
  `${t}.status, IFNULL(${t}.priority, -1), IFNULL(${t}.handler_id, -1), IFNULL(${t}.category_id, -1)`
// The statuses as they were when this was written (open: 0, 1; done: 2, 3): a migration is
// history, and a change of what is open would be a new migration rebuilding these tallies.
const IS_OPEN = (t: string): string => `${t}.status IN (0, 1)`
const IS_DONE = (t: string): string => `${t}.status IN (2, 3)`

function openTally(t: string, n: number): string {
  return `INSERT INTO overview_open (status, priority, handler_id, category_id, n)
    SELECT ${OPEN_KEY(t)}, ${n} WHERE ${IS_OPEN(t)}
    ON CONFLICT DO UPDATE SET n = n + excluded.n;`
}

function dayTally(t: string, n: number): string {
  return `INSERT INTO overview_days (day, handler_id, created, resolved)
    SELECT substr(${t}.created_at, 1, 10), IFNULL(${t}.handler_id, -1), ${n}, 0
      WHERE ${t}.created_at IS NOT NULL
    ON CONFLICT DO UPDATE SET created = created + excluded.created;
  INSERT INTO overview_days (day, handler_id, created, resolved)
    SELECT substr(${t}.updated_at, 1, 10), IFNULL(${t}.handler_id, -1), 0, ${n}
      WHERE ${IS_DONE(t)} AND ${t}.updated_at IS NOT NULL
    ON CONFLICT DO UPDATE SET resolved = resolved + excluded.resolved;`
}

/**
 * The team overview's counts kept as they change, so the whole screen reads a few hundred rows
 * instead of grouping every open ticket (at 100,000 tickets the GROUP BYs over the tickets took
 * 120-200 ms; the screen's budget is 50 ms). Kept by triggers, in the same transaction as the
 * ticket's own write, so they can never disagree with the tickets table:
 * - `overview_open`: open tickets per status, priority, handler and category;
 * - `overview_days`: per day and handler, tickets created that day, and done tickets last
 *   changed that day (the API keeps no resolution time).
 * Overdue and due today depend on the moment asked, so they are read from the due index.
 */
export const overviewTallies: Migration = {
  version: 90,
  name: 'overview-tallies',
  up(db) {
    db.exec(`
      CREATE TABLE overview_open (
        status INTEGER NOT NULL,
        priority INTEGER NOT NULL,
        handler_id INTEGER NOT NULL,
        category_id INTEGER NOT NULL,
        n INTEGER NOT NULL,
        PRIMARY KEY (handler_id, status, priority, category_id)
      ) WITHOUT ROWID;
      CREATE TABLE overview_days (
        day TEXT NOT NULL,
        handler_id INTEGER NOT NULL,
        created INTEGER NOT NULL,
        resolved INTEGER NOT NULL,
        PRIMARY KEY (day, handler_id)
      ) WITHOUT ROWID;

      CREATE TRIGGER overview_insert AFTER INSERT ON tickets BEGIN
        ${openTally('new', 1)}
        ${dayTally('new', 1)}
      END;
      CREATE TRIGGER overview_delete AFTER DELETE ON tickets BEGIN
        ${openTally('old', -1)}
        ${dayTally('old', -1)}
      END;
      CREATE TRIGGER overview_update
        AFTER UPDATE OF status, priority, handler_id, category_id, created_at, updated_at ON tickets
      BEGIN
        ${openTally('old', -1)}
        ${dayTally('old', -1)}
        ${openTally('new', 1)}
        ${dayTally('new', 1)}
      END;

      INSERT INTO overview_open (status, priority, handler_id, category_id, n)
        SELECT ${OPEN_KEY('t')}, COUNT(*) FROM tickets t WHERE ${IS_OPEN('t')}
        GROUP BY 1, 2, 3, 4;
      INSERT INTO overview_days (day, handler_id, created, resolved)
        SELECT day, handler_id, SUM(created), SUM(resolved) FROM (
          SELECT substr(t.created_at, 1, 10) AS day, IFNULL(t.handler_id, -1) AS handler_id,
                 1 AS created, 0 AS resolved
            FROM tickets t WHERE t.created_at IS NOT NULL
          UNION ALL
          SELECT substr(t.updated_at, 1, 10), IFNULL(t.handler_id, -1), 0, 1
            FROM tickets t WHERE ${IS_DONE('t')} AND t.updated_at IS NOT NULL
        ) GROUP BY day, handler_id;
    `)
  },
}
