package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"regexp"
	"strings"
	"time"

	"github.com/labrelay/labrelay/extract"
	"github.com/labrelay/labrelay/ingest"
	"github.com/labrelay/labrelay/pipeline"
	"github.com/labrelay/labrelay/publish"
	"go.yaml.in/yaml/v3"
)

// Config is the one YAML file of `labrelay run` (see
// etc/labrelay.example.yaml). Secrets are written as ${VAR} and taken from
// the environment when the file is read.
type Config struct {
	Store         StoreConfig        `yaml:"store"`
	HTTP          HTTPConfig         `yaml:"http"`
	Logging       LoggingConfig      `yaml:"logging"`
	Sources       []SourceConfig     `yaml:"sources"`
	Notifications NotificationConfig `yaml:"notifications"`
	Workers       WorkersConfig      `yaml:"workers"`
	Limits        LimitsConfig       `yaml:"limits"`
	Extract       ExtractConfig      `yaml:"extract"`
	Signer        SignerConfig       `yaml:"signer"`
	Destination   DestinationConfig  `yaml:"destination"`
	Callback      CallbackConfig     `yaml:"callback"`
	Lineage       LineageConfig      `yaml:"lineage"`
	Review        ReviewConfig       `yaml:"review"`
	// LabTrust holds the labs' signing keys: native reports they sign are
	// verified against them (docs/signing.md).
	LabTrust []LabTrustConfig `yaml:"lab_trust"`
}

// StoreConfig names the database: exactly one of SQLite and Postgres.
type StoreConfig struct {
	SQLite   string `yaml:"sqlite"`   // path of the database file
	Postgres string `yaml:"postgres"` // DSN (URL or key=value)
}

// HTTPConfig is the one HTTP listener: /metrics, /healthz, /readyz, the
// S3 event webhook, the DSP callback and (later) the review UI.
type HTTPConfig struct {
	Addr string `yaml:"addr"`
	// MetricsAddr, when set, serves /metrics on a listener of its own
	// (e.g. reachable by Prometheus only) instead of on addr.
	MetricsAddr string `yaml:"metrics_addr"`
}

// LoggingConfig picks the log format and level.
type LoggingConfig struct {
	Format string `yaml:"format"` // text or json
	Level  string `yaml:"level"`  // debug, info, warn, error
}

// S3Config says how to reach an S3-compatible (or SQS) service; empty
// credentials mean the AWS SDK's default chain.
type S3Config struct {
	Endpoint     string `yaml:"endpoint"`
	Region       string `yaml:"region"`
	PathStyle    bool   `yaml:"path_style"`
	AccessKey    string `yaml:"access_key"`
	SecretKey    string `yaml:"secret_key"`
	SessionToken string `yaml:"session_token"`
}

// SourceConfig is one lab's drop location.
type SourceConfig struct {
	Name     string `yaml:"name"`
	S3Config `yaml:",inline"`
	Bucket   string   `yaml:"bucket"`
	Prefix   string   `yaml:"prefix"`
	Suffixes []string `yaml:"suffixes"`
	// Lab is the lab family the files probably come from (a hint).
	Lab string `yaml:"lab"`
}

// NotificationConfig says how new objects are noticed: the list sweep
// always runs; the webhook and SQS are optional and faster.
type NotificationConfig struct {
	PollInterval Duration      `yaml:"poll_interval"`
	Webhook      WebhookConfig `yaml:"webhook"`
	SQS          SQSConfig     `yaml:"sqs"`
}

// WebhookConfig mounts the S3 event webhook on the HTTP listener.
type WebhookConfig struct {
	Path    string `yaml:"path"`     // e.g. /ingest/s3-events; empty: off
	Token   string `yaml:"token"`    // Bearer token or ?token=; required unless insecure_no_auth
	RawKeys bool   `yaml:"raw_keys"` // the sender does not URL-encode keys (versitygw)
	// InsecureNoAuth accepts events from anyone who can reach the
	// listener; run warns at start and in /readyz.
	InsecureNoAuth bool `yaml:"insecure_no_auth"`
}

// ingest is the webhook as ingest checks it.
func (c WebhookConfig) ingest() ingest.WebhookConfig {
	return ingest.WebhookConfig{Path: c.Path, Token: c.Token, InsecureNoAuth: c.InsecureNoAuth}
}

// SQSConfig reads S3 event notifications from a queue.
type SQSConfig struct {
	QueueURL string `yaml:"queue_url"` // empty: off
	S3Config `yaml:",inline"`
	RawKeys  bool `yaml:"raw_keys"`
}

// WorkersConfig sizes the stages and their leases.
type WorkersConfig struct {
	Fetch          int      `yaml:"fetch"`
	Extract        int      `yaml:"extract"`
	Sign           int      `yaml:"sign"`
	Publish        int      `yaml:"publish"`
	Name           string   `yaml:"name"` // lease owner name; default host-pid
	LeaseTTL       Duration `yaml:"lease_ttl"`
	ExtractTimeout Duration `yaml:"extract_timeout"`
	StorePoll      Duration `yaml:"store_poll"`
	MaxAttempts    int      `yaml:"max_attempts"`
	ShutdownGrace  Duration `yaml:"shutdown_grace"`
}

// LimitsConfig bounds inputs.
type LimitsConfig struct {
	MaxSize ByteSize `yaml:"max_size"`
}

// ExtractConfig adds native mappings and rule packs.
type ExtractConfig struct {
	Mappings           string `yaml:"mappings"` // directory of extra mapping files
	ExtractPacksConfig `yaml:",inline"`
}

// ExtractPacksConfig adds rule packs to the built-in ones: every *.yaml
// of Packs (a pack named like a built-in one replaces it). `run` reloads
// them when a file changes; the review UI writes learned packs there.
type ExtractPacksConfig struct {
	Packs string `yaml:"packs"` // directory of extra rule packs
}

func (c ExtractPacksConfig) validate(p *problems) {
	if c.Packs == "" {
		return
	}
	if fi, err := os.Stat(c.Packs); err != nil || !fi.IsDir() {
		p.add("extract.packs", "%q is not a directory: create it (it may stay empty)", c.Packs)
	}
}

// SignerConfig names the signing key: exactly one of KeyFile and KMSKeyID.
type SignerConfig struct {
	KeyFile  string `yaml:"key_file"`
	KMSKeyID string `yaml:"kms_key_id"`
}

// DestinationConfig is the DSP.
type DestinationConfig struct {
	BaseURL      string `yaml:"base_url"`
	TokenURL     string `yaml:"token_url"` // default base_url + /oauth/token
	ClientID     string `yaml:"client_id"`
	ClientSecret string `yaml:"client_secret"`
	// CAFile trusts a private CA; CertFile and KeyFile are the client
	// certificate for mutual TLS.
	CAFile   string `yaml:"ca_file"`
	CertFile string `yaml:"cert_file"`
	KeyFile  string `yaml:"key_file"`
	// Profile is what is published: "record" (the signed labrelay record,
	// or the wire map's payload) or "untp-dcc" (a UNTP Digital Conformity
	// Credential, application/vc+jwt, signed with the same key).
	Profile string `yaml:"profile"`
	// Issuer names the credentials' issuer (untp-dcc only).
	Issuer IssuerConfig `yaml:"issuer"`
	// WireMap is a wire map file (publish.LoadWireMap); empty sends the
	// signed labrelay record itself. Profile record only.
	WireMap string      `yaml:"wire_map"`
	Timeout Duration    `yaml:"timeout"`
	Retry   RetryConfig `yaml:"retry"`
}

// Destination profiles.
const (
	ProfileRecord  = "record"
	ProfileUNTPDCC = "untp-dcc" // untp.Profile
)

// IssuerConfig is the issuer of UNTP credentials: the operator of this
// labrelay, as a DID (default: the did:key of the signing key).
type IssuerConfig struct {
	ID   string `yaml:"id"`
	Name string `yaml:"name"`
	// DocumentURL is where the lab's files are published, with {sha256}
	// standing for the file's hash; it becomes the credential's link.
	DocumentURL string `yaml:"document_url"`
}

// LineageConfig says how revisions and language twins are published
// (pipeline.Lineage).
type LineageConfig struct {
	// PrimaryLanguage is the twin published: en or zh; the other twin is
	// recorded and linked, not published on its own.
	PrimaryLanguage string `yaml:"primary_language"`
}

// ReviewConfig mounts the review UI at /review/ on the HTTP listener.
type ReviewConfig struct {
	// Users is the users file ('labrelay users add'); empty: no review UI
	// (unless $LABRELAY_REVIEW_USERS names one).
	Users string `yaml:"users"`
	// SecureCookies marks cookies Secure; on by default, off only when
	// the file says false (plain HTTP on one's own machine).
	SecureCookies bool `yaml:"secure_cookies"`
	// TrustedProxies are CIDRs of reverse proxies whose X-Forwarded-For,
	// Forwarded and X-Forwarded-Proto headers the review UI believes.
	TrustedProxies []string `yaml:"trusted_proxies"`
	// ClaimTTL is how long a reviewer's claim on a document lasts.
	ClaimTTL Duration `yaml:"claim_ttl"`
}

// LabTrustConfig is one lab's signing keys. A native report the lab signs
// is verified against them and read only if the signature holds; a signed
// report whose signer is not here is invalid and goes to review.
type LabTrustConfig struct {
	// Lab is a lab family (SGS, BV), a mapping name (sgs-xml) or * for
	// every lab without an entry of its own.
	Lab string `yaml:"lab"`
	// Certificates is a PEM file of the lab's XMLDSig signing
	// certificates.
	Certificates string `yaml:"certificates"`
	// JWKS is a JWK set file of the lab's JWS keys (JSON reports).
	JWKS string `yaml:"jwks"`
	// RequireSignature sends the lab's unsigned reports to review.
	RequireSignature bool `yaml:"require_signature"`
}

// RetryConfig is the outbox's back-off (publish.Policy).
type RetryConfig struct {
	Base Duration `yaml:"base"`
	Max  Duration `yaml:"max"`
}

// CallbackConfig mounts the DSP's exception callback on the HTTP listener.
type CallbackConfig struct {
	Path   string `yaml:"path"`   // e.g. /callbacks/dsp; empty: off
	Secret string `yaml:"secret"` // HMAC key shared with the DSP
}

// DefaultConfig returns the settings used for everything the file leaves
// out. Where a library has a default, it is used, so that the two cannot
// disagree (the retry ceiling was 5m here and 1m in publish).
func DefaultConfig() Config {
	retry := publish.DefaultPolicy()
	return Config{
		HTTP:          HTTPConfig{Addr: "127.0.0.1:8080"},
		Logging:       LoggingConfig{Format: "text", Level: "info"},
		Notifications: NotificationConfig{PollInterval: Duration(time.Minute)},
		Workers: WorkersConfig{
			Fetch: 4, Extract: 2, Sign: 2, Publish: 4,
			LeaseTTL:       Duration(pipeline.DefaultLeaseTTL),
			ExtractTimeout: Duration(pipeline.DefaultExtractTimeout),
			StorePoll:      Duration(pipeline.DefaultPollInterval),
			MaxAttempts:    pipeline.DefaultMaxAttempts,
			ShutdownGrace:  Duration(pipeline.DefaultShutdownGrace),
		},
		Limits: LimitsConfig{MaxSize: extract.DefaultMaxSize},
		Destination: DestinationConfig{
			Profile: ProfileRecord,
			Timeout: Duration(30 * time.Second),
			Retry:   RetryConfig{Base: Duration(retry.Base), Max: Duration(retry.Max)},
		},
		Lineage: LineageConfig{PrimaryLanguage: "en"},
		Review:  ReviewConfig{ClaimTTL: Duration(defaultClaimTTL), SecureCookies: true},
	}
}

// defaultClaimTTL is review.claim_ttl's default, as in review.Options.
const defaultClaimTTL = 30 * time.Minute

// policy is the outbox's back-off as publish wants it.
func (c RetryConfig) policy() publish.Policy {
	return publish.Policy{Base: time.Duration(c.Base), Max: time.Duration(c.Max)}
}

// source is the ingest view of a source.
func (c SourceConfig) source() ingest.Source {
	return ingest.Source{Name: c.Name, Bucket: c.Bucket, Prefix: c.Prefix, Suffixes: c.Suffixes, Lab: c.Lab}
}

// ReadConfigFile reads and validates a config file, expanding ${VAR}
// from the environment.
func ReadConfigFile(path string) (Config, error) {
	f, err := os.Open(path)
	if err != nil {
		return Config{}, fmt.Errorf("config: %w", err)
	}
	defer f.Close()
	c, err := ParseConfig(f)
	if err != nil {
		return Config{}, fmt.Errorf("config %s: %w", path, err)
	}
	return c, nil
}

// ParseConfig reads YAML over DefaultConfig, expands ${VAR} from the
// environment (a variable that is not set is an error; $$ is a literal $)
// and validates the result. Unknown keys are errors.
func ParseConfig(r io.Reader) (Config, error) {
	return parseConfig(r, os.LookupEnv)
}

var varRef = regexp.MustCompile(`\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)\}`)

func parseConfig(r io.Reader, lookup func(string) (string, bool)) (Config, error) {
	var root yaml.Node
	if err := yaml.NewDecoder(r).Decode(&root); err != nil && !errors.Is(err, io.EOF) {
		return Config{}, err // already says "yaml: …"
	}
	// Expand in values only, after parsing: comments and keys are left
	// alone, and a secret holding YAML syntax cannot change the structure.
	var missing []string
	var expand func(n *yaml.Node)
	expand = func(n *yaml.Node) {
		if n.Kind == yaml.ScalarNode {
			n.Value = varRef.ReplaceAllStringFunc(n.Value, func(m string) string {
				if m == "$$" {
					return "$"
				}
				v, ok := lookup(m[2 : len(m)-1])
				if !ok {
					missing = append(missing, fmt.Sprintf("%s (line %d)", m[2:len(m)-1], n.Line))
				}
				return v
			})
		}
		for _, c := range n.Content {
			expand(c)
		}
	}
	expand(&root)
	if len(missing) > 0 {
		return Config{}, fmt.Errorf("environment variable %s is not set", strings.Join(missing, ", "))
	}
	c := DefaultConfig()
	if root.Kind != 0 {
		var buf bytes.Buffer
		if err := yaml.NewEncoder(&buf).Encode(&root); err != nil {
			return Config{}, err // already says "yaml: …"
		}
		dec := yaml.NewDecoder(&buf)
		dec.KnownFields(true)
		if err := dec.Decode(&c); err != nil && !errors.Is(err, io.EOF) {
			return Config{}, err // already says "yaml: …"
		}
	}
	if err := c.Validate(); err != nil {
		return Config{}, err
	}
	return c, nil
}

// problems collects validation errors, each naming its field.
type problems []error

func (p *problems) add(field, format string, args ...any) {
	*p = append(*p, fmt.Errorf("%s: %s", field, fmt.Sprintf(format, args...)))
}

// url checks that s is an http(s) URL.
func (p *problems) url(field, s string) {
	if err := checkURL(s); err != nil {
		p.add(field, "%v", err)
	}
}

// Validate checks the settings, section by section; each error names the
// field.
func (c *Config) Validate() error {
	var p problems
	c.Store.validate(&p)
	if c.HTTP.Addr == "" {
		p.add("http.addr", "required, e.g. 127.0.0.1:8080")
	}
	if m := c.HTTP.MetricsAddr; m != "" && m == c.HTTP.Addr && !strings.HasSuffix(m, ":0") {
		p.add("http.metrics_addr", "%q is also http.addr; leave it empty to serve /metrics there", m)
	}
	c.Logging.validate(&p)
	validateSources(&p, c.Sources)
	c.Notifications.validate(&p)
	c.Workers.validate(&p)
	if c.Limits.MaxSize <= 0 {
		p.add("limits.max_size", "must be positive")
	}
	c.Signer.validate(&p)
	c.Destination.validate(&p, c.Workers.LeaseTTL)
	if l := c.Lineage.PrimaryLanguage; l != "en" && l != "zh" {
		p.add("lineage.primary_language", "%q: want en or zh", l)
	}
	if c.Review.ClaimTTL <= 0 {
		p.add("review.claim_ttl", "must be positive")
	}
	c.Callback.validate(&p, c.Notifications.Webhook.Path)
	validateLabTrust(&p, c.LabTrust)
	c.Extract.ExtractPacksConfig.validate(&p)
	return errors.Join(p...)
}

func (c StoreConfig) validate(p *problems) {
	switch {
	case c.SQLite == "" && c.Postgres == "":
		p.add("store", "set sqlite (a file path) or postgres (a DSN)")
	case c.SQLite != "" && c.Postgres != "":
		p.add("store", "set only one of sqlite and postgres")
	}
}

func (c LoggingConfig) validate(p *problems) {
	if c.Format != "text" && c.Format != "json" {
		p.add("logging.format", "%q: want text or json", c.Format)
	}
	if _, err := parseLevel(c.Level); err != nil {
		p.add("logging.level", "%v", err)
	}
}

func validateSources(p *problems, sources []SourceConfig) {
	if len(sources) == 0 {
		p.add("sources", "at least one source is required")
	}
	names := map[string]bool{}
	endpoints := map[string]S3Config{}
	for i, s := range sources {
		f := fmt.Sprintf("sources[%d]", i)
		if s.Name == "" {
			p.add(f+".name", "required")
		} else if names[s.Name] {
			p.add(f+".name", "%q is used by two sources", s.Name)
		}
		names[s.Name] = true
		if s.Bucket == "" {
			p.add(f+".bucket", "required")
		} else if prev, ok := endpoints[s.Bucket]; ok && prev != s.S3Config {
			p.add(f+".bucket", "%q is also used by another source with a different endpoint or credentials", s.Bucket)
		}
		endpoints[s.Bucket] = s.S3Config
		if s.Endpoint != "" {
			p.url(f+".endpoint", s.Endpoint)
		}
		if (s.AccessKey == "") != (s.SecretKey == "") {
			p.add(f+".secret_key", "give both access_key and secret_key, or neither (the default credential chain)")
		}
	}
}

func (c NotificationConfig) validate(p *problems) {
	if c.PollInterval <= 0 {
		p.add("notifications.poll_interval", "must be positive (the list sweep always runs)")
	}
	if path := c.Webhook.Path; path != "" && !strings.HasPrefix(path, "/") {
		p.add("notifications.webhook.path", "%q must start with /", path)
	}
	if err := c.Webhook.ingest().Validate(); err != nil {
		p.add("notifications.webhook.token", "%v", strings.TrimPrefix(err.Error(), "notifications.webhook.token is "))
	}
	if q := c.SQS.QueueURL; q != "" {
		p.url("notifications.sqs.queue_url", q)
	}
}

func (w WorkersConfig) validate(p *problems) {
	for name, n := range map[string]int{"fetch": w.Fetch, "extract": w.Extract, "sign": w.Sign, "publish": w.Publish, "max_attempts": w.MaxAttempts} {
		if n <= 0 {
			p.add("workers."+name, "must be at least 1")
		}
	}
	if w.LeaseTTL < Duration(time.Second) {
		p.add("workers.lease_ttl", "must be at least 1s")
	}
	if w.ExtractTimeout <= 0 {
		p.add("workers.extract_timeout", "must be positive")
	}
	if w.StorePoll <= 0 {
		p.add("workers.store_poll", "must be positive")
	}
	if w.ShutdownGrace < 0 {
		p.add("workers.shutdown_grace", "must not be negative")
	}
}

func (c SignerConfig) validate(p *problems) {
	switch {
	case c.KeyFile == "" && c.KMSKeyID == "":
		p.add("signer", "set key_file (a private key from 'labrelay keys generate') or kms_key_id")
	case c.KeyFile != "" && c.KMSKeyID != "":
		p.add("signer", "set only one of key_file and kms_key_id")
	}
}

// validate checks the destination; a publication attempt must end while
// its lease (workers.lease_ttl) holds.
func (d DestinationConfig) validate(p *problems, leaseTTL Duration) {
	if d.BaseURL == "" {
		p.add("destination.base_url", "required, the DSP's base URL")
	} else {
		p.url("destination.base_url", d.BaseURL)
	}
	if d.TokenURL != "" {
		p.url("destination.token_url", d.TokenURL)
	}
	if d.ClientID != "" && d.ClientSecret == "" {
		p.add("destination.client_secret", "required with client_id (write it as ${VAR})")
	}
	if (d.CertFile == "") != (d.KeyFile == "") {
		p.add("destination.key_file", "give both cert_file and key_file for mutual TLS, or neither")
	}
	if d.Timeout <= 0 {
		p.add("destination.timeout", "must be positive")
	} else if 4*d.Timeout > 3*leaseTTL {
		p.add("destination.timeout", "%s must be under three quarters of workers.lease_ttl (%s): a publication attempt must end while its lease holds", time.Duration(d.Timeout), time.Duration(leaseTTL))
	}
	if d.Retry.Base <= 0 || d.Retry.Max < d.Retry.Base {
		p.add("destination.retry", "base must be positive and max at least base")
	}
	d.validateProfile(p)
}

func (d DestinationConfig) validateProfile(p *problems) {
	switch d.Profile {
	case "", ProfileRecord:
		if d.Issuer != (IssuerConfig{}) {
			p.add("destination.issuer", "only used with profile untp-dcc")
		}
	case ProfileUNTPDCC:
		if d.WireMap != "" {
			p.add("destination.wire_map", "a wire map shapes the record profile; profile untp-dcc publishes the UNTP credential as it is")
		}
		if d.Issuer.ID != "" && !strings.HasPrefix(d.Issuer.ID, "did:") {
			p.add("destination.issuer.id", "%q must be a DID (did:web:… or did:key:…)", d.Issuer.ID)
		}
		if u := d.Issuer.DocumentURL; u != "" {
			p.url("destination.issuer.document_url", strings.ReplaceAll(u, "{sha256}", "x"))
		}
	default:
		p.add("destination.profile", "%q: want record or untp-dcc", d.Profile)
	}
}

func (c CallbackConfig) validate(p *problems, webhookPath string) {
	if c.Path == "" {
		return
	}
	if !strings.HasPrefix(c.Path, "/") {
		p.add("callback.path", "%q must start with /", c.Path)
	}
	if c.Secret == "" {
		p.add("callback.secret", "required with callback.path (write it as ${VAR})")
	}
	if c.Path == webhookPath {
		p.add("callback.path", "%q is also the webhook path", c.Path)
	}
}

func validateLabTrust(p *problems, trust []LabTrustConfig) {
	labs := map[string]bool{}
	for i, t := range trust {
		f := fmt.Sprintf("lab_trust[%d]", i)
		switch key := strings.ToLower(t.Lab); {
		case key == "":
			p.add(f+".lab", "required: a lab family (SGS, BV), a mapping name, or * for any lab")
		case labs[key]:
			p.add(f+".lab", "%q has two entries", t.Lab)
		default:
			labs[key] = true
		}
		if t.Certificates == "" && t.JWKS == "" && !t.RequireSignature {
			p.add(f, "set certificates (PEM), jwks (a JWK set file) or require_signature")
		}
	}
}

func checkURL(s string) error {
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("%q is not an http(s) URL", s)
	}
	return nil
}

// Duration is a time.Duration written as "30s", "5m".
type Duration time.Duration

// UnmarshalYAML implements yaml.Unmarshaler.
func (d *Duration) UnmarshalYAML(n *yaml.Node) error {
	v, err := time.ParseDuration(n.Value)
	if err != nil {
		return fmt.Errorf("line %d: %q is not a duration such as 30s or 5m", n.Line, n.Value)
	}
	*d = Duration(v)
	return nil
}

// MarshalYAML implements yaml.Marshaler.
func (d Duration) MarshalYAML() (any, error) { return time.Duration(d).String(), nil }
