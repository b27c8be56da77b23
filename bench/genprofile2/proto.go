package main

// A small profile.proto writer, shaped like the Go runtime's own
// (runtime/pprof/protobuf.go and proto.go): varints, length-delimited
// messages, packed repeated fields when there are more than two values,
// zero-valued optional fields left out.

// Field numbers of profile.proto, as runtime/pprof/proto.go names them.
const (
	tagProfileSampleType  = 1
	tagProfileSample      = 2
	tagProfileMapping     = 3
	tagProfileLocation    = 4
	tagProfileFunction    = 5
	tagProfileStringTable = 6
	tagProfileTimeNanos   = 9
	tagProfilePeriodType  = 11
	tagProfilePeriod      = 12

	tagValueTypeType = 1
	tagValueTypeUnit = 2

	tagSampleLocation = 1
	tagSampleValue    = 2
	tagSampleLabel    = 3

	tagLabelKey = 1
	tagLabelNum = 3

	tagMappingID           = 1
	tagMappingStart        = 2
	tagMappingLimit        = 3
	tagMappingOffset       = 4
	tagMappingFilename     = 5
	tagMappingBuildID      = 6
	tagMappingHasFunctions = 7

	tagLocationID        = 1
	tagLocationMappingID = 2
	tagLocationAddress   = 3
	tagLocationLine      = 4

	tagLineFunctionID = 1
	tagLineLine       = 2

	tagFunctionID         = 1
	tagFunctionName       = 2
	tagFunctionSystemName = 3
	tagFunctionFilename   = 4
	tagFunctionStartLine  = 5
)

type protobuf struct{ data []byte }

func (b *protobuf) varint(x uint64) {
	for x >= 128 {
		b.data = append(b.data, byte(x)|0x80)
		x >>= 7
	}
	b.data = append(b.data, byte(x))
}

func (b *protobuf) uint64(tag int, x uint64) {
	b.varint(uint64(tag) << 3)
	b.varint(x)
}

func (b *protobuf) uint64Opt(tag int, x uint64) {
	if x != 0 {
		b.uint64(tag, x)
	}
}

func (b *protobuf) int64Opt(tag int, x int64) { b.uint64Opt(tag, uint64(x)) }

// uint64s writes a repeated field packed when it has more than two values, as
// the runtime does.
func (b *protobuf) uint64s(tag int, xs []uint64) {
	if len(xs) <= 2 {
		for _, x := range xs {
			b.uint64(tag, x)
		}
		return
	}
	n := 0
	for _, x := range xs {
		n += varintLen(x)
	}
	b.length(tag, n)
	for _, x := range xs {
		b.varint(x)
	}
}

func (b *protobuf) length(tag, n int) {
	b.varint(uint64(tag)<<3 | 2)
	b.varint(uint64(n))
}

func (b *protobuf) bytes(tag int, p []byte) {
	b.length(tag, len(p))
	b.data = append(b.data, p...)
}

func (b *protobuf) string(tag int, s string) {
	b.length(tag, len(s))
	b.data = append(b.data, s...)
}

// message appends the message m has built as field tag, and empties m for reuse.
func (b *protobuf) message(tag int, m *protobuf) {
	b.bytes(tag, m.data)
	m.data = m.data[:0]
}

func varintLen(x uint64) int {
	n := 1
	for x >= 128 {
		x >>= 7
		n++
	}
	return n
}
