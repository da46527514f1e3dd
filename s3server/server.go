package s3server

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/versity/versitygw/backend/meta"
	"github.com/versity/versitygw/backend/posix"
	"github.com/versity/versitygw/embedgw"
)

// Options configure Start. Dir and the keys are required.
type Options struct {
	// Dir holds the buckets, one directory each. Created if missing.
	Dir string
	// Addr is the host:port to listen on; "" or a port of 0 picks a free
	// port on 127.0.0.1.
	Addr string
	// AccessKey and SecretKey are the root account's credentials.
	AccessKey string
	SecretKey string
	// Region reported to clients; "" means us-east-1.
	Region string
	// WebhookURL, when set, receives an AWS-format S3 event JSON for every
	// object change, once, with a 3 s timeout (events can be lost). The
	// server refuses to start when the URL cannot be reached, so start the
	// receiver first.
	WebhookURL string
}

// Server is a running S3-compatible server.
type Server struct {
	endpoint string
	cancel   context.CancelFunc
	done     chan struct{}
	err      error
	once     sync.Once
}

// ErrRunning is returned by Start when this process already runs a server.
var ErrRunning = errors.New("an S3 server already runs in this process")

var running sync.Mutex

// Start starts the server and returns once it accepts connections. The
// server stops when ctx ends or Close is called.
func Start(ctx context.Context, opts Options) (*Server, error) {
	if opts.Dir == "" {
		return nil, errors.New("s3server: Dir is required")
	}
	if opts.AccessKey == "" || opts.SecretKey == "" {
		return nil, errors.New("s3server: AccessKey and SecretKey are required")
	}
	if !running.TryLock() {
		return nil, ErrRunning
	}
	// The lock is let go before Done closes, so a Start after Close or
	// after Done never finds it still held.
	release := sync.OnceFunc(running.Unlock)
	s, err := start(ctx, opts, release)
	if err != nil {
		release()
		return nil, err
	}
	return s, nil
}

// start runs the gateway; release runs once it has stopped, before done
// closes.
func start(ctx context.Context, opts Options, release func()) (*Server, error) {
	dir, err := filepath.Abs(opts.Dir)
	if err != nil {
		return nil, fmt.Errorf("s3server: %w", err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("s3server: %w", err)
	}
	// Object metadata (ETag, content type) lives in extended attributes when
	// the file system has them, else in a sidecar directory beside Dir.
	var ms meta.MetadataStorer = meta.XattrMeta{}
	popts := posix.PosixOpts{Concurrency: 64, IOBufferSize: 1 << 20}
	popts.SetNewDirPerm(0o755)
	popts.SetNewFilePerm(0o644)
	if err := (meta.XattrMeta{}).Test(dir); err != nil {
		side := dir + ".meta"
		if err := os.MkdirAll(side, 0o755); err != nil {
			return nil, fmt.Errorf("s3server: %w", err)
		}
		sc, err := meta.NewSideCar(side)
		if err != nil {
			return nil, fmt.Errorf("s3server: sidecar metadata: %w", err)
		}
		ms, popts.SideCarDir = sc, side
	}

	addr, err := pickAddr(opts.Addr)
	if err != nil {
		return nil, err
	}
	be, err := posix.New(dir, ms, popts)
	if err != nil {
		return nil, fmt.Errorf("s3server: posix backend: %w", err)
	}

	cfg := &embedgw.Config{
		RootUserAccess:    opts.AccessKey,
		RootUserSecret:    opts.SecretKey,
		Region:            opts.Region,
		Ports:             []string{addr},
		MaxConnections:    250,
		MaxRequests:       250,
		MultipartMaxParts: 10000,
		Quiet:             true,
		KeepAlive:         true,
		EventWebhookURL:   opts.WebhookURL,
	}
	ctx, cancel := context.WithCancel(ctx)
	s := &Server{endpoint: "http://" + addr, cancel: cancel, done: make(chan struct{})}
	go func() {
		defer close(s.done)
		defer release()
		s.err = embedgw.RunVersityGW(ctx, be, cfg)
	}()

	// Wait until it listens, or gives up.
	deadline := time.Now().Add(15 * time.Second)
	for {
		select {
		case <-s.done:
			cancel()
			if s.err == nil {
				s.err = errors.New("stopped at once")
			}
			return nil, fmt.Errorf("s3server: start: %w", s.err)
		default:
		}
		if ready(s.endpoint) {
			break
		}
		if time.Now().After(deadline) {
			s.Close()
			return nil, fmt.Errorf("s3server: start: %s did not answer within 15 s", addr)
		}
		time.Sleep(10 * time.Millisecond)
	}
	return s, nil
}

// Endpoint is the server's base URL, e.g. http://127.0.0.1:39041.
func (s *Server) Endpoint() string { return s.endpoint }

// Done is closed when the server has stopped.
func (s *Server) Done() <-chan struct{} { return s.done }

// Close stops the server and waits for it.
func (s *Server) Close() error {
	s.once.Do(func() { s.cancel() })
	<-s.done
	if errors.Is(s.err, context.Canceled) {
		return nil
	}
	return s.err
}

func pickAddr(addr string) (string, error) {
	host, port := "127.0.0.1", "0"
	if addr != "" {
		h, p, err := net.SplitHostPort(addr)
		if err != nil {
			return "", fmt.Errorf("s3server: address %q: %w", addr, err)
		}
		if h != "" {
			host = h
		}
		port = p
	}
	if port != "0" && port != "" {
		return net.JoinHostPort(host, port), nil
	}
	// versitygw needs a fixed port: borrow a free one from the kernel.
	l, err := net.Listen("tcp", net.JoinHostPort(host, "0"))
	if err != nil {
		return "", fmt.Errorf("s3server: find a free port: %w", err)
	}
	defer l.Close()
	return l.Addr().String(), nil
}

func ready(endpoint string) bool {
	c := http.Client{Timeout: time.Second}
	resp, err := c.Get(endpoint + "/")
	if err != nil {
		return false
	}
	resp.Body.Close()
	return true
}
