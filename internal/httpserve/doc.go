// Package httpserve runs one HTTP listener for a command's lifetime:
// listen early (so the address is known before anything depends on it),
// serve alongside the command's work, and shut down gracefully when the
// context ends or the work stops. It knows nothing of what it serves.
package httpserve
