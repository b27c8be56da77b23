module memsnap.dev/test/bench

// go 1.19: the fixtures come from the installed Go and from Debian's golang-1.19.
go 1.19
