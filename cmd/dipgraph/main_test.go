package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/dipgraph/dipgraph/internal/neo4jtest"
	"github.com/dipgraph/dipgraph/schema"
)

func runCmd(t *testing.T, env map[string]string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	for k, v := range env {
		t.Setenv(k, v)
	}
	var out, errb bytes.Buffer
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	code = Run(ctx, args, &out, &errb)
	return code, out.String(), errb.String()
}

// Bad configuration gives one clear line naming the setting, exit code 2,
// and never a stack trace.
func TestBadConfigurationExitsTwoWithOneLine(t *testing.T) {
	file := filepath.Join(t.TempDir(), "a-file")
	os.WriteFile(file, []byte("x"), 0o644)
	cases := []struct {
		name string
		env  map[string]string
		args []string
		want string // the setting the error must name
	}{
		{"unknown store", nil, []string{"stats", "--store", "cassandra"}, "store"},
		{"unknown store from env", map[string]string{"DIPGRAPH_STORE": "sqlite"}, []string{"stats"}, "DIPGRAPH_STORE"},
		{"data dir under a file", nil, []string{"stats", "--data-dir", filepath.Join(file, "sub")}, "data_dir"},
		{"unreachable neo4j", map[string]string{"DIPGRAPH_NEO4J_PASSWORD": "x"}, []string{"stats", "--store", "neo4j", "--neo4j-uri", "bolt://127.0.0.1:1", "--timeout", "5s"}, "neo4j.uri"},
		{"bad neo4j scheme", map[string]string{"DIPGRAPH_NEO4J_PASSWORD": "x"}, []string{"stats", "--store", "neo4j", "--neo4j-uri", "http://x:1"}, "neo4j.uri"},
		{"empty neo4j password", nil, []string{"stats", "--store", "neo4j"}, "neo4j.password"},
		{"bad log level", nil, []string{"stats", "--log-level", "loud"}, "log.level"},
		{"unreadable config file", nil, []string{"stats", "--config", filepath.Join(file, "nope.yaml")}, "config"},
		{"short api key", map[string]string{"DIPGRAPH_AUTH_API_KEYS": "write:tooshort"}, []string{"stats"}, "auth.api_keys"},
		{"api key without role", map[string]string{"DIPGRAPH_AUTH_API_KEYS": "0123456789abcdef0123"}, []string{"stats"}, "auth.api_keys"},
		{"api key of an unknown role", map[string]string{"DIPGRAPH_AUTH_API_KEYS": "admin:0123456789abcdef0123"}, []string{"stats"}, "auth.api_keys"},
		{"unreadable api keys file", nil, []string{"serve", "--api-keys-file", filepath.Join(file, "keys")}, "auth.api_keys_file"},
		{"tls key without certificate", map[string]string{"DIPGRAPH_HTTP_TLS_KEY_FILE": file}, []string{"serve"}, "http.tls_cert_file"},
		{"tls certificate without key", nil, []string{"serve", "--tls-cert", file}, "http.tls_key_file"},
		{"tls files that are no certificate", nil, []string{"serve", "--tls-cert", file, "--tls-key", file}, "http.tls_cert_file"},
		{"cors origin with a path", nil, []string{"serve", "--cors-origins", "https://app.example.org/x"}, "http.cors_origins"},
		{"cors wildcard", map[string]string{"DIPGRAPH_HTTP_CORS_ORIGINS": "*"}, []string{"serve"}, "DIPGRAPH_HTTP_CORS_ORIGINS"},
		{"tiny body limit", map[string]string{"DIPGRAPH_HTTP_MAX_BODY_BYTES": "10"}, []string{"serve"}, "http.max_body_bytes"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			env := map[string]string{"DIPGRAPH_DATA_DIR": t.TempDir()}
			for k, v := range c.env {
				env[k] = v
			}
			code, _, stderr := runCmd(t, env, c.args...)
			if code != exitConfig {
				t.Errorf("exit code %d, want %d; stderr:\n%s", code, exitConfig, stderr)
			}
			lines := strings.Split(strings.TrimSpace(stderr), "\n")
			last := lines[len(lines)-1]
			if !strings.Contains(last, c.want) {
				t.Errorf("error line %q does not name %q", last, c.want)
			}
			if strings.Contains(stderr, "goroutine ") || strings.Contains(stderr, "panic") {
				t.Errorf("stack trace in output:\n%s", stderr)
			}
		})
	}
}

// API keys come from the environment (spaces or commas between them) and
// from a file; a bad one names its setting and never shows the key.
func TestAPIKeysConfiguration(t *testing.T) {
	file := filepath.Join(t.TempDir(), "keys")
	os.WriteFile(file, []byte("# the notebook service\nread:cccccccccccccccccccc\n\nwrite:dddddddddddddddddddd\n"), 0o600)
	t.Setenv("DIPGRAPH_AUTH_API_KEYS", "write:aaaaaaaaaaaaaaaaaaaa, read:bbbbbbbbbbbbbbbbbbbb")
	t.Setenv("DIPGRAPH_AUTH_API_KEYS_FILE", file)
	cfg, err := loadConfig("", nil)
	if err != nil {
		t.Fatal(err)
	}
	keys, err := cfg.APIKeys()
	if err != nil {
		t.Fatal(err)
	}
	want := []schema.APIKey{{Key: "aaaaaaaaaaaaaaaaaaaa", Role: schema.RoleWrite}, {Key: "bbbbbbbbbbbbbbbbbbbb", Role: schema.RoleRead},
		{Key: "cccccccccccccccccccc", Role: schema.RoleRead}, {Key: "dddddddddddddddddddd", Role: schema.RoleWrite}}
	if fmt.Sprint(keys) != fmt.Sprint(want) {
		t.Errorf("keys = %v, want %v", keys, want)
	}
	t.Setenv("DIPGRAPH_AUTH_API_KEYS", "write:aaaaaaaaaaaaaaaaaaaa read:aaaaaaaaaaaaaaaaaaaa")
	_, err = loadConfig("", nil)
	if err == nil || !strings.Contains(err.Error(), "auth.api_keys") || strings.Contains(err.Error(), "aaaa") {
		t.Errorf("a key given twice: %v; want an error naming auth.api_keys and not the key", err)
	}
	t.Setenv("DIPGRAPH_AUTH_API_KEYS", "admin:secretsecretsecretsecret")
	_, err = loadConfig("", nil)
	if err == nil || strings.Contains(err.Error(), "secret") {
		t.Errorf("an unknown role: %v; want an error that does not show the key", err)
	}
}

func TestStatsOnEmptyEmbeddedStore(t *testing.T) {
	code, out, stderr := runCmd(t, nil, "stats", "--data-dir", t.TempDir(), "--log-level", "error")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var st Stats
	if err := json.Unmarshal([]byte(out), &st); err != nil {
		t.Fatalf("stats output is not JSON: %v\n%s", err, out)
	}
	if st.Store != "memory" || !strings.HasPrefix(st.Fingerprint, "sha256:") {
		t.Errorf("stats = %+v", st)
	}
}

func TestServeAnswersHealthAndStopsOnCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	addrc := make(chan string, 1)
	a := &app{ctx: ctx, stdout: &bytes.Buffer{}, stderr: &bytes.Buffer{}, onListen: func(s string) { addrc <- s }}
	done := make(chan int, 1)
	go func() {
		done <- run(a, []string{"serve", "--addr", "127.0.0.1:0", "--data-dir", t.TempDir(), "--log-level", "error"})
	}()
	var addr string
	select {
	case addr = <-addrc:
	case code := <-done:
		t.Fatalf("serve exited early with %d: %s", code, a.stderr)
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not start listening")
	}
	for _, path := range []string{"/healthz", "/readyz"} {
		resp, err := http.Get("http://" + addr + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Errorf("GET %s = %d", path, resp.StatusCode)
		}
	}
	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Errorf("serve exited with %d after shutdown", code)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("serve did not shut down")
	}
}

// The server's settings reach it from the environment, the file and the
// flags: lists are comma-separated in the environment and the flag.
func TestServerSettings(t *testing.T) {
	file := filepath.Join(t.TempDir(), "dipgraph.yaml")
	os.WriteFile(file, []byte("http:\n  persisted_queries: 7\n  metrics: false\n"), 0o644)
	t.Setenv("DIPGRAPH_HTTP_CORS_ORIGINS", "https://a.example.org,http://localhost:3000")
	t.Setenv("DIPGRAPH_HTTP_MAX_BODY_BYTES", "2048")
	cfg, err := loadConfig(file, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"https://a.example.org", "http://localhost:3000"}
	if fmt.Sprint(cfg.HTTP.CORSOrigins) != fmt.Sprint(want) || cfg.HTTP.MaxBodyBytes != 2048 || cfg.HTTP.PersistedQueries != 7 || cfg.HTTP.Metrics {
		t.Errorf("http settings %+v", cfg.HTTP)
	}
	d := DefaultConfig().HTTP
	if d.Metrics != true || d.PersistedQueries <= 0 || d.MaxBodyBytes != 1<<20 || d.Profile != "dev" {
		t.Errorf("defaults %+v", d)
	}
}

// The compose file's services, ports and environment match the
// configuration keys, so that it cannot drift from the program.
func TestDockerComposeMatchesConfiguration(t *testing.T) {
	b, err := os.ReadFile("../../docker-compose.yml")
	if err != nil {
		t.Fatal(err)
	}
	var compose struct {
		Services map[string]struct {
			Image       string            `yaml:"image"`
			Command     []string          `yaml:"command"`
			Environment map[string]string `yaml:"environment"`
			Ports       []string          `yaml:"ports"`
			DependsOn   map[string]struct {
				Condition string `yaml:"condition"`
			} `yaml:"depends_on"`
			Healthcheck *struct{} `yaml:"healthcheck"`
		} `yaml:"services"`
	}
	if err := yaml.Unmarshal(b, &compose); err != nil {
		t.Fatal(err)
	}
	neo, ok := compose.Services["neo4j"]
	if !ok || !strings.HasPrefix(neo.Image, "neo4j:5.26") || !strings.Contains(neo.Image, "community") || neo.Healthcheck == nil {
		t.Errorf("neo4j service: want image neo4j:5.26-community with a healthcheck, got %+v", neo)
	}
	known := map[string]bool{}
	for _, k := range ConfigKeys {
		known[EnvName(k.Key)] = true
	}
	for _, name := range []string{"dipgraph", "load"} {
		svc, ok := compose.Services[name]
		if !ok {
			t.Fatalf("no %s service", name)
		}
		if svc.DependsOn["neo4j"].Condition != "service_healthy" {
			t.Errorf("%s does not wait for neo4j's health", name)
		}
		for env := range svc.Environment {
			if strings.HasPrefix(env, "DIPGRAPH_") && !known[env] {
				t.Errorf("%s sets %s, which is no configuration key", name, env)
			}
		}
		if svc.Environment["DIPGRAPH_STORE"] != "neo4j" || !strings.Contains(svc.Environment["DIPGRAPH_NEO4J_URI"], "neo4j:7687") {
			t.Errorf("%s does not point at the neo4j service: %v", name, svc.Environment)
		}
	}
	if cmd := compose.Services["dipgraph"].Command; len(cmd) == 0 || cmd[0] != "serve" {
		t.Errorf("dipgraph service command %v, want serve", cmd)
	}
	addr := compose.Services["dipgraph"].Environment["DIPGRAPH_HTTP_ADDR"]
	port := addr[strings.LastIndex(addr, ":")+1:]
	found := false
	for _, p := range compose.Services["dipgraph"].Ports {
		if strings.HasSuffix(p, ":"+port) {
			found = true
		}
	}
	if !found {
		t.Errorf("dipgraph listens on %s but publishes %v", addr, compose.Services["dipgraph"].Ports)
	}
}

// The README's configuration table lists every key with its variable.
func TestReadmeDocumentsEveryKey(t *testing.T) {
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range ConfigKeys {
		row := regexp.MustCompile(fmt.Sprintf("(?m)^\\| `%s` \\| `%s` \\|", regexp.QuoteMeta(k.Key), EnvName(k.Key)))
		if !row.Match(b) {
			t.Errorf("README has no table row for %s (%s)", k.Key, EnvName(k.Key))
		}
	}
}

// A wrong Neo4j password names neo4j.password and exits with 2; the right
// one migrates and reports stats of the live server.
func TestNeo4jSettingsAgainstALiveServer(t *testing.T) {
	uri, user, password := neo4jtest.Config(t)
	code, _, stderr := runCmd(t, map[string]string{"DIPGRAPH_NEO4J_PASSWORD": password + "-wrong"},
		"stats", "--store", "neo4j", "--neo4j-uri", uri, "--neo4j-user", user, "--log-level", "error")
	if code != exitConfig || !strings.Contains(stderr, "neo4j.password") {
		t.Errorf("wrong password: exit %d, stderr %q", code, stderr)
	}
	code, out, stderr := runCmd(t, map[string]string{"DIPGRAPH_NEO4J_PASSWORD": password, "DIPGRAPH_NEO4J_DATABASE": neo4jtest.Database()},
		"migrate", "--store", "neo4j", "--neo4j-uri", uri, "--neo4j-user", user, "--log-level", "error")
	if code != 0 || !strings.Contains(out, "migrations applied") {
		t.Errorf("migrate: exit %d, out %q, stderr %q", code, out, stderr)
	}
}

func TestMain(m *testing.M) {
	if os.Getenv("DIPGRAPH_TEST_RUN_MAIN") == "1" {
		main() // the test binary is dipgraph itself, for tests that signal a process
		return
	}
	os.Exit(neo4jtest.Run(m))
}

// SIGTERM to a serving process: readiness is answered until then, and
// the process exits with 0 within the shutdown timeout + 1 s.
func TestServeExitsOnSIGTERM(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	cmd := exec.Command(os.Args[0], "serve", "--addr", addr, "--data-dir", t.TempDir(), "--load-fixtures=false", "--log-format", "json")
	cmd.Env = append(os.Environ(), "DIPGRAPH_TEST_RUN_MAIN=1", "DIPGRAPH_HTTP_SHUTDOWN_TIMEOUT=3s")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	ready := false
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline) && !ready; time.Sleep(50 * time.Millisecond) {
		if resp, err := http.Get("http://" + addr + "/readyz"); err == nil {
			resp.Body.Close()
			ready = resp.StatusCode == 200
		}
	}
	if !ready {
		cmd.Process.Kill()
		t.Fatalf("serve never became ready:\n%s", stderr.String())
	}
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-exited:
		if err != nil {
			t.Errorf("serve exited with %v after SIGTERM:\n%s", err, stderr.String())
		}
	case <-time.After(4 * time.Second):
		cmd.Process.Kill()
		t.Fatalf("serve still running 4 s after SIGTERM (shutdown timeout 3 s)")
	}
	if strings.Contains(stderr.String(), "fixtures loaded") {
		t.Errorf("--load-fixtures=false loaded the fixtures:\n%s", stderr.String())
	}
	if !strings.Contains(stderr.String(), `"msg":"shut down"`) {
		t.Errorf("no shutdown in the log:\n%s", stderr.String())
	}
}
