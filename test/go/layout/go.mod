module memsnap.dev/test/go/layout

go 1.19
