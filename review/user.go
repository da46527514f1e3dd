package review

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"time"

	"go.yaml.in/yaml/v3"
	"golang.org/x/crypto/argon2"
	"golang.org/x/crypto/bcrypt"
)

// Role is what a signed-in user may do.
type Role string

const (
	// RoleReviewer may claim, correct, approve and reject documents.
	RoleReviewer Role = "reviewer"
	// RoleAdmin may also see the users list and the exceptions list.
	RoleAdmin Role = "admin"
)

// Valid reports whether r is a known role.
func (r Role) Valid() bool { return r == RoleReviewer || r == RoleAdmin }

// User is one local account. PasswordHash is a bcrypt hash ($2a$, $2b$,
// $2y$) or an argon2id hash in PHC form ($argon2id$v=19$m=…,t=…,p=…$salt$hash).
type User struct {
	Name         string `yaml:"name"`
	Role         Role   `yaml:"role"`
	PasswordHash string `yaml:"password_hash"`
}

// ErrUnknownUser is returned by a UserSource for a name it does not hold.
var ErrUnknownUser = errors.New("unknown user")

// UserSource holds the accounts that may sign in. UsersFile is the one in
// use; tests may pass their own.
type UserSource interface {
	// User returns the named account. Errors: ErrUnknownUser.
	User(ctx context.Context, name string) (User, error)
	// Users lists every account, for the admin page.
	Users(ctx context.Context) ([]User, error)
}

var nameRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$`)

// ValidName reports whether name may be a user name: 1–64 letters, digits,
// '.', '_', '@' or '-', starting with a letter or digit.
func ValidName(name string) bool { return nameRE.MatchString(name) }

type usersFile struct {
	Users []User `yaml:"users"`
}

// ParseUsers reads a users file:
//
//	users:
//	  - name: alice
//	    role: reviewer
//	    password_hash: $argon2id$v=19$m=19456,t=2,p=1$…
func ParseUsers(r io.Reader) ([]User, error) {
	var f usersFile
	dec := yaml.NewDecoder(r)
	dec.KnownFields(true)
	if err := dec.Decode(&f); err != nil && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("users file: %w", err)
	}
	seen := map[string]bool{}
	for i, u := range f.Users {
		switch {
		case !ValidName(u.Name):
			return nil, fmt.Errorf("users[%d].name %q: use 1-64 letters, digits, '.', '_', '@' or '-'", i, u.Name)
		case seen[u.Name]:
			return nil, fmt.Errorf("users[%d].name %q: listed twice", i, u.Name)
		case !u.Role.Valid():
			return nil, fmt.Errorf("users[%d].role %q: must be reviewer or admin", i, u.Role)
		case !knownHash(u.PasswordHash):
			return nil, fmt.Errorf("users[%d].password_hash: not a bcrypt or argon2id hash; set it with 'labrelay users add'", i)
		}
		seen[u.Name] = true
	}
	return f.Users, nil
}

// MarshalUsers writes users in the form ParseUsers reads.
func MarshalUsers(users []User) ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteString("# labrelay review users; edit with 'labrelay users add NAME --role reviewer|admin'.\n")
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(usersFile{Users: users}); err != nil {
		return nil, err
	}
	return buf.Bytes(), enc.Close()
}

// UsersFile is a UserSource on a YAML file. It rereads the file when it
// changes, so accounts added with `labrelay users add` can sign in without a
// restart; when a reread fails it keeps the accounts it had.
type UsersFile struct {
	// Path of the YAML file.
	Path string

	mu    sync.Mutex
	mod   time.Time
	size  int64
	users []User
	err   error
}

var _ UserSource = (*UsersFile)(nil)

// NewUsersFile returns a UsersFile on path; Load reads it.
func NewUsersFile(path string) *UsersFile { return &UsersFile{Path: path} }

// Load reads the file now and reports what is wrong with it.
func (f *UsersFile) Load() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.mod = time.Time{}
	f.refresh()
	return f.err
}

// refresh rereads the file if it changed; f.mu must be held.
func (f *UsersFile) refresh() {
	fi, err := os.Stat(f.Path)
	if err != nil {
		f.err = fmt.Errorf("users file %s: %w", f.Path, err)
		return
	}
	if fi.ModTime().Equal(f.mod) && fi.Size() == f.size && f.users != nil {
		return
	}
	data, err := os.ReadFile(f.Path)
	if err != nil {
		f.err = fmt.Errorf("users file %s: %w", f.Path, err)
		return
	}
	users, err := ParseUsers(bytes.NewReader(data))
	if err != nil {
		f.err = fmt.Errorf("%s: %w", f.Path, err)
		return
	}
	f.users, f.mod, f.size, f.err = users, fi.ModTime(), fi.Size(), nil
	if f.users == nil {
		f.users = []User{}
	}
}

// User implements UserSource.
func (f *UsersFile) User(ctx context.Context, name string) (User, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.refresh()
	for _, u := range f.users {
		if u.Name == name {
			return u, nil
		}
	}
	if f.users == nil && f.err != nil {
		return User{}, f.err
	}
	return User{}, ErrUnknownUser
}

// Users implements UserSource.
func (f *UsersFile) Users(ctx context.Context) ([]User, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.refresh()
	if f.users == nil && f.err != nil {
		return nil, f.err
	}
	return append([]User(nil), f.users...), nil
}

// PutUser adds u to the users file at path, or replaces the account of the
// same name, creating the file (mode 0600) when missing. The file is
// replaced atomically.
func PutUser(path string, u User) (replaced bool, err error) {
	if !ValidName(u.Name) {
		return false, fmt.Errorf("user name %q: use 1-64 letters, digits, '.', '_', '@' or '-'", u.Name)
	}
	if !u.Role.Valid() {
		return false, fmt.Errorf("role %q: must be reviewer or admin", u.Role)
	}
	var users []User
	data, err := os.ReadFile(path)
	switch {
	case err == nil:
		if users, err = ParseUsers(bytes.NewReader(data)); err != nil {
			return false, fmt.Errorf("%s: %w", path, err)
		}
	case errors.Is(err, os.ErrNotExist):
	default:
		return false, err
	}
	for i := range users {
		if users[i].Name == u.Name {
			users[i], replaced = u, true
		}
	}
	if !replaced {
		users = append(users, u)
	}
	out, err := MarshalUsers(users)
	if err != nil {
		return false, err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".users-*.yaml")
	if err != nil {
		return false, err
	}
	defer os.Remove(tmp.Name())
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		return false, err
	}
	if _, err := tmp.Write(out); err != nil {
		tmp.Close()
		return false, err
	}
	if err := tmp.Close(); err != nil {
		return false, err
	}
	return replaced, os.Rename(tmp.Name(), path)
}

// Argon2id parameters of new hashes: the OWASP minimum for argon2id (19 MiB,
// two passes, one lane), about 30 ms here, so a sign-in stays cheap for the
// server and a stolen file stays expensive to crack.
const (
	argonMemory  = 19 * 1024
	argonTime    = 2
	argonThreads = 1
	argonKeyLen  = 32
)

// HashPassword returns an argon2id hash of password in PHC form.
func HashPassword(password string) (string, error) {
	if len(password) < 8 {
		return "", errors.New("password too short: use at least 8 characters")
	}
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	key := argon2.IDKey([]byte(password), salt, argonTime, argonMemory, argonThreads, argonKeyLen)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, argonMemory, argonTime, argonThreads,
		b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

func knownHash(h string) bool {
	if strings.HasPrefix(h, "$argon2id$") {
		_, _, _, _, _, err := parseArgon2(h)
		return err == nil
	}
	_, err := bcrypt.Cost([]byte(h))
	return err == nil
}

func parseArgon2(h string) (mem, t uint32, p uint8, salt, key []byte, err error) {
	parts := strings.Split(h, "$")
	// "", "argon2id", "v=19", "m=…,t=…,p=…", salt, key
	if len(parts) != 6 || parts[1] != "argon2id" {
		return 0, 0, 0, nil, nil, errors.New("malformed argon2id hash")
	}
	var v int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &v); err != nil || v != argon2.Version {
		return 0, 0, 0, nil, nil, errors.New("unsupported argon2id version")
	}
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &mem, &t, &p); err != nil || mem == 0 || t == 0 || p == 0 || mem > 1<<21 || t > 64 {
		return 0, 0, 0, nil, nil, errors.New("malformed argon2id parameters")
	}
	b64 := base64.RawStdEncoding
	if salt, err = b64.DecodeString(parts[4]); err != nil || len(salt) < 8 {
		return 0, 0, 0, nil, nil, errors.New("malformed argon2id salt")
	}
	if key, err = b64.DecodeString(parts[5]); err != nil || len(key) < 16 {
		return 0, 0, 0, nil, nil, errors.New("malformed argon2id key")
	}
	return mem, t, p, salt, key, nil
}

// CheckPassword reports whether password matches hash (bcrypt or argon2id).
func CheckPassword(hash, password string) bool {
	if strings.HasPrefix(hash, "$argon2id$") {
		mem, t, p, salt, key, err := parseArgon2(hash)
		if err != nil {
			return false
		}
		got := argon2.IDKey([]byte(password), salt, t, mem, p, uint32(len(key)))
		return subtle.ConstantTimeCompare(got, key) == 1
	}
	return bcrypt.CompareHashAndPassword([]byte(hash), []byte(password)) == nil
}

// dummyHash is checked against when the user is unknown, so that a sign-in
// for a missing account takes as long as one with a wrong password.
var dummyHash = sync.OnceValue(func() string {
	h, _ := HashPassword("not a password of anyone")
	return h
})
