module memsnap.dev/bench/genprofile2

go 1.19
