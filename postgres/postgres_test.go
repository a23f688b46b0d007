package postgres_test

import (
	"context"
	"testing"
	"time"

	"github.com/hindsight-dev/hindsight"
	"github.com/hindsight-dev/hindsight/postgres"
	"github.com/hindsight-dev/hindsight/storetest"
)

func open(t *testing.T, now func() time.Time) hindsight.Store {
	t.Helper()
	dsn := storetest.PostgresSchema(t)
	db, err := postgres.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	db.Now = now
	t.Cleanup(func() { db.Close() })
	return db
}

// TestStore runs the store suite against PostgreSQL, each test in a schema
// of its own.
func TestStore(t *testing.T) { storetest.Run(t, open) }
