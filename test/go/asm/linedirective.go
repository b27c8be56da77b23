package asm

// FromTemplate stands for generated code: the //line directive maps it to a
// template, and -S prints both positions, template.tmpl:11[.../linedirective.go:10].
//
//line template.tmpl:10
func FromTemplate(n int) []byte {
	return make([]byte, n) // makeslice, at template.tmpl:11
}
