package queries

import (
	"context"
	"crypto/rand"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"math/big"
	"time"

	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"

	"tradedash"
)

// visibleImports selects the imports whose rows readers may see: committed
// and not rolled back. Rows of an import that is still running, failed or
// was killed halfway are never selected, which makes every import visible
// all at once.
//
// "lost" events do not count: one written after the commit (RecoverKilled
// checked just before the commit landed) must not hide an import whose
// rows it then kept. When the rows may have been dropped, the commit or
// RecoverKilled adds a "rolled_back" event (see hideDropped).
const visibleImports = `SELECT import_id FROM import_events GROUP BY import_id
	HAVING countIf(event = 'committed') > 0 AND countIf(event = 'rolled_back') = 0`

// event is one row of the append-only import log.
type event struct {
	id      uint64
	kind    string // started, committed, failed, rolled_back, lost
	token   string
	meta    ImportMeta
	counts  Counts
	message string
}

func (db *DB) appendEvent(ctx context.Context, e event) error { return db.appendEvents(ctx, e) }

// appendEvents appends events as the rows of one block of one INSERT: all
// of them are in the log, or none (see CommitAll).
func (db *DB) appendEvents(ctx context.Context, events ...event) error {
	batch, err := db.conn.PrepareBatch(ctx, `INSERT INTO import_events
		(import_id, event, at, token, file, sha256, rows, new, changed, unchanged, message)`)
	if err != nil {
		return wrap("import log", err)
	}
	now := time.Now().UTC()
	for _, e := range events {
		err = batch.Append(e.id, e.kind, now, e.token, e.meta.File, e.meta.SHA256,
			uint64(e.counts.Rows), uint64(e.counts.New), uint64(e.counts.Changed), uint64(e.counts.Unchanged), e.message)
		if err != nil {
			db.logFailure(ctx, "abort the insert of import events", batch.Abort())
			return wrap("import log", err)
		}
	}
	return wrap("import log", batch.Send())
}

// claimImportID takes the next free import id. ClickHouse has no sequences
// and no locks, so an id is claimed by appending a "started" event with a
// random token and reading back every claim of that id: a claimer that sees
// any other token gives the id up (recording that with a "lost" event) and
// tries the next one after a random pause. Two claimers cannot both see
// only themselves, since the later one reads after the earlier one wrote.
//
// On a cluster the event is written to one node and reaches the others
// later, so the claims are read back from every node (see
// onReachableNodes): the later claimer then reads, among others, the node
// the earlier one wrote to. A node out of reach is not asked; an import
// written to it could not commit anyway while it is down (checkReplicas).
func (db *DB) claimImportID(ctx context.Context, meta ImportMeta) (id uint64, token string, err error) {
	token = randomToken()
	for attempt := 0; attempt < 50; attempt++ {
		id = 0
		err := db.onReachableNodes(ctx, func(c driver.Conn) error {
			var next uint64
			err := c.QueryRow(ctx, "SELECT max(import_id) + 1 FROM import_events").Scan(&next)
			if err == nil {
				id = max(id, next)
			}
			return err
		})
		if err != nil {
			return 0, "", wrap("claim import id", err)
		}
		if err := db.appendEvent(ctx, event{id: id, kind: "started", token: token, meta: meta}); err != nil {
			return 0, "", err
		}
		var others uint64
		err = db.onReachableNodes(ctx, func(c driver.Conn) error {
			var n uint64
			err := c.QueryRow(ctx, `SELECT count() FROM import_events
				WHERE import_id = ? AND event = 'started' AND token != ?`, id, token).Scan(&n)
			others += n
			return err
		})
		if err != nil {
			return 0, "", wrap("claim import id", err)
		}
		if others == 0 {
			return id, token, nil
		}
		if err := db.appendEvent(ctx, event{id: id, kind: "lost", token: token, meta: meta}); err != nil {
			return 0, "", err
		}
		pause, _ := rand.Int(rand.Reader, big.NewInt(50))
		select {
		case <-ctx.Done():
			return 0, "", ctx.Err()
		case <-time.After(time.Duration(pause.Int64()+1) * time.Millisecond):
		}
	}
	return 0, "", errors.New("claim import id: too many concurrent imports")
}

func randomToken() string {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(err) // crypto/rand does not fail on Linux
	}
	return hex.EncodeToString(b[:])
}

func randomBatch() uint64 {
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(err)
	}
	return binary.LittleEndian.Uint64(b[:]) >> 1
}

// Imports returns the import log, newest first. Claims that lost a race
// for an id are left out.
func (db *DB) Imports(ctx context.Context) ([]tradedash.Import, error) {
	entries, err := db.importLog(ctx, 0)
	out := make([]tradedash.Import, len(entries))
	for i, e := range entries {
		out[i] = e.Import
	}
	return out, err
}

// logEntry is an import with the token of the process that ran it, which
// its later events carry.
type logEntry struct {
	tradedash.Import
	token string
}

// importLog reads the import log, newest first: one import when id is not 0.
// An import that ran for longer than abandonedAfter without finishing is
// abandoned.
func (db *DB) importLog(ctx context.Context, id uint64) ([]logEntry, error) {
	rows, err := db.conn.Query(ctx, `SELECT import_id, token,
			minIf(at, event = 'started') AS started,
			maxIf(at, event IN ('committed', 'failed', 'lost')) AS finished,
			anyIf(file, event = 'started'), anyIf(sha256, sha256 != ''),
			maxIf(rows, event IN ('committed', 'failed')), maxIf(new, event = 'committed'),
			maxIf(changed, event = 'committed'), maxIf(unchanged, event = 'committed'),
			multiIf(countIf(event = 'committed') > 0 AND countIf(event = 'rolled_back') = 0, 'committed',
				countIf(event = 'lost') > 0, 'lost',
				countIf(event = 'rolled_back') > 0, 'rolled_back',
				countIf(event = 'failed') > 0, 'failed',
				started < ?, 'abandoned', 'running') AS status,
			anyIf(message, event IN ('lost', 'failed'))
		FROM import_events
		WHERE toUInt64(?) = 0 OR import_id = ?
		GROUP BY import_id, token
		HAVING countIf(event = 'lost' AND message = '') = 0 AND countIf(event = 'started') > 0
		ORDER BY import_id DESC`, time.Now().Add(-abandonedAfter).UTC(), id, id)
	if err != nil {
		return nil, wrap("imports", err)
	}
	defer rows.Close()
	var out []logEntry
	for rows.Next() {
		var e logEntry
		var n, nw, ch, un uint64
		var status string
		if err := rows.Scan(&e.ID, &e.token, &e.StartedAt, &e.FinishedAt, &e.File, &e.SHA256,
			&n, &nw, &ch, &un, &status, &e.Message); err != nil {
			return nil, wrap("imports", err)
		}
		e.Rows, e.New, e.Changed, e.Unchanged = int(n), int(nw), int(ch), int(un)
		e.Status = tradedash.ImportStatus(status)
		if e.FinishedAt.Unix() <= 0 {
			e.FinishedAt = time.Time{}
		}
		out = append(out, e)
	}
	return out, wrap("imports", rows.Err())
}

// PendingRows counts the rows that imports have written but not made
// visible: staged figures and trade flows, and those copied by an import
// that has not committed (still running, or killed). Tests use it to catch an import in
// the act; an operator can use it to see what a killed import left behind.
func (db *DB) PendingRows(ctx context.Context) (staged, uncommitted uint64, err error) {
	err = db.conn.QueryRow(ctx, `SELECT
		(SELECT count() FROM figures_staging) + (SELECT count() FROM trade_flows_staging),
		(SELECT count() FROM figures WHERE import_id {{.NotIn}} (
			SELECT import_id FROM import_events WHERE event = 'committed'))
		+ (SELECT count() FROM trade_flows WHERE import_id {{.NotIn}} (
			SELECT import_id FROM import_events WHERE event = 'committed'))`).Scan(&staged, &uncommitted)
	return staged, uncommitted, wrap("pending rows", err)
}
