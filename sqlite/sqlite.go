// Package sqlite is the embedded hindsight.Store: one SQLite file (WAL,
// foreign keys, a busy timeout), numbered migrations embedded in the binary
// and applied in a transaction, and FTS5 for search. It uses
// modernc.org/sqlite, a pure-Go SQLite, so hindsight builds without cgo.
package sqlite

import (
	"bytes"
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/hindsight-dev/hindsight"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// DB is a hindsight.Store in one SQLite file.
type DB struct {
	db    *sql.DB
	path  string
	mu    sync.Mutex
	stmts map[string]*sql.Stmt
	// Now is the clock; tests set it.
	Now func() time.Time
}

var _ hindsight.Store = (*DB)(nil)

// Open opens (creating it on first use) the database at path and brings
// its schema up to date. A file that is not a hindsight database, is
// corrupt, or was written by a newer hindsight is refused before anything
// is written to it.
func Open(ctx context.Context, path string) (*DB, error) {
	if path == "" {
		return nil, hindsight.Errorf(hindsight.EINVALID, "no database path given")
	}
	if err := checkFile(ctx, path); err != nil {
		return nil, err
	}
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return nil, &hindsight.Error{Code: hindsight.EINVALID, Message: "cannot create the database directory " + dir + " (is it writable? choose another place with --db or HINDSIGHT_DB)", Err: err}
		}
	}
	q := url.Values{}
	// WAL: readers do not block the writer. synchronous=NORMAL: in WAL
	// mode a commit survives a crash of the process (what import's crash
	// test checks); only a power cut may lose the last commits, never
	// consistency. A 64 MB page cache and reads through mmap keep scans
	// of large histories (stats) off the read syscall.
	for _, p := range []string{"busy_timeout(10000)", "foreign_keys(1)", "journal_mode(WAL)", "synchronous(NORMAL)",
		"cache_size(-65536)", "mmap_size(1073741824)"} {
		q.Add("_pragma", p)
	}
	q.Set("_txlock", "immediate")
	sdb, err := sql.Open("sqlite", "file:"+path+"?"+q.Encode())
	if err != nil {
		return nil, err
	}
	db := &DB{db: sdb, path: path, Now: time.Now}
	if err := db.migrate(ctx); err != nil {
		sdb.Close()
		return nil, fileError(path, err)
	}
	return db, nil
}

// Path returns the database file's path.
func (db *DB) Path() string { return db.path }

// Close closes the database.
func (db *DB) Close() error {
	db.mu.Lock()
	for _, st := range db.stmts {
		st.Close()
	}
	db.stmts = nil
	db.mu.Unlock()
	return db.db.Close()
}

// SchemaVersion is the schema this hindsight writes: the number of its
// newest migration.
func SchemaVersion() int {
	ms, _ := migrations()
	return len(ms)
}

func migrations() ([]string, error) {
	names, err := fs.Glob(migrationFS, "migrations/*.sql")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	for i, n := range names {
		if !strings.HasPrefix(filepath.Base(n), fmt.Sprintf("%04d_", i+1)) {
			return nil, fmt.Errorf("migration %s is out of sequence: want %04d_*.sql", n, i+1)
		}
	}
	return names, nil
}

const sqliteHeader = "SQLite format 3\x00"

// checkFile refuses, without writing anything, a file that is not a
// SQLite database, is corrupt, is not hindsight's, or is newer than this
// hindsight.
func checkFile(ctx context.Context, path string) error {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	} else if err != nil {
		return &hindsight.Error{Code: hindsight.EINVALID, Message: "cannot open the database " + path + " (check its permissions)", Err: err}
	}
	st, err := f.Stat()
	if err == nil && st.IsDir() {
		f.Close()
		return hindsight.Errorf(hindsight.EINVALID, "the database %s is a directory: give a file path with --db or HINDSIGHT_DB", path)
	}
	head := make([]byte, 100)
	n, _ := io.ReadFull(f, head)
	f.Close()
	if n == 0 {
		return nil // an empty file: a new database
	}
	if n < 100 || !bytes.Equal(head[:16], []byte(sqliteHeader)) {
		return corrupt(path, errors.New("no SQLite header"))
	}
	// A read-only look at the main file alone (immutable: no locks, no
	// -wal or -shm files created), so a refused file is left as it was.
	sdb, err := sql.Open("sqlite", "file:"+path+"?mode=ro&immutable=1")
	if err != nil {
		return corrupt(path, err)
	}
	defer sdb.Close()
	var tables int
	if err := sdb.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_master`).Scan(&tables); err != nil {
		return corrupt(path, err)
	}
	if tables == 0 {
		return nil
	}
	var v int
	if err := sdb.QueryRowContext(ctx, `SELECT version FROM schema_version`).Scan(&v); err != nil {
		if isCorrupt(err) {
			return corrupt(path, err)
		}
		return &hindsight.Error{Code: hindsight.EINVALID, Message: "not a hindsight database: " + path +
			" holds other tables; choose another file with --db or HINDSIGHT_DB", Err: err}
	}
	if want := SchemaVersion(); v > want {
		return newer(path, v, want)
	}
	return nil
}

func newer(path string, have, want int) error {
	return hindsight.Errorf(hindsight.EINVALID, "this database was written by a newer hindsight (schema %d > %d): upgrade hindsight to use %s; nothing was changed", have, want, path)
}

func corrupt(path string, err error) error {
	return &hindsight.Error{Code: hindsight.EINVALID, Message: "not a hindsight database / corrupt: " + path +
		": restore it from a backup, or move it aside to start a new history; nothing was changed", Err: err}
}

func isCorrupt(err error) bool {
	var se *sqlite.Error
	if errors.As(err, &se) {
		c := se.Code() & 0xff
		return c == sqlite3.SQLITE_CORRUPT || c == sqlite3.SQLITE_NOTADB
	}
	return false
}

// fileError turns SQLite's corruption codes into the corrupt-file message.
func fileError(path string, err error) error {
	if isCorrupt(err) {
		return corrupt(path, err)
	}
	var he *hindsight.Error
	if errors.As(err, &he) {
		return err
	}
	return &hindsight.Error{Code: hindsight.EINTERNAL, Message: "open the database " + path, Err: err}
}

// migrate applies the migrations the database lacks, each in its own
// transaction with the schema_version update.
func (db *DB) migrate(ctx context.Context) error {
	names, err := migrations()
	if err != nil {
		return err
	}
	if _, err := db.db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)`); err != nil {
		return err
	}
	for {
		done, err := db.migrateOne(ctx, names)
		if err != nil || done {
			return err
		}
	}
}

func (db *DB) migrateOne(ctx context.Context, names []string) (done bool, err error) {
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		return false, err
	}
	defer tx.Rollback()
	var v int
	err = tx.QueryRowContext(ctx, `SELECT version FROM schema_version`).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		if _, err := tx.ExecContext(ctx, `INSERT INTO schema_version (version) VALUES (0)`); err != nil {
			return false, err
		}
	} else if err != nil {
		return false, err
	}
	if v > len(names) {
		return false, newer(db.path, v, len(names))
	}
	if v == len(names) {
		return true, tx.Commit()
	}
	body, err := migrationFS.ReadFile(names[v])
	if err != nil {
		return false, err
	}
	if _, err := tx.ExecContext(ctx, string(body)); err != nil {
		return false, fmt.Errorf("migration %s: %w", names[v], err)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE schema_version SET version = ?`, v+1); err != nil {
		return false, err
	}
	return false, tx.Commit()
}

func (db *DB) now() time.Time { return db.Now().UTC() }

// timeLayout is fixed-width, so stored times compare as strings.
const timeLayout = "2006-01-02T15:04:05.000000000Z"

func fmtTime(t time.Time) string { return t.UTC().Format(timeLayout) }

func parseTime(s string) time.Time {
	t, _ := time.Parse(timeLayout, s)
	return t
}

func nullFloat(p *float64) any {
	if p == nil {
		return nil
	}
	return *p
}

func floatPtr(n sql.NullFloat64) *float64 {
	if !n.Valid {
		return nil
	}
	v := n.Float64
	return &v
}

func splitLines(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
