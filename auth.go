package hindsight

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"strings"
	"time"
	"unicode"
)

// Role says what a user of the web app may do: viewers read, editors also
// write (snap, edit, publish, action-item status, share links), admins also
// manage users.
type Role string

// Roles, least to most.
const (
	RoleViewer Role = "viewer"
	RoleEditor Role = "editor"
	RoleAdmin  Role = "admin"
)

// Roles lists every Role, least to most.
var Roles = []Role{RoleViewer, RoleEditor, RoleAdmin}

func (r Role) rank() int {
	for i, v := range Roles {
		if v == r {
			return i + 1
		}
	}
	return 0
}

// Valid reports whether r is one of Roles.
func (r Role) Valid() bool { return r.rank() > 0 }

// Can reports whether a user with role r may do what needs role need.
func (r Role) Can(need Role) bool { return r.rank() > 0 && r.rank() >= need.rank() }

// User is an account of the web app.
type User struct {
	Name    string
	Role    Role
	Created time.Time
	Updated time.Time
}

// ValidUserName checks a user name: 1 to 64 letters, digits, '.', '-', '_'
// or '@'.
func ValidUserName(name string) error {
	if name == "" || len(name) > 64 {
		return Errorf(EINVALID, "a user name has 1 to 64 characters")
	}
	for _, r := range name {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && !strings.ContainsRune(".-_@", r) {
			return Errorf(EINVALID, "user name %q: use letters, digits, '.', '-', '_' or '@'", name)
		}
	}
	return nil
}

// CredentialKind is what a credential lets its bearer do.
type CredentialKind string

// Credential kinds.
const (
	// CredSession is a browser session: the cookie of a logged-in user.
	CredSession CredentialKind = "session"
	// CredToken is an API token for scripts (Authorization: Bearer).
	CredToken CredentialKind = "token"
	// CredShare is a read-only link to one postmortem's stakeholder version.
	CredShare CredentialKind = "share"
)

// Credential is a session, an API token or a share link. The store keeps
// only Hash, the SHA-256 of the secret the bearer holds.
type Credential struct {
	Hash       string // hex SHA-256 of the secret; also the credential's ID
	Kind       CredentialKind
	User       string // whose session or token; who made a share link
	Postmortem string // a share link's postmortem ID
	Label      string // what a token is for
	Created    time.Time
	Expires    time.Time // zero for never
	Revoked    bool
}

// Live reports whether the credential may be used at now.
func (c *Credential) Live(now time.Time) bool {
	return !c.Revoked && (c.Expires.IsZero() || now.Before(c.Expires))
}

// CredentialFilter selects credentials to list. Empty fields select all.
type CredentialFilter struct {
	Kind       CredentialKind
	User       string
	Postmortem string
}

// AuthStore keeps the web app's users and credentials in the history's
// database, so app servers hold no state. Both stores implement it.
type AuthStore interface {
	// PutUser creates a user, or changes an existing user's role and
	// password hash.
	PutUser(ctx context.Context, u *User, passwordHash string) error
	// User returns a user and its password hash; ENOTFOUND when none.
	User(ctx context.Context, name string) (*User, string, error)
	// Users lists the users by name.
	Users(ctx context.Context) ([]User, error)
	// DeleteUser removes a user and its sessions and tokens; ENOTFOUND
	// when none.
	DeleteUser(ctx context.Context, name string) error
	// PutCredential stores a new credential.
	PutCredential(ctx context.Context, c *Credential) error
	// Credential returns the credential with this hash, revoked or expired
	// ones included; ENOTFOUND when none.
	Credential(ctx context.Context, hash string) (*Credential, error)
	// Credentials lists credentials, newest first, revoked ones included.
	Credentials(ctx context.Context, f CredentialFilter) ([]Credential, error)
	// RevokeCredential revokes one; ENOTFOUND when none.
	RevokeCredential(ctx context.Context, hash string) error
	// DeleteExpired deletes credentials expired before now.
	DeleteExpired(ctx context.Context, now time.Time) error
}

// NewSecret returns a random secret for a session, token or share link (32
// bytes, URL-safe base64) and the hash the store keeps of it.
func NewSecret(prefix string) (secret, hash string) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand never fails on a supported system
	}
	secret = prefix + base64.RawURLEncoding.EncodeToString(b)
	return secret, SecretHash(secret)
}

// SecretHash is the hash a store keeps of a secret: hex SHA-256.
func SecretHash(secret string) string {
	h := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(h[:])
}
