package web

import (
	"context"
	"testing"
	"time"

	"github.com/hindsight-dev/hindsight"
)

func TestAuthStoreSQLite(t *testing.T)   { testAuthStore(t, openSQLite(t)) }
func TestAuthStorePostgres(t *testing.T) { testAuthStore(t, openPostgres(t)) }

// testAuthStore checks the users and credentials both stores keep.
func testAuthStore(t *testing.T, st Store) {
	ctx := context.Background()
	if err := st.PutUser(ctx, &hindsight.User{Name: "dana", Role: hindsight.RoleEditor}, "h1"); err != nil {
		t.Fatal(err)
	}
	if err := st.PutUser(ctx, &hindsight.User{Name: "dana", Role: hindsight.RoleAdmin}, "h2"); err != nil {
		t.Fatal(err)
	}
	u, hash, err := st.User(ctx, "dana")
	if err != nil || u.Role != hindsight.RoleAdmin || hash != "h2" {
		t.Fatalf("User(dana) = %+v, %q, %v; want admin, h2", u, hash, err)
	}
	if _, _, err := st.User(ctx, "nobody"); hindsight.ErrorCode(err) != hindsight.ENOTFOUND {
		t.Errorf("User(nobody): %v, want not_found", err)
	}
	exp := testNow.Add(-time.Minute)
	for _, c := range []hindsight.Credential{
		{Hash: "a", Kind: hindsight.CredSession, User: "dana", Expires: testNow.Add(time.Hour)},
		{Hash: "b", Kind: hindsight.CredToken, User: "dana", Label: "ci"},
		{Hash: "c", Kind: hindsight.CredShare, User: "dana", Postmortem: "pm-1"},
		{Hash: "d", Kind: hindsight.CredSession, User: "dana", Expires: exp},
	} {
		if err := st.PutCredential(ctx, &c); err != nil {
			t.Fatal(err)
		}
	}
	c, err := st.Credential(ctx, "b")
	if err != nil || c.Kind != hindsight.CredToken || c.Label != "ci" || !c.Live(testNow) || !c.Expires.IsZero() {
		t.Fatalf("Credential(b) = %+v, %v", c, err)
	}
	if c, _ := st.Credential(ctx, "d"); c == nil || c.Live(testNow) {
		t.Errorf("an expired session is live: %+v", c)
	}
	if cs, err := st.Credentials(ctx, hindsight.CredentialFilter{Kind: hindsight.CredShare, Postmortem: "pm-1"}); err != nil || len(cs) != 1 || cs[0].Hash != "c" {
		t.Errorf("share links of pm-1: %+v, %v", cs, err)
	}
	if err := st.RevokeCredential(ctx, "c"); err != nil {
		t.Fatal(err)
	}
	if c, _ := st.Credential(ctx, "c"); c == nil || !c.Revoked || c.Live(testNow) {
		t.Errorf("a revoked share link: %+v", c)
	}
	if err := st.RevokeCredential(ctx, "zz"); hindsight.ErrorCode(err) != hindsight.ENOTFOUND {
		t.Errorf("revoke a missing credential: %v", err)
	}
	if err := st.DeleteExpired(ctx, testNow); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Credential(ctx, "d"); hindsight.ErrorCode(err) != hindsight.ENOTFOUND {
		t.Errorf("the expired session is still there: %v", err)
	}
	if err := st.DeleteUser(ctx, "dana"); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Credential(ctx, "a"); hindsight.ErrorCode(err) != hindsight.ENOTFOUND {
		t.Errorf("a removed user's session is still there: %v", err)
	}
	if _, err := st.Credential(ctx, "c"); err != nil {
		t.Errorf("a removed user's share link is gone: %v (it belongs to the postmortem)", err)
	}
	if us, err := st.Users(ctx); err != nil || len(us) != 0 {
		t.Errorf("users after removing dana: %+v, %v", us, err)
	}
	if err := st.DeleteUser(ctx, "dana"); hindsight.ErrorCode(err) != hindsight.ENOTFOUND {
		t.Errorf("remove a missing user: %v", err)
	}
}
