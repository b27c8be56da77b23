module memsnap.dev/tools/golayout

go 1.19
