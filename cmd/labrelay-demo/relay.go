package main

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"time"

	"github.com/labrelay/labrelay/demo"
	"go.yaml.in/yaml/v3"
)

// config is the `labrelay run` configuration of the demo, as the YAML of
// etc/labrelay.example.yaml.
func (e *env) config() map[string]any {
	var sources []map[string]any
	for _, b := range demo.Buckets {
		sources = append(sources, map[string]any{
			"name": b.Name, "bucket": b.Name, "lab": b.Lab,
			"endpoint": e.s3Endpoint(), "region": region, "path_style": true,
			"access_key": accessKey, "secret_key": secretKey,
		})
	}
	return map[string]any{
		"store":   map[string]any{"sqlite": e.dbPath()},
		"http":    map[string]any{"addr": e.relayAddr},
		"logging": map[string]any{"format": "text", "level": "info"},
		"sources": sources,
		"notifications": map[string]any{"poll_interval": "5s",
			"webhook": map[string]any{"path": webhookPath, "token": e.hookToken, "raw_keys": true}},
		"workers": map[string]any{"lease_ttl": "30s", "store_poll": "1s", "shutdown_grace": "5s"},
		"signer":  map[string]any{"key_file": e.keyPath},
		"destination": map[string]any{"base_url": e.dspURL, "client_id": clientID, "client_secret": clientSecret,
			"timeout": "10s", "retry": map[string]any{"base": "200ms", "max": "10s"}},
		"callback": map[string]any{"path": callbackPath, "secret": callbackKey},
		// Plain HTTP on loopback: cookies cannot be Secure (said at start).
		"review": map[string]any{"users": filepath.Join(e.dir, "users.yaml"), "secure_cookies": false},
	}
}

// labrelayBinary is --labrelay, else labrelay next to this binary, else
// labrelay on PATH.
func (e *env) labrelayBinary() (string, error) {
	if e.o.Labrelay != "" {
		return e.o.Labrelay, nil
	}
	if self, err := os.Executable(); err == nil {
		p := filepath.Join(filepath.Dir(self), "labrelay")
		if _, err := os.Stat(p); err == nil {
			return p, nil
		}
	}
	p, err := exec.LookPath("labrelay")
	if err != nil {
		return "", errors.New("no labrelay binary next to labrelay-demo or on PATH: run 'make build', or give --labrelay")
	}
	return p, nil
}

// child is `labrelay run`; exited receives its end once.
type child struct {
	cmd    *exec.Cmd
	exited chan error
	done   chan struct{}
	err    error
}

// startRelay writes DIR/labrelay.yaml and starts `labrelay run` on it,
// its log going to the demo's log; it returns once /readyz answers.
func (e *env) startRelay(ctx context.Context) (*child, error) {
	bin, err := e.labrelayBinary()
	if err != nil {
		return nil, err
	}
	data, err := yaml.Marshal(e.config())
	if err != nil {
		return nil, err
	}
	cfgPath := filepath.Join(e.dir, "labrelay.yaml")
	if err := os.WriteFile(cfgPath, data, 0o600); err != nil {
		return nil, err
	}
	c := &child{cmd: exec.Command(bin, "run", "--config", cfgPath), exited: make(chan error, 1), done: make(chan struct{})}
	c.cmd.Stdout, c.cmd.Stderr = e.logOut, e.logOut
	if err := c.cmd.Start(); err != nil {
		return nil, fmt.Errorf("start %s: %w", bin, err)
	}
	go func() {
		c.err = c.cmd.Wait()
		close(c.done)
		c.exited <- c.err
	}()
	if err := c.waitReady(ctx, e.relayURL()+"/readyz"); err != nil {
		c.stop()
		return nil, fmt.Errorf("labrelay run (log: %s): %w", e.logFile.Name(), err)
	}
	return c, nil
}

// waitReady polls url until it answers 200, the child exits or a minute
// passes.
func (c *child) waitReady(ctx context.Context, url string) error {
	deadline := time.Now().Add(time.Minute)
	client := &http.Client{Timeout: time.Second}
	for time.Now().Before(deadline) {
		if resp, err := client.Get(url); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-c.done:
			return fmt.Errorf("exited before it was ready: %v", c.err)
		case <-time.After(100 * time.Millisecond):
		}
	}
	return errors.New("not ready after a minute")
}

// stop asks the child to finish its work (SIGTERM) and waits; after 20 s
// it is killed. It returns the child's error, nil for a clean stop.
func (c *child) stop() error {
	select {
	case <-c.done:
		return c.err
	default:
	}
	c.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-c.done:
	case <-time.After(20 * time.Second):
		c.cmd.Process.Kill()
		<-c.done
	}
	return c.err
}
