module memsnap.dev/bench/goparse

go 1.19
