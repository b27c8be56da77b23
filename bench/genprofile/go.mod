module memsnap.dev/bench/genprofile

go 1.19
