#!/usr/bin/env bash
# scripts/bench.sh --smoke: the benchmark tooling end to end on a few hundred
# rows (a fresh template corpus from scripts/bench-corpus.sh, a throwaway
# PostgreSQL, every whole command), and the report's shape: every figure
# present, numeric and labelled. Speed is not checked: the test machine is
# shared, and figures come from the real run (scripts/bench.sh).
. "$SRC/tests/integration/lib.sh"
rm -rf "$WORK"
mkdir -p "$WORK"
BENCH_BIN=$(dirname "$CERTSWEEP")/certsweep-bench
[ -x "$BENCH_BIN" ] || fail "certsweep-bench not built next to $CERTSWEEP"
R=$WORK/latest.md
CERTSWEEP_BENCH=$BENCH_BIN BENCH_CORPUS=$WORK/corpus BENCH_LARGE_ROWS="400 500" \
	bash "$SRC/scripts/bench.sh" --smoke --large --report "$R" >"$WORK/bench.log" 2>&1 ||
	{ tail -n 30 "$WORK/bench.log" >&2; fail "bench.sh --smoke failed"; }
[ -s "$R" ] || fail "no report written"
pass "bench.sh --smoke wrote the report"

# The corpus: every key type and both halves of pairs, SCT lists that parse.
C=$WORK/corpus
for t in "rsaEncryption" "id-ecPublicKey"; do
	for f in "$C"/der/*.der; do openssl x509 -inform DER -in "$f" -noout -text; done | grep -q "$t" ||
		fail "no $t leaf in the corpus"
done
for bits in 2048 3072 4096; do
	for f in "$C"/ca/*.pem; do openssl x509 -in "$f" -noout -text; done | grep -q "Public-Key: ($bits bit)" ||
		fail "no RSA $bits issuer"
done
grep -q $'\tprecert\t' "$C/certs.tsv" && grep -q $'\tfinal\t' "$C/certs.tsv" || fail "no precertificate/final rows"
final=$(awk -F'\t' '$4=="final" { print $3; exit }' "$C/certs.tsv")
openssl x509 -inform DER -in "$C/der/$final.der" -noout -text | grep -q "Signed Certificate Timestamp:" ||
	fail "$final: SCT list does not parse as RFC 6962"
pass "corpus: RSA and EC keys, issuers of 2048/3072/4096 bits, pairs, SCT lists OpenSSL parses"

# The report: sections, labels, one row per measured command, numbers in every cell.
for s in "## 1. In memory, one thread (no I/O, no output)" "## 2. Whole commands, end to end" \
	"## Targets (issue #17)" "## Rerun" "Smoke run"; do
	grep -qF "$s" "$R" || fail "report lacks '$s'"
done
rounds=$(grep -cE '^\| [0-9]+ \| [0-9]+ \| [0-9]+ \| [0-9.]+× \| (sweep|d2i) \|$' "$R")
[ "$rounds" = 3 ] || fail "expected 3 interleaved rounds, found $rounds"
grep -qE '^\| certsweep judging, certs/s \| [0-9]+ \| [0-9]+-[0-9]+ \|$' "$R" || fail "no in-memory median/min-max"
grep -qE '^\| ratio \(per round\) \| [0-9.]+× \| [0-9.]+×-[0-9.]+× \|$' "$R" || fail "no ratio median/min-max"
# command | source | lints | jobs | certificates | wall | certs/s | RSS | CPU
cmd_rows() { grep -E "^\| $1 \| $2 \| $3 \| $4 \| ${5:-[0-9]+} \| [0-9.]+ \| [0-9]+ \| [0-9]+ \| [0-9]+ \|$" "$R" | wc -l; }
[ "$(cmd_rows lint 'PEM bundle, JSON to a file' all 1)" = 1 ] || fail "no lint row"
for src_n in "--files PEM directory:200" "PostgreSQL, local socket:300"; do
	for l in 2 all; do
		for j in 1 2; do
			[ "$(cmd_rows audit "${src_n%:*}" $l $j "${src_n##*:}")" = 1 ] ||
				fail "no audit row: ${src_n%:*}, $l lints, --jobs $j"
		done
	done
done
[ "$(grep -cE '^\| read \| ' "$R")" = 3 ] || fail "expected 3 read baselines"
grep -qE '\| lint \| PEM bundle, JSON to a file \| all \| 1 \| 200 \|' "$R" || fail "200 certificates not linted"
grep -qE '\| PostgreSQL, local socket \| all \| 1 \| 300 \|' "$R" || fail "300 rows not audited"
# --large: the all-lints audit again at each larger size, and its memory in the targets
for big in 400 500; do
	[ "$(cmd_rows audit "PostgreSQL, local socket" all 1 $big)" = 1 ] || fail "--large: no row at $big rows"
	grep -qE "^\| 1\. peak RSS at $big rows \(flat\) \| [0-9]+ MiB, [0-9]+ certs/s \|" "$R" || fail "--large: no target row at $big"
done
grep -qE 'affected [1-9][0-9]* serials of 300 rows' "$R" || fail "the all-lints audit found none of the planted defects"
grep -qF "scripts/bench.sh --smoke" "$R" || fail "no rerun command"
pass "report: every section, 3 rounds, every command row numeric and labelled, rerun commands"

# Rows: distinct certificates, and a load in steps (1M, then up to 3M ...)
# makes the same rows as one load, never repeating the first ones.
n=$(wc -l <"$C/certs.tsv")
rows=$((2 * n + 7))
"$BENCH_BIN" pem-bundle "$C" "$rows" "$WORK/rows.pem"
uniq_blocks=$(awk '/^-----BEGIN / { b = "" } { b = b $0 } /^-----END / { print b }' "$WORK/rows.pem" | sort -u | wc -l)
[ "$uniq_blocks" = "$rows" ] || fail "$rows derived rows but $uniq_blocks distinct certificates"
payload() { od -An -v -tx1 | tr -d ' \n' | sed -E 's/^.{38}//; s/.{4}$//'; } # COPY header, trailer off
one=$("$BENCH_BIN" copy "$C" 10 1 | payload)
two=$("$BENCH_BIN" copy "$C" 5 1 | payload)$("$BENCH_BIN" copy "$C" 5 6 | payload)
[ -n "$one" ] && [ "$one" = "$two" ] || fail "copy in two steps differs from one load"
pass "derived rows are distinct; loading in steps continues the sequence"
