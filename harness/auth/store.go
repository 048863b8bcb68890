package auth

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
)

// Store keeps the token between runs. A Source saves every token it obtains; SalesLoft
// rotates refresh tokens (API-FACTS §1.1), so the stored refresh token is the only valid one.
type Store interface {
	// Load returns the saved token, or an error matching ErrNoToken if none was saved.
	Load() (*Token, error)
	// Save replaces the saved token with t.
	Save(t *Token) error
}

// fileVersion is the version of the token file format FileStore writes.
const fileVersion = 1

// fileToken is the token file's JSON: the oauth2.Token fields (access_token, token_type,
// refresh_token, expiry, expires_in) plus a format version.
type fileToken struct {
	Version int `json:"version"`
	*Token
}

// FileStore is a Store in one JSON file, readable only by its owner (mode 0600). Save is
// atomic: it writes a temporary file in the same directory, syncs it and renames it over
// Path, so a crash leaves the old token or the new one, never half of one.
type FileStore struct {
	// Path is the token file, e.g. ~/.config/loftgate/token.json. Its directory is
	// created (mode 0700) on Save if missing.
	Path string
}

// Load reads the token. A missing file gives an error matching ErrNoToken; a file that
// is not a token gives an error naming the path and what to do.
func (f FileStore) Load() (*Token, error) {
	if f.Path == "" {
		return nil, errors.New("auth: FileStore has no Path")
	}
	b, err := os.ReadFile(f.Path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%w at %s; run `loftgate auth login` to create one", ErrNoToken, f.Path)
	}
	if err != nil {
		return nil, fmt.Errorf("auth: reading token file %s: %w", f.Path, err)
	}
	ft := fileToken{Token: new(Token)}
	if err := json.Unmarshal(b, &ft); err != nil {
		return nil, f.corrupt(fmt.Sprintf("it is not valid token JSON (%v)", err))
	}
	if ft.Version > fileVersion {
		return nil, fmt.Errorf("auth: token file %s has format version %d, newer than this loftgate understands (%d); upgrade loftgate or run `loftgate auth login`", f.Path, ft.Version, fileVersion)
	}
	if ft.AccessToken == "" && ft.RefreshToken == "" {
		return nil, f.corrupt("it holds neither an access token nor a refresh token")
	}
	return ft.Token, nil
}

func (f FileStore) corrupt(why string) error {
	return fmt.Errorf("auth: token file %s is corrupt: %s; delete it and run `loftgate auth login`", f.Path, why)
}

// Save writes t atomically with mode 0600.
func (f FileStore) Save(t *Token) (err error) {
	if f.Path == "" {
		return errors.New("auth: FileStore has no Path")
	}
	if t == nil {
		return errors.New("auth: FileStore.Save: the token is nil")
	}
	b, err := json.MarshalIndent(fileToken{Version: fileVersion, Token: t}, "", "  ")
	if err != nil {
		return fmt.Errorf("auth: encoding token for %s: %w", f.Path, err)
	}
	dir := filepath.Dir(f.Path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("auth: creating token directory: %w", err)
	}
	// os.CreateTemp creates the file with mode 0600.
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(f.Path)+".tmp-*")
	if err != nil {
		return fmt.Errorf("auth: creating temporary token file in %s: %w", dir, err)
	}
	defer func() {
		if err != nil {
			if rmErr := os.Remove(tmp.Name()); rmErr != nil && !errors.Is(rmErr, fs.ErrNotExist) {
				err = errors.Join(err, rmErr)
			}
		}
	}()
	if _, err := tmp.Write(append(b, '\n')); err != nil {
		return errors.Join(fmt.Errorf("auth: writing token file: %w", err), tmp.Close())
	}
	if err := tmp.Chmod(0o600); err != nil {
		return errors.Join(fmt.Errorf("auth: setting token file mode: %w", err), tmp.Close())
	}
	if err := tmp.Sync(); err != nil {
		return errors.Join(fmt.Errorf("auth: syncing token file: %w", err), tmp.Close())
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("auth: closing token file: %w", err)
	}
	if err := os.Rename(tmp.Name(), f.Path); err != nil {
		return fmt.Errorf("auth: replacing token file %s: %w", f.Path, err)
	}
	return syncDir(dir)
}

// syncDir makes the rename durable. Windows cannot sync a directory; there the rename is
// left to the file system.
func syncDir(dir string) error {
	if runtime.GOOS == "windows" {
		return nil
	}
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("auth: syncing token directory: %w", err)
	}
	if err := d.Sync(); err != nil {
		return errors.Join(fmt.Errorf("auth: syncing token directory: %w", err), d.Close())
	}
	return d.Close()
}
