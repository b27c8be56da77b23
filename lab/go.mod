module memsnap.dev/lab

// go 1.19 on purpose: the lab must build with the oldest toolchain memsnap is
// tested against (Debian's golang-1.19), and it makes the installed Go keep the
// pre-1.23 timer semantics for this module, which the timer-in-loop lab shows.
go 1.19
