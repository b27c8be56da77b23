// Command goparse is the Go side of bench/lint-parse.mjs: it parses every .go
// file under a directory (skipping testdata) with go/parser, one file at a
// time on one goroutine, and prints what it read. With -json it also writes
// each file's whole syntax tree as one JSON line, the cost a Go helper would
// pay to hand go/ast to memsnap.
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"syscall"
	"time"
)

func main() {
	emit := flag.Bool("json", false, "write each file's syntax tree as a JSON line on stdout")
	flag.Parse()
	out := bufio.NewWriterSize(os.Stdout, 1<<20)
	var files, bytes, broken int
	err := filepath.WalkDir(flag.Arg(0), func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && d.Name() == "testdata" {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") {
			return nil
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		files++
		bytes += len(src)
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, path, src, parser.ParseComments|parser.SkipObjectResolution)
		if err != nil {
			broken++
		}
		if *emit && f != nil {
			encode(out, reflect.ValueOf(f))
			out.WriteByte('\n')
		}
		return nil
	})
	out.Flush()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	cpu := time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	fmt.Fprintf(os.Stderr, "files %d bytes %d errors %d maxrss_kb %d cpu_ms %d\n", files, bytes, broken, ru.Maxrss, cpu.Milliseconds())
}

var posType = reflect.TypeOf(token.NoPos)

// encode writes a go/ast value as JSON: a node is an object whose "_" is its
// type name; positions stay numbers (file offsets + 1), as a helper would send.
func encode(w *bufio.Writer, v reflect.Value) {
	switch v.Kind() {
	case reflect.Interface, reflect.Ptr:
		if v.IsNil() {
			w.WriteString("null")
			return
		}
		encode(w, v.Elem())
	case reflect.Struct:
		w.WriteString(`{"_":"`)
		w.WriteString(v.Type().Name())
		w.WriteByte('"')
		for i := 0; i < v.NumField(); i++ {
			f := v.Type().Field(i)
			if !f.IsExported() || f.Type == reflect.TypeOf((*ast.Scope)(nil)) || f.Type == reflect.TypeOf((*ast.Object)(nil)) {
				continue
			}
			w.WriteString(`,"`)
			w.WriteString(f.Name)
			w.WriteString(`":`)
			encode(w, v.Field(i))
		}
		w.WriteByte('}')
	case reflect.Slice:
		w.WriteByte('[')
		for i := 0; i < v.Len(); i++ {
			if i > 0 {
				w.WriteByte(',')
			}
			encode(w, v.Index(i))
		}
		w.WriteByte(']')
	case reflect.String:
		b, _ := json.Marshal(v.String())
		w.Write(b)
	case reflect.Bool:
		w.WriteString(strconv.FormatBool(v.Bool()))
	case reflect.Int:
		if v.Type() == posType {
			w.WriteString(strconv.FormatInt(v.Int(), 10))
			return
		}
		if tok, ok := v.Interface().(token.Token); ok {
			w.WriteString(strconv.Quote(tok.String()))
			return
		}
		w.WriteString(strconv.FormatInt(v.Int(), 10))
	default:
		w.WriteString(strconv.Quote(v.Kind().String()))
	}
}
