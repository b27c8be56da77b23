module memsnap.dev/test/asm

// go 1.19 on purpose: the fixture must build with Debian's golang-1.19 so the
// older compiler's -S listing is a real fixture too.
go 1.19
