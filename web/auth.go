package web

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"
	"unicode"

	"golang.org/x/crypto/argon2"

	"github.com/hindsight-dev/hindsight"
)

// LocalUser is who everyone is on loopback while no users exist.
const LocalUser = "local"

const (
	sessionCookie = "hs_session"
	csrfCookie    = "hs_csrf"
	csrfField     = "csrf"
	csrfHeader    = "X-CSRF-Token"
)

// identity is who is asking.
type identity struct {
	User string
	Role hindsight.Role // "" when anonymous
	Via  string         // "local", "session" or "token"
	// session is the session cookie's secret (the CSRF token derives from it).
	session string
	// csrf is the token forms carry; set when a page is rendered.
	csrf string
}

// Can reports whether the identity has at least role need.
func (id *identity) Can(need string) bool { return id.Role.Can(hindsight.Role(need)) }

// localMode reports whether everyone is the local admin: a loopback server
// with no users. The user count is checked at most every two seconds.
func (s *Server) localMode(r *http.Request) (bool, error) {
	if !s.loopback {
		return false, nil
	}
	s.usersMu.Lock()
	defer s.usersMu.Unlock()
	if time.Since(s.usersChecked) > 2*time.Second || s.usersChecked.IsZero() {
		us, err := s.store.Users(r.Context())
		if err != nil {
			return false, err
		}
		s.hasUsers, s.usersChecked = len(us) > 0, time.Now()
	}
	return !s.hasUsers, nil
}

func (s *Server) usersChanged() {
	s.usersMu.Lock()
	s.usersChecked = time.Time{}
	s.usersMu.Unlock()
}

// identify resolves the request's identity: an API token, a session
// cookie, the local admin, or nobody.
func (s *Server) identify(r *http.Request) (*identity, error) {
	ctx := r.Context()
	now := s.now()
	if auth := r.Header.Get("Authorization"); auth != "" {
		tok, ok := strings.CutPrefix(auth, "Bearer ")
		if !ok {
			return nil, &httpError{http.StatusUnauthorized, "the Authorization header must be: Bearer TOKEN"}
		}
		c, err := s.store.Credential(ctx, hindsight.SecretHash(strings.TrimSpace(tok)))
		if hindsight.ErrorCode(err) == hindsight.ENOTFOUND || (err == nil && (c.Kind != hindsight.CredToken || !c.Live(now))) {
			return nil, &httpError{http.StatusUnauthorized, "the API token is not valid (revoked, expired or mistyped)"}
		} else if err != nil {
			return nil, err
		}
		u, _, err := s.store.User(ctx, c.User)
		if hindsight.ErrorCode(err) == hindsight.ENOTFOUND {
			return nil, &httpError{http.StatusUnauthorized, "the API token's user no longer exists"}
		} else if err != nil {
			return nil, err
		}
		return &identity{User: u.Name, Role: u.Role, Via: "token"}, nil
	}
	local, err := s.localMode(r)
	if err != nil {
		return nil, err
	}
	if ck, err := r.Cookie(sessionCookie); err == nil && ck.Value != "" && !local {
		c, err := s.store.Credential(ctx, hindsight.SecretHash(ck.Value))
		if err == nil && c.Kind == hindsight.CredSession && c.Live(now) {
			u, _, err := s.store.User(ctx, c.User)
			if err == nil {
				return &identity{User: u.Name, Role: u.Role, Via: "session", session: ck.Value}, nil
			} else if hindsight.ErrorCode(err) != hindsight.ENOTFOUND {
				return nil, err
			}
		} else if err != nil && hindsight.ErrorCode(err) != hindsight.ENOTFOUND {
			return nil, err
		}
	}
	if local {
		return &identity{User: LocalUser, Role: hindsight.RoleAdmin, Via: "local"}, nil
	}
	return &identity{}, nil
}

// csrfToken returns the token the page's forms carry: derived from the
// session secret for a logged-in user (a synchroniser token that needs no
// storage), else the value of a random cookie (double submit), set here
// when missing.
func (s *Server) csrfToken(w http.ResponseWriter, r *http.Request, id *identity) string {
	if id.session != "" {
		return sessionCSRF(id.session)
	}
	if ck, err := r.Cookie(csrfCookie); err == nil && len(ck.Value) >= 32 {
		return ck.Value
	}
	b := make([]byte, 24)
	rand.Read(b)
	v := base64.RawURLEncoding.EncodeToString(b)
	http.SetCookie(w, &http.Cookie{Name: csrfCookie, Value: v, Path: "/", HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: isTLS(r)})
	r.AddCookie(&http.Cookie{Name: csrfCookie, Value: v}) // later calls in this request agree
	return v
}

func sessionCSRF(session string) string {
	m := hmac.New(sha256.New, []byte(session))
	m.Write([]byte("hindsight csrf"))
	return hex.EncodeToString(m.Sum(nil))
}

// checkCSRF checks the token of a request that changes something. Token
// (Bearer) requests need none: a browser never adds that header by itself.
// A local-mode API request from a script (no cookie, no Origin, no
// Sec-Fetch-Site: not a browser) needs none either.
func (s *Server) checkCSRF(w http.ResponseWriter, r *http.Request, id *identity, api bool) error {
	if id.Via == "token" {
		return nil
	}
	if api && id.Via == "local" && r.Header.Get("Cookie") == "" && r.Header.Get("Origin") == "" && r.Header.Get("Sec-Fetch-Site") == "" {
		return nil
	}
	got := r.Header.Get(csrfHeader)
	if got == "" && !api {
		var err error
		if got, err = formValue(w, r, csrfField); err != nil {
			return err
		}
	}
	var want string
	if id.session != "" {
		want = sessionCSRF(id.session)
	} else if ck, err := r.Cookie(csrfCookie); err == nil {
		want = ck.Value
	}
	if want == "" || got == "" || subtle.ConstantTimeCompare([]byte(got), []byte(want)) != 1 {
		return errCSRF
	}
	return nil
}

// formValue reads a form field of a urlencoded or multipart body. A
// multipart body is read up to the largest form there is (a photo upload,
// maxUpload) and held in memory: never more, and never spilled to
// temporary files.
func formValue(w http.ResponseWriter, r *http.Request, name string) (string, error) {
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") && r.MultipartForm == nil {
		if err := parseUpload(w, r); err != nil {
			var mbe *http.MaxBytesError
			if errors.As(err, &mbe) {
				return "", errUploadTooLarge
			}
			return "", nil // no token in a form that cannot be read
		}
	}
	return r.PostFormValue(name), nil
}

// parseUpload parses a multipart body, up to maxUpload bytes, in memory
// (over it, the server closes the connection after answering).
func parseUpload(w http.ResponseWriter, r *http.Request) error {
	r.Body = http.MaxBytesReader(w, r.Body, maxUpload)
	return r.ParseMultipartForm(maxUpload)
}

// Argon2id parameters (OWASP's minimum: 19 MiB, 2 passes, 1 lane).
const (
	argonTime    = 2
	argonMemory  = 19 * 1024
	argonThreads = 1
	argonKeyLen  = 32
)

// HashPassword returns the argon2id hash of a password, in the PHC string
// form ($argon2id$v=19$m=…,t=…,p=…$salt$hash).
func HashPassword(password string) (string, error) {
	if len(password) < 8 {
		return "", hindsight.Errorf(hindsight.EINVALID, "a password needs at least 8 characters")
	}
	if len(password) > 1024 {
		return "", hindsight.Errorf(hindsight.EINVALID, "a password has at most 1024 characters")
	}
	salt := make([]byte, 16)
	rand.Read(salt)
	key := argon2.IDKey([]byte(password), salt, argonTime, argonMemory, argonThreads, argonKeyLen)
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, argonMemory, argonTime, argonThreads,
		base64.RawStdEncoding.EncodeToString(salt), base64.RawStdEncoding.EncodeToString(key)), nil
}

// CheckPassword reports whether password matches an argon2id hash.
func CheckPassword(hash, password string) bool {
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false
	}
	var m uint32
	var t uint32
	var p uint8
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &m, &t, &p); err != nil || m > 1<<20 || t > 16 || p == 0 {
		return false
	}
	salt, err1 := base64.RawStdEncoding.DecodeString(parts[4])
	key, err2 := base64.RawStdEncoding.DecodeString(parts[5])
	if err1 != nil || err2 != nil || len(key) == 0 {
		return false
	}
	got := argon2.IDKey([]byte(password), salt, t, m, p, uint32(len(key)))
	return subtle.ConstantTimeCompare(got, key) == 1
}

// dummyHash is checked against when a login names no user, so a missing
// user takes as long as a wrong password.
var dummyHash, _ = HashPassword("not a password of anyone")

func (s *Server) loginPage(w http.ResponseWriter, r *http.Request, id *identity) error {
	if id.Role != "" {
		http.Redirect(w, r, safeNext(r.URL.Query().Get("next")), http.StatusSeeOther)
		return nil
	}
	s.render(w, r, id, http.StatusOK, "login", "Log in", map[string]any{"Next": r.URL.Query().Get("next")})
	return nil
}

func (s *Server) login(w http.ResponseWriter, r *http.Request, id *identity) error {
	name := strings.TrimSpace(r.PostFormValue("name"))
	pw := r.PostFormValue("password")
	next := r.PostFormValue("next")
	u, hash, err := s.store.User(r.Context(), name)
	if err != nil && hindsight.ErrorCode(err) != hindsight.ENOTFOUND {
		return err
	}
	if err != nil {
		CheckPassword(dummyHash, pw)
	}
	if err != nil || !CheckPassword(hash, pw) {
		s.log.Warn("login failed", "user", name, "remote", r.RemoteAddr)
		s.render(w, r, id, http.StatusUnauthorized, "login", "Log in", map[string]any{
			"Next": next, "Name": name, "Error": "That name and password do not match an account."})
		return nil
	}
	secret, hash := hindsight.NewSecret("s_")
	c := &hindsight.Credential{Hash: hash, Kind: hindsight.CredSession, User: u.Name, Created: s.now(), Expires: s.now().Add(s.ttl)}
	if err := s.store.PutCredential(r.Context(), c); err != nil {
		return err
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: secret, Path: "/", HttpOnly: true, SameSite: http.SameSiteLaxMode,
		Secure: isTLS(r), Expires: c.Expires})
	http.Redirect(w, r, safeNext(next), http.StatusSeeOther)
	return nil
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request, id *identity) error {
	if id.session != "" {
		if err := s.store.RevokeCredential(r.Context(), hindsight.SecretHash(id.session)); err != nil && hindsight.ErrorCode(err) != hindsight.ENOTFOUND {
			return err
		}
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: "", Path: "/", MaxAge: -1, HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: isTLS(r)})
	http.Redirect(w, r, "/login", http.StatusSeeOther)
	return nil
}

// safeNext keeps a redirect after login on this site.
func safeNext(next string) string {
	// Browsers drop tabs and line breaks from a URL, so "/\t/evil" would be
	// "//evil": any control character makes it unsafe.
	if next == "" || !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.Contains(next, "\\") ||
		strings.ContainsFunc(next, unicode.IsControl) {
		return "/"
	}
	return next
}

func urlQueryEscape(s string) string { return url.QueryEscape(s) }

// account: your API tokens.
func (s *Server) accountPage(w http.ResponseWriter, r *http.Request, id *identity) error {
	var toks []hindsight.Credential
	if id.Via != "local" {
		var err error
		toks, err = s.store.Credentials(r.Context(), hindsight.CredentialFilter{Kind: hindsight.CredToken, User: id.User})
		if err != nil {
			return err
		}
	}
	s.render(w, r, id, http.StatusOK, "account", "Account", map[string]any{"Tokens": toks})
	return nil
}

func (s *Server) createToken(w http.ResponseWriter, r *http.Request, id *identity) error {
	if id.Via == "local" {
		return hindsight.Errorf(hindsight.EINVALID, "the local user has no API tokens: add a user (hindsight users add NAME --role editor) and log in as them")
	}
	label := strings.TrimSpace(r.PostFormValue("label"))
	if len(label) > 100 {
		return hindsight.Errorf(hindsight.EINVALID, "a token label has at most 100 characters")
	}
	secret, hash := hindsight.NewSecret("hs_")
	if err := s.store.PutCredential(r.Context(), &hindsight.Credential{Hash: hash, Kind: hindsight.CredToken, User: id.User, Label: label, Created: s.now()}); err != nil {
		return err
	}
	toks, err := s.store.Credentials(r.Context(), hindsight.CredentialFilter{Kind: hindsight.CredToken, User: id.User})
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	s.render(w, r, id, http.StatusOK, "account", "Account", map[string]any{"Tokens": toks, "NewToken": secret})
	return nil
}

func (s *Server) revokeToken(w http.ResponseWriter, r *http.Request, id *identity) error {
	c, err := s.store.Credential(r.Context(), r.PathValue("hash"))
	if err != nil {
		return err
	}
	if c.Kind != hindsight.CredToken || (c.User != id.User && id.Role != hindsight.RoleAdmin) {
		return hindsight.Errorf(hindsight.ENOTFOUND, "no such token")
	}
	if err := s.store.RevokeCredential(r.Context(), c.Hash); err != nil {
		return err
	}
	http.Redirect(w, r, "/account", http.StatusSeeOther)
	return nil
}

func (s *Server) usersPage(w http.ResponseWriter, r *http.Request, id *identity) error {
	return s.renderUsers(w, r, id, http.StatusOK, nil)
}

func (s *Server) renderUsers(w http.ResponseWriter, r *http.Request, id *identity, status int, form map[string]string) error {
	us, err := s.store.Users(r.Context())
	if err != nil {
		return err
	}
	s.render(w, r, id, status, "users", "Users", map[string]any{"Users": us, "Roles": hindsight.Roles, "Form": form})
	return nil
}

func (s *Server) addUser(w http.ResponseWriter, r *http.Request, id *identity) error {
	name := strings.TrimSpace(r.PostFormValue("name"))
	role := hindsight.Role(r.PostFormValue("role"))
	form := map[string]string{"Name": name, "Role": string(role)}
	if err := hindsight.ValidUserName(name); err != nil {
		form["NameError"] = message(err)
	}
	if !role.Valid() {
		form["RoleError"] = "choose viewer, editor or admin"
	}
	hash, err := HashPassword(r.PostFormValue("password"))
	if err != nil {
		form["PasswordError"] = message(err)
	}
	if form["NameError"]+form["RoleError"]+form["PasswordError"] != "" {
		return s.renderUsers(w, r, id, http.StatusBadRequest, form)
	}
	if err := s.store.PutUser(r.Context(), &hindsight.User{Name: name, Role: role}, hash); err != nil {
		return err
	}
	s.usersChanged()
	http.Redirect(w, r, "/admin/users", http.StatusSeeOther)
	return nil
}

func (s *Server) deleteUser(w http.ResponseWriter, r *http.Request, id *identity) error {
	if err := s.store.DeleteUser(r.Context(), r.PathValue("name")); err != nil {
		return err
	}
	s.usersChanged()
	http.Redirect(w, r, "/admin/users", http.StatusSeeOther)
	return nil
}
