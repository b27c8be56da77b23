// Command golayout prints the memory layout of every named struct type of some
// Go packages, as the gc compiler lays them out for one GOARCH, as JSON
// (docs: src/formats/layout). memsnap builds it with the user's own go:
//
//	golayout [-go go] [-arch GOARCH] [-C dir] packages...
//
// Packages are listed with `go list -export -deps -compiled -json`; each
// target package is type-checked from its (cgo-processed) source and its
// imports are read from the compiler's export data, so no dependency is
// type-checked twice and nothing outside the standard library is needed.
package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
)

// Output is the whole JSON document; its shape is versioned.
type Output struct {
	Version   int       `json:"version"`
	GoVersion string    `json:"goVersion"`
	GOARCH    string    `json:"goarch"`
	WordSize  int64     `json:"wordSize"`
	MaxAlign  int64     `json:"maxAlign"`
	Packages  []Package `json:"packages"`
	Structs   []Struct  `json:"structs"`
}

// Package is one package named by the patterns, with what went wrong in it.
type Package struct {
	Path   string   `json:"path"`
	Name   string   `json:"name"`
	Dir    string   `json:"dir"`
	Errors []string `json:"errors"`
}

// Struct is one named struct type; a function-local one has Local set.
type Struct struct {
	Package string  `json:"package"`
	Name    string  `json:"name"`
	File    string  `json:"file"`
	Line    int     `json:"line"`
	Column  int     `json:"column"`
	Local   bool    `json:"local"`
	Size    int64   `json:"size"`
	Align   int64   `json:"align"`
	Fields  []Field `json:"fields"`
}

// Field is one field of a struct, in declaration order.
type Field struct {
	Name     string `json:"name"`
	Type     string `json:"type"`
	Offset   int64  `json:"offset"`
	Size     int64  `json:"size"`
	Align    int64  `json:"align"`
	Embedded bool   `json:"embedded"`
	// Pointers says whether the field holds pointers the GC must scan.
	Pointers bool `json:"pointers"`
}

// listed is the part of `go list -json` output this program reads.
type listed struct {
	ImportPath      string
	Name            string
	Dir             string
	Export          string
	CompiledGoFiles []string
	ImportMap       map[string]string
	DepOnly         bool
	Error           *struct{ Err string }
	DepsErrors      []*struct{ Err string }
}

func main() {
	goCmd := flag.String("go", "go", "the go command whose packages and export data are read")
	arch := flag.String("arch", "", "target GOARCH (default: the go command's)")
	dir := flag.String("C", "", "run go list in this directory")
	table := flag.String("sizes", "gc", `"gc": the compiler's layout rules; "go/types": this Go's types.SizesFor (to compare)`)
	flag.Parse()
	if flag.NArg() == 0 {
		fmt.Fprintln(os.Stderr, "usage: golayout [-go go] [-arch GOARCH] [-C dir] packages...")
		os.Exit(2)
	}
	out, err := run(*goCmd, *arch, *dir, *table == "go/types", flag.Args())
	if err != nil {
		fmt.Fprintln(os.Stderr, "golayout:", err)
		os.Exit(1)
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", " ")
	if err := enc.Encode(out); err != nil {
		fmt.Fprintln(os.Stderr, "golayout:", err)
		os.Exit(1)
	}
}

func run(goCmd, arch, dir string, goTypesSizes bool, patterns []string) (*Output, error) {
	if arch == "" {
		b, err := exec.Command(goCmd, "env", "GOARCH").Output()
		if err != nil {
			return nil, fmt.Errorf("go env GOARCH: %v", err)
		}
		arch = strings.TrimSpace(string(b))
	}
	table, ok := archSizes[arch]
	if !ok {
		return nil, fmt.Errorf("unknown GOARCH %q", arch)
	}
	var sizes types.Sizes = table
	if goTypesSizes {
		sizes = types.SizesFor("gc", arch)
	}
	pkgs, err := goList(goCmd, arch, dir, patterns)
	if err != nil {
		return nil, err
	}
	exports := map[string]string{}
	for _, p := range pkgs {
		if p.Export != "" {
			exports[p.ImportPath] = p.Export
		}
	}
	fset := token.NewFileSet()
	imp := importer.ForCompiler(fset, "gc", func(path string) (io.ReadCloser, error) {
		if f, ok := exports[path]; ok {
			return os.Open(f)
		}
		return nil, fmt.Errorf("no export data for %q", path)
	})
	out := &Output{Version: 1, GoVersion: runtime.Version(), GOARCH: arch,
		WordSize: table.word, MaxAlign: table.maxAlign, Packages: []Package{}, Structs: []Struct{}}
	for _, p := range pkgs {
		if p.DepOnly {
			continue
		}
		pkg, structs := check(fset, imp, sizes, p)
		out.Packages = append(out.Packages, pkg)
		out.Structs = append(out.Structs, structs...)
	}
	return out, nil
}

// goList runs go list for the target architecture; -e keeps broken packages
// in the list with their error instead of failing the whole run.
func goList(goCmd, arch, dir string, patterns []string) ([]listed, error) {
	args := append([]string{"list", "-e", "-export", "-deps", "-compiled", "-json"}, patterns...)
	cmd := exec.Command(goCmd, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOARCH="+arch)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	b, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("go list: %v: %s", err, strings.TrimSpace(stderr.String()))
	}
	var pkgs []listed
	dec := json.NewDecoder(bytes.NewReader(b))
	for {
		var p listed
		if err := dec.Decode(&p); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			return nil, fmt.Errorf("go list output: %v", err)
		}
		pkgs = append(pkgs, p)
	}
	return pkgs, nil
}

// check type-checks one package from source, imports from export data, and
// returns its named struct types. Type errors are collected, not fatal: the
// types that did check still have exact layouts.
func check(fset *token.FileSet, imp types.Importer, sizes types.Sizes, p listed) (Package, []Struct) {
	pkg := Package{Path: p.ImportPath, Name: p.Name, Dir: p.Dir, Errors: []string{}}
	if p.Error != nil {
		pkg.Errors = append(pkg.Errors, p.Error.Err)
	}
	var files []*ast.File
	for _, name := range p.CompiledGoFiles {
		if !filepath.IsAbs(name) {
			name = filepath.Join(p.Dir, name)
		}
		f, err := parser.ParseFile(fset, name, nil, parser.SkipObjectResolution)
		if err != nil {
			pkg.Errors = append(pkg.Errors, err.Error())
		}
		if f != nil {
			files = append(files, f)
		}
	}
	conf := types.Config{
		Importer: mappedImporter{imp, p.ImportMap},
		Sizes:    sizes,
		Error: func(err error) {
			if len(pkg.Errors) < 10 {
				pkg.Errors = append(pkg.Errors, err.Error())
			}
		},
	}
	info := &types.Info{Defs: map[*ast.Ident]types.Object{}}
	tpkg, _ := conf.Check(p.ImportPath, fset, files, info)
	var structs []Struct
	for _, obj := range info.Defs {
		if s, ok := describe(fset, sizes, tpkg, obj); ok {
			structs = append(structs, s)
		}
	}
	sort.Slice(structs, func(i, j int) bool {
		a, b := structs[i], structs[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Column < b.Column
	})
	return pkg, structs
}

func describe(fset *token.FileSet, sizes types.Sizes, pkg *types.Package, obj types.Object) (Struct, bool) {
	tn, ok := obj.(*types.TypeName)
	if !ok || tn.IsAlias() {
		return Struct{}, false
	}
	named, ok := tn.Type().(*types.Named)
	if !ok || named.TypeParams().Len() > 0 {
		return Struct{}, false
	}
	st, ok := named.Underlying().(*types.Struct)
	// A type inside a generic function may depend on its type parameters:
	// it has no single layout.
	if !ok || dependsOnTypeParams(st, map[types.Type]bool{}) {
		return Struct{}, false
	}
	pos := fset.Position(tn.Pos())
	s := Struct{
		Package: pkg.Path(), Name: tn.Name(), File: pos.Filename, Line: pos.Line, Column: pos.Column,
		Local: tn.Parent() != pkg.Scope(), Size: sizes.Sizeof(named), Align: sizes.Alignof(named),
		Fields: []Field{},
	}
	vars := make([]*types.Var, st.NumFields())
	for i := range vars {
		vars[i] = st.Field(i)
	}
	offsets := sizes.Offsetsof(vars)
	qual := types.RelativeTo(pkg)
	for i, v := range vars {
		s.Fields = append(s.Fields, Field{
			Name: v.Name(), Type: types.TypeString(v.Type(), qualifyByName(qual)),
			Offset: offsets[i], Size: sizes.Sizeof(v.Type()), Align: sizes.Alignof(v.Type()),
			Embedded: v.Embedded(), Pointers: hasPointers(v.Type(), map[types.Type]bool{}),
		})
	}
	return s, true
}

// qualifyByName writes other packages as Go source does (sync.Mutex), not by path.
func qualifyByName(rel types.Qualifier) types.Qualifier {
	return func(p *types.Package) string {
		if rel(p) == "" {
			return ""
		}
		return p.Name()
	}
}

func hasPointers(t types.Type, seen map[types.Type]bool) bool {
	switch u := t.Underlying().(type) {
	case *types.Basic:
		return u.Kind() == types.String || u.Kind() == types.UnsafePointer
	case *types.Array:
		return u.Len() > 0 && hasPointers(u.Elem(), seen)
	case *types.Struct:
		if seen[t] {
			return false
		}
		seen[t] = true
		for i := 0; i < u.NumFields(); i++ {
			if hasPointers(u.Field(i).Type(), seen) {
				return true
			}
		}
		return false
	}
	return true // pointers, slices, maps, channels, funcs, interfaces
}

// dependsOnTypeParams looks through arrays and nested structs, the only
// places a type parameter changes a layout (pointers to T have one size).
func dependsOnTypeParams(t types.Type, seen map[types.Type]bool) bool {
	if _, ok := t.(*types.TypeParam); ok {
		return true
	}
	if seen[t] {
		return false
	}
	seen[t] = true
	if n, ok := t.(*types.Named); ok && n.TypeArgs().Len() > 0 {
		for i := 0; i < n.TypeArgs().Len(); i++ {
			if dependsOnTypeParams(n.TypeArgs().At(i), seen) {
				return true
			}
		}
	}
	switch u := t.Underlying().(type) {
	case *types.Array:
		return dependsOnTypeParams(u.Elem(), seen)
	case *types.Struct:
		for i := 0; i < u.NumFields(); i++ {
			if dependsOnTypeParams(u.Field(i).Type(), seen) {
				return true
			}
		}
	}
	return false
}

// mappedImporter resolves a package's import paths as go list did (vendored
// standard-library packages import "golang.org/x/..." as "vendor/golang.org/x/...").
type mappedImporter struct {
	imp types.Importer
	m   map[string]string
}

func (m mappedImporter) Import(path string) (*types.Package, error) {
	if p, ok := m.m[path]; ok {
		path = p
	}
	return m.imp.Import(path)
}
