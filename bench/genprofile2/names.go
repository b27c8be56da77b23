package main

import (
	"fmt"
	"math/rand"
	"strings"
)

// Package, type and function names in the shapes pprof users see in Go
// services: the standard library under GOROOT, module dependencies under
// GOMODCACHE, and the service's own packages under its checkout.

var stdPkgs = []string{
	"bufio", "bytes", "compress/gzip", "context", "crypto/tls", "database/sql",
	"encoding/binary", "encoding/json", "fmt", "io", "net", "net/http",
	"net/url", "reflect", "regexp", "sort", "strconv", "strings", "sync",
	"text/template", "time", "unicode/utf8", "log/slog", "mime/multipart",
}

var depModules = []string{
	"google.golang.org/grpc@v1.62.1", "google.golang.org/protobuf@v1.33.0",
	"github.com/prometheus/client_golang@v1.19.0", "go.uber.org/zap@v1.27.0",
	"github.com/jackc/pgx/v5@v5.5.5", "github.com/redis/go-redis/v9@v9.5.1",
	"go.opentelemetry.io/otel/sdk@v1.24.0", "github.com/klauspost/compress@v1.17.7",
	"github.com/go-chi/chi/v5@v5.0.12", "github.com/aws/aws-sdk-go-v2/service/s3@v1.51.4",
}

var words = []string{
	"account", "audit", "batch", "billing", "blob", "cache", "catalog", "codec",
	"config", "cursor", "event", "export", "feed", "filter", "gateway", "graph",
	"index", "invoice", "ledger", "limit", "match", "merge", "meter", "notify",
	"order", "page", "parse", "plan", "policy", "pool", "query", "queue", "quota",
	"rank", "record", "render", "report", "route", "rule", "scan", "schema",
	"search", "session", "shard", "sink", "snapshot", "stream", "sync", "table",
	"tenant", "token", "trace", "user", "view", "window", "worker",
}

var verbs = []string{
	"Add", "Append", "Apply", "Build", "Close", "Collect", "Compute", "Decode",
	"Encode", "Fetch", "Flush", "Get", "Handle", "Load", "Lookup", "Marshal",
	"Merge", "New", "Next", "Open", "Parse", "Process", "Put", "Read", "Resolve",
	"Run", "Scan", "Send", "Serve", "Set", "Split", "Store", "Unmarshal",
	"Update", "Validate", "Visit", "Walk", "Write",
}

func title(s string) string { return strings.ToUpper(s[:1]) + s[1:] }

// pkg is a Go package: its import path and the directory its files live in.
type pkg struct{ path, dir string }

func makePackages(r *rand.Rand, n int) []pkg {
	var ps []pkg
	for _, p := range stdPkgs {
		ps = append(ps, pkg{p, "/usr/local/go/src/" + p})
	}
	for _, m := range depModules {
		mod := m[:strings.IndexByte(m, '@')]
		for i := 0; i < 4; i++ {
			sub := words[r.Intn(len(words))]
			ps = append(ps, pkg{mod + "/internal/" + sub, "/root/go/pkg/mod/" + m + "/internal/" + sub})
		}
	}
	seen := map[string]bool{}
	for len(ps) < n {
		svc := words[r.Intn(len(words))]
		sub := words[r.Intn(len(words))]
		path := fmt.Sprintf("github.com/acme/%s/internal/%s", svc, sub)
		if r.Intn(3) == 0 {
			path += "/" + words[r.Intn(len(words))]
		}
		if seen[path] {
			continue
		}
		seen[path] = true
		ps = append(ps, pkg{path, "/home/build/src/" + path})
	}
	return ps
}

// funcName is a name as runtime.Frame.Function spells it: methods with
// pointer receivers as pkg.(*T).M, closures as pkg.F.func1.
func funcName(r *rand.Rand, p pkg) (name, file string) {
	base := p.path[strings.LastIndexByte(p.path, '/')+1:]
	noun := title(words[r.Intn(len(words))])
	verb := verbs[r.Intn(len(verbs))]
	switch k := r.Intn(10); {
	case k < 5:
		name = fmt.Sprintf("%s.(*%s).%s", p.path, noun, verb)
	case k < 7:
		name = fmt.Sprintf("%s.%s.%s", p.path, noun, verb)
	case k < 9:
		name = fmt.Sprintf("%s.%s%s", p.path, verb, noun)
	default:
		name = fmt.Sprintf("%s.%s%s.func%d", p.path, strings.ToLower(verb[:1])+verb[1:], noun, 1+r.Intn(3))
	}
	file = fmt.Sprintf("%s/%s.go", p.dir, strings.ToLower(noun))
	if r.Intn(4) == 0 {
		file = fmt.Sprintf("%s/%s.go", p.dir, base)
	}
	return name, file
}
