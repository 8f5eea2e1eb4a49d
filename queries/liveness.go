package queries

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"
)

// heartbeatEvery is how often a running import says it is alive, and
// staleAfter how old its last heartbeat may be before a command on another
// host takes it for dead: several intervals, so that a slow insert or a
// busy server is not taken for a death.
var (
	heartbeatEvery = 10 * time.Second
	staleAfter     = 6 * heartbeatEvery
)

// process identifies this process for the heartbeats: the machine (host
// name, boot id, pid namespace) and the process on it (pid and start time,
// which together survive pid reuse).
type process struct {
	host, bootID, pidNS string
	pid                 uint32
	start               uint64
}

var self = sync.OnceValue(func() process {
	p := process{pid: uint32(os.Getpid())}
	p.host, _ = os.Hostname()
	if b, err := os.ReadFile("/proc/sys/kernel/random/boot_id"); err == nil {
		p.bootID = strings.TrimSpace(string(b))
	}
	if ns, err := os.Readlink("/proc/self/ns/pid"); err == nil {
		p.pidNS = ns
	}
	p.start, _ = processStart(p.pid)
	return p
})

// sameMachine tells whether p runs on this machine, in this pid namespace,
// so that its pid can be looked up here. Without /proc nothing is the same
// machine, and heartbeats alone decide.
func (p process) sameMachine() bool {
	me := self()
	return me.bootID != "" && p.host == me.host && p.bootID == me.bootID && p.pidNS == me.pidNS
}

// gone tells whether the process p, on this machine, has certainly ended.
func (p process) gone() bool {
	start, err := processStart(p.pid)
	return goneFrom(p.start, start, err)
}

// goneFrom decides gone from what reading /proc/PID/stat gave: only a pid
// that does not exist, or that started at another time (it was reused),
// is a process gone. Any other error (EACCES under hidepid, a truncated
// read) says nothing, and the heartbeats decide.
func goneFrom(want, start uint64, err error) bool {
	if err != nil {
		return errors.Is(err, fs.ErrNotExist)
	}
	return start != want
}

// processStart reads when process pid started, in clock ticks after boot
// (field 22 of /proc/PID/stat; the command name before it may hold spaces
// and parentheses, so fields are counted after the last ')').
func processStart(pid uint32) (uint64, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, err
	}
	s := string(b)
	fields := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
	if len(fields) < 20 {
		return 0, fmt.Errorf("/proc/%d/stat: %d fields", pid, len(fields))
	}
	return strconv.ParseUint(fields[19], 10, 64)
}

// heartbeat appends one heartbeat of the import, stamped by the server.
func (db *DB) heartbeat(ctx context.Context, id uint64, token string) error {
	p := self()
	return wrap("heartbeat", db.conn.Exec(ctx, `INSERT INTO import_heartbeats
		(import_id, token, host, boot_id, pid_ns, pid, pid_start, at)
		SELECT ?, ?, ?, ?, ?, toUInt32(?), toUInt64(?), now()`,
		id, token, p.host, p.bootID, p.pidNS, p.pid, p.start))
}

// beat keeps an import's heartbeat, one every every, until stop is
// closed, recording when the last one was written. The interval is read by
// the caller, so that tests may change heartbeatEvery meanwhile.
func (imp *Import) beat(ctx context.Context, stop <-chan struct{}, every time.Duration) {
	tick := time.NewTicker(every)
	defer tick.Stop()
	for {
		select {
		case <-stop:
			return
		case <-tick.C:
			// A heartbeat that fails is only logged: the next may get
			// through, and alive stops a commit once too many are missed.
			err := imp.db.heartbeat(ctx, imp.id, imp.token)
			if err == nil {
				imp.lastBeat.Store(time.Now().UnixNano())
			}
			imp.db.logFailure(ctx, "heartbeat", err, "import", imp.id)
		}
	}
}

// stopBeat ends the import's heartbeat.
func (imp *Import) stopBeat() {
	if imp.beating != nil {
		close(imp.beating)
		imp.beating = nil
	}
}

// alive returns an error when the import has gone so long without a
// heartbeat that a command on another host may take it for dead: it must
// not commit then.
func (imp *Import) alive() error {
	if age := time.Since(time.Unix(0, imp.lastBeat.Load())); age > staleAfter/2 {
		return fmt.Errorf("import %d: no heartbeat written for %s; another command may take it for killed: import again",
			imp.id, age.Round(time.Second))
	}
	return nil
}

// RecoverKilled marks the imports whose process is gone as lost and drops
// their rows, so that a killed import neither lingers as "running" nor
// keeps invisible rows that reads scan. An import is gone when it ran on
// this machine and its process no longer exists, or when it ran anywhere
// and its last heartbeat is older than staleAfter by the server's clock.
// Every command runs it when it starts; imports from before heartbeats
// existed are left to dropAbandoned. It returns the ids marked lost.
func (db *DB) RecoverKilled(ctx context.Context) ([]uint64, error) {
	rows, err := db.conn.Query(ctx, `SELECT import_id, token, file, beats,
			hb_host, hb_boot_id, hb_pid_ns, hb_pid, hb_pid_start, hb_age
		FROM (
			SELECT import_id, token, anyIf(file, event = 'started') AS file
			FROM import_events
			GROUP BY import_id, token
			HAVING countIf(event = 'started') > 0
				AND countIf(event IN ('committed', 'failed', 'rolled_back', 'lost')) = 0
		) ANY LEFT JOIN (
			SELECT import_id, token, count() AS beats,
				argMax(host, at) AS hb_host, argMax(boot_id, at) AS hb_boot_id,
				argMax(pid_ns, at) AS hb_pid_ns, argMax(pid, at) AS hb_pid,
				argMax(pid_start, at) AS hb_pid_start, toUInt64(now() - max(at)) AS hb_age
			FROM import_heartbeats
			GROUP BY import_id, token
		) USING (import_id, token)`)
	if err != nil {
		return nil, wrap("find killed imports", err)
	}
	type gone struct {
		e   event
		why string
	}
	var lost []gone
	for rows.Next() {
		var e event
		var beats, age uint64
		var p process
		if err := rows.Scan(&e.id, &e.token, &e.meta.File, &beats,
			&p.host, &p.bootID, &p.pidNS, &p.pid, &p.start, &age); err != nil {
			rows.Close()
			return nil, wrap("find killed imports", err)
		}
		switch {
		case beats == 0:
			continue // an import from before heartbeats, or one claiming its id right now
		case p.sameMachine() && p.gone():
			lost = append(lost, gone{e, "process gone"})
		case time.Duration(age)*time.Second > staleAfter:
			lost = append(lost, gone{e, fmt.Sprintf("no heartbeat for %s", time.Duration(age)*time.Second)})
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, wrap("find killed imports", err)
	}
	var ids []uint64
	for _, g := range lost {
		// The import may have committed since the SELECT: then it is
		// not lost. Checked again after the "lost" event, since it may
		// commit in between too.
		if done, err := db.committed(ctx, g.e.id); err != nil || done {
			if err != nil {
				return ids, err
			}
			continue
		}
		beforeLost(g.e.id)
		g.e.kind, g.e.message = "lost", g.why
		if err := db.appendEvent(ctx, g.e); err != nil {
			return ids, err
		}
		// Its rows are dropped only when it has not committed now,
		// after its "lost" event: a commit after this check sees that
		// event and hides the import itself (see CommitAll). One that
		// lands between this check and the drop is hidden here too.
		if done, err := db.committed(ctx, g.e.id); err != nil || done {
			if err != nil {
				return ids, err
			}
			continue
		}
		db.dropPartition(ctx, "figures", g.e.id)
		db.dropPartition(ctx, "trade_flows", g.e.id)
		switch done, err := db.committed(ctx, g.e.id); {
		case err != nil:
			db.logFailure(ctx, "check whether a lost import committed after its rows were dropped", err, "import", g.e.id)
		case done:
			db.logFailure(ctx, "hide a committed import whose rows were dropped", db.hideDropped(ctx, g.e), "import", g.e.id)
		}
		ids = append(ids, g.e.id)
	}
	return ids, nil
}

// beforeLost is called by RecoverKilled just before it writes an import's
// "lost" event; tests commit the import there.
var beforeLost = func(id uint64) {}

// committed tells whether import id has a "committed" event.
func (db *DB) committed(ctx context.Context, id uint64) (bool, error) {
	var n uint64
	err := db.conn.QueryRow(ctx, `SELECT count() FROM import_events
		WHERE import_id = ? AND event = 'committed'`, id).Scan(&n)
	return n > 0, wrap("import log", err)
}

// hideDropped makes a committed import whose rows RecoverKilled may have
// dropped invisible, with a "rolled_back" event: a committed import is
// visible whatever "lost" events it has, so that one written after its
// commit cannot hide it, and this is the one case where the rows may be
// gone.
func (db *DB) hideDropped(ctx context.Context, e event) error {
	e.kind, e.message = "rolled_back", "taken for killed and dropped while it committed"
	return db.appendEvent(ctx, e)
}
