package httpserve_test

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/labrelay/labrelay/internal/httpserve"
)

func mustServe(t *testing.T, s *httpserve.Server) string {
	t.Helper()
	s.Addr = "127.0.0.1:0"
	if err := s.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Shutdown() })
	return strings.TrimPrefix(s.URL(), "http://")
}

// TestHeaderLimit: headers past MaxHeaderBytes (64 KiB by default, not
// Go's 1 MiB) are refused with 431.
func TestHeaderLimit(t *testing.T) {
	addr := mustServe(t, &httpserve.Server{Handler: http.NotFoundHandler()})
	req, _ := http.NewRequest("GET", "http://"+addr+"/", nil)
	req.Header.Set("X-Big", strings.Repeat("a", 200<<10))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusRequestHeaderFieldsTooLarge {
		t.Errorf("200 KiB header: %s, want 431", resp.Status)
	}
}

// TestTrickledBody: a body sent a byte at a time cannot hold the
// connection past ReadTimeout (issue 17 finding 5: 1 byte / 8 s held a
// connection 80 s). The handler sees the read fail.
func TestTrickledBody(t *testing.T) {
	readErr := make(chan error, 1)
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, err := io.ReadAll(r.Body)
		readErr <- err
	})
	addr := mustServe(t, &httpserve.Server{Handler: h, ReadTimeout: 300 * time.Millisecond})
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n")
	stop := make(chan struct{})
	defer close(stop)
	go func() {
		for {
			select {
			case <-stop:
				return
			case <-time.After(50 * time.Millisecond):
				if _, err := conn.Write([]byte("x")); err != nil {
					return
				}
			}
		}
	}()
	select {
	case err := <-readErr:
		if err == nil {
			t.Error("the trickled body was read to its end")
		}
	case <-time.After(20 * time.Second):
		t.Fatal("the trickled body still holds the connection after 20 s")
	}
}

// TestIdleConnectionClosed: a keep-alive connection without a next request
// is closed after IdleTimeout.
func TestIdleConnectionClosed(t *testing.T) {
	addr := mustServe(t, &httpserve.Server{Handler: http.NotFoundHandler(), IdleTimeout: 200 * time.Millisecond})
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "GET / HTTP/1.1\r\nHost: x\r\n\r\n")
	br := bufio.NewReader(conn)
	resp, err := http.ReadResponse(br, nil)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	conn.SetReadDeadline(time.Now().Add(20 * time.Second))
	if _, err := br.ReadByte(); err != io.EOF {
		t.Errorf("idle connection: read %v, want EOF (closed by the server)", err)
	}
}

// TestDefaultLimits: a Server with no limits set gets every one.
func TestDefaultLimits(t *testing.T) {
	srv := (&httpserve.Server{}).HTTPServer()
	if srv.ReadHeaderTimeout != httpserve.DefaultReadHeaderTimeout || srv.ReadTimeout != httpserve.DefaultReadTimeout ||
		srv.WriteTimeout != httpserve.DefaultWriteTimeout || srv.IdleTimeout != httpserve.DefaultIdleTimeout ||
		srv.MaxHeaderBytes != httpserve.DefaultMaxHeaderBytes {
		t.Errorf("limits: header %s, read %s, write %s, idle %s, max header %d", srv.ReadHeaderTimeout,
			srv.ReadTimeout, srv.WriteTimeout, srv.IdleTimeout, srv.MaxHeaderBytes)
	}
	for _, d := range []time.Duration{srv.ReadHeaderTimeout, srv.ReadTimeout, srv.WriteTimeout, srv.IdleTimeout} {
		if d <= 0 {
			t.Errorf("a timeout is %s", d)
		}
	}
}
