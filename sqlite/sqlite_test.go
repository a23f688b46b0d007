package sqlite_test

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hindsight-dev/hindsight"
	"github.com/hindsight-dev/hindsight/sqlite"
	"github.com/hindsight-dev/hindsight/storetest"
)

func open(t *testing.T, now func() time.Time) hindsight.Store {
	t.Helper()
	db, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "history.db"))
	if err != nil {
		t.Fatal(err)
	}
	db.Now = now
	t.Cleanup(func() { db.Close() })
	return db
}

// TestStore runs the store suite against SQLite.
func TestStore(t *testing.T) { storetest.Run(t, open) }

// TestOpenRefuses checks the files Open must refuse, and that it writes
// nothing to them.
func TestOpenRefuses(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	newer := filepath.Join(dir, "newer.db")
	db, err := sqlite.Open(ctx, newer)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	raw, err := sql.Open("sqlite", newer)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec(`UPDATE schema_version SET version = 99`); err != nil {
		t.Fatal(err)
	}
	raw.Exec(`PRAGMA wal_checkpoint(TRUNCATE)`)
	raw.Close()
	foreign := filepath.Join(dir, "foreign.db")
	raw, _ = sql.Open("sqlite", foreign)
	raw.Exec(`CREATE TABLE notes (x)`)
	raw.Close()
	text := filepath.Join(dir, "notes.txt")
	os.WriteFile(text, []byte(strings.Repeat("not a database\n", 20)), 0o644)
	// A real database with its pages overwritten past the header.
	broken := filepath.Join(dir, "broken.db")
	db, _ = sqlite.Open(ctx, broken)
	db.Save(ctx, &hindsight.SaveRequest{Postmortem: storetest.Snap(t, "x.txt", storetest.Board("T", "2026-01-02", "s", "b", 1, 1, 3, "Do it @a"))})
	db.Close()
	b, _ := os.ReadFile(broken)
	for i := 100; i < len(b); i++ {
		b[i] = 0xA5
	}
	os.WriteFile(broken, b, 0o644)
	os.Remove(broken + "-wal")
	os.Remove(broken + "-shm")

	for _, tc := range []struct{ name, path, want string }{
		{"newer", newer, fmt.Sprintf("this database was written by a newer hindsight (schema 99 > %d): upgrade hindsight", sqlite.SchemaVersion())},
		{"foreign", foreign, "not a hindsight database"},
		{"text", text, "not a hindsight database / corrupt: " + text + ": restore it from a backup, or move it aside"},
		{"broken", broken, "not a hindsight database / corrupt"},
		{"directory", dir, "is a directory"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before, _ := os.ReadFile(tc.path)
			_, walErr := os.Stat(tc.path + "-wal")
			db, err := sqlite.Open(ctx, tc.path)
			if err == nil {
				db.Close()
				t.Fatalf("Open(%s) succeeded, want an error", tc.name)
			}
			if !strings.Contains(err.Error(), tc.want) || hindsight.ErrorCode(err) != hindsight.EINVALID {
				t.Errorf("Open(%s) = %v (code %s), want %q", tc.name, err, hindsight.ErrorCode(err), tc.want)
			}
			after, _ := os.ReadFile(tc.path)
			if !bytes.Equal(before, after) {
				t.Errorf("Open(%s) changed the file", tc.name)
			}
			if _, err := os.Stat(tc.path + "-wal"); err == nil && walErr != nil && tc.name != "directory" {
				t.Errorf("Open(%s) left a WAL file", tc.name)
			}
		})
	}
}
