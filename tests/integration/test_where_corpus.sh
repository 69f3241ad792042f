#!/usr/bin/env bash
# --where 'lint c_X fails' (issue 12): a corpus check in --where selects
# exactly the certificates the check puts in the affected set with --lint
# (decided by a pre-pass over the whole selection, src/core/corpus_fails.c).
# On the serial-reuse corpus (planted reuses next to controls): the planted
# certificates and only they, through crt.sh on a real PostgreSQL and
# through --files, with -j 2; narrowed by a field predicate; `not` and
# `passes` select the controls; the check's own findings only when it is
# also a --lint; --connections 2 (the decision made in the readers'
# exported snapshot) gives the single run's outputs; --resume after a kill
# at every row; --shard + merge. The server's statement log shows the
# pre-pass reading in the audit's own READ ONLY transaction (and, with
# --connections, in the exported snapshot the readers import).
. "$SRC/tests/integration/lib.sh"
C="$WORK/corpus"
bash "$SRC/scripts/gen-corpus.sh" "$SRC/tests/fixtures/corpus-serial.spec" "$C" >/dev/null
start_crtsh_db "$C"
NOW=(--now 2026-06-01T00:00:00Z --no-progress)
CRTSH=(-d "$GUEST" --schema crtsh)
FILES=(--files "$C/der")
PLANTED="sr_fin_a.der sr_fin_b.der sr_pre_a.pre.der sr_pre_b.pre.der sr_pair3.der sr_pair3.pre.der sr_fin3.der"
CONTROLS="sr_pair.der sr_pair.pre.der sr_x_dv.der sr_x_ov.der sr_mm_pre.pre.der sr_mm_fin.der sr_alone.der"

sha() { sha256sum "$C/der/$1" | cut -c1-64; }
want() { # KEY...: their hashes, sorted
	local k
	for k in "$@"; do sha "$k"; done | sort | tr '\n' ' '
}
# the certificates a --where-only audit selected: one "where" finding each
got() { grep '"lint":"where"' "$WORK/$1/findings.jsonl" | grep -oE '"sha256":"[0-9a-f]{64}"' | cut -d'"' -f4 | sort | tr '\n' ' '; }
serials() { tail -n +2 "$WORK/$1/affected.csv" | grep -oE ',0e0[0-9],' | tr -d , | sort | tr '\n' ' '; }
audit() { # NAME ARGS...
	local name=$1
	shift
	"$CERTSWEEP" audit "$@" "${NOW[@]}" --out-dir "$WORK/$name" 2>"$WORK/$name.err" || fail "$name: $(cat "$WORK/$name.err")"
}

# the reference: what --lint c_serial_reused puts in the affected set
audit lint-crtsh "${CRTSH[@]}" --lint c_serial_reused
audit lint-files "${FILES[@]}" --lint c_serial_reused

W='lint c_serial_reused fails'
audit crtsh "${CRTSH[@]}" --where "$W"
audit files "${FILES[@]}" --where "$W"
audit crtsh-j2 "${CRTSH[@]}" --where "$W" -j 2 --page-size 3
audit files-j2 "${FILES[@]}" --where "$W" -j 2
for d in crtsh files crtsh-j2 files-j2; do
	[ "$(got $d)" = "$(want $PLANTED)" ] || fail "$d: --where '$W' selected $(got $d), want $(want $PLANTED)"
	[ "$(serials $d)" = "0e01 0e01 0e02 0e03 0e03 " ] || fail "$d: affected serials '$(serials $d)'"
	# a check named only in --where writes no findings of its own (like a where-only lint)
	! grep -q '"lint":"c_serial_reused"' "$WORK/$d/findings.jsonl" || fail "$d: c_serial_reused findings from a where-only audit"
done
# the same affected set, line for line, as --lint c_serial_reused
cmp "$WORK/lint-crtsh/affected.csv" "$WORK/crtsh/affected.csv" || { diff "$WORK/lint-crtsh/affected.csv" "$WORK/crtsh/affected.csv" >&2; fail "crt.sh: --where and --lint differ"; }
cmp "$WORK/lint-files/affected.csv" "$WORK/files/affected.csv" || fail "files: --where and --lint differ"
cmp "$WORK/crtsh/affected.csv" "$WORK/crtsh-j2/affected.csv" || fail "crt.sh: -j 2 differs"
cmp "$WORK/files/affected.csv" "$WORK/files-j2/affected.csv" || fail "files: -j 2 differs"
cmp "$WORK/crtsh/findings.jsonl" "$WORK/crtsh-j2/findings.jsonl" || fail "crt.sh findings: -j 2 differs"
pass "--where '$W' selects exactly the 7 planted certificates (crt.sh, --files, -j 2), as --lint does"

# narrowed by a field predicate
audit pre-crtsh "${CRTSH[@]}" --where "$W and is_precert"
audit pre-files "${FILES[@]}" --where "$W and is_precert" -j 2
audit e03-crtsh "${CRTSH[@]}" --where "$W and serial = \"0e03\"" -j 2
audit e03-files "${FILES[@]}" --where "(serial = \"0e03\" or san.dns has \"a.example.com\") and $W"
for s in crtsh files; do
	[ "$(got pre-$s)" = "$(want sr_pre_a.pre.der sr_pre_b.pre.der sr_pair3.pre.der)" ] || fail "pre-$s: $(got pre-$s)"
done
[ "$(got e03-crtsh)" = "$(want sr_pair3.der sr_pair3.pre.der sr_fin3.der)" ] || fail "e03-crtsh: $(got e03-crtsh)"
[ "$(got e03-files)" = "$(want sr_pair3.der sr_pair3.pre.der sr_fin3.der sr_fin_a.der)" ] || fail "e03-files: $(got e03-files)"
pass "'$W and <field predicate>' narrows the planted set"

# not / passes: the controls, and only they
audit not-crtsh "${CRTSH[@]}" --where "not $W"
audit not-files "${FILES[@]}" --where "not $W" -j 2
audit passes-crtsh "${CRTSH[@]}" --where "lint c_serial_reused passes" -j 2
for d in not-crtsh not-files passes-crtsh; do
	[ "$(got $d)" = "$(want $CONTROLS)" ] || fail "$d: selected $(got $d), want the controls $(want $CONTROLS)"
done
audit notcn-crtsh "${CRTSH[@]}" --where "not ($W or san.dns has \"g.example.com\")"
[ "$(got notcn-crtsh)" = "$(want sr_x_dv.der sr_x_ov.der sr_mm_pre.pre.der sr_mm_fin.der sr_alone.der)" ] ||
	fail "not (... or ...): $(got notcn-crtsh)"
pass "'not $W' and 'lint c_serial_reused passes' select the 7 controls"

# named in both --lint and --where: the check runs (on the rows --where
# lets through: the 4 final certificates of 0e01 and 0e03, which still
# reuse their serials) and writes its findings
for s in crtsh files; do
	[ $s = crtsh ] && src=("${CRTSH[@]}") || src=("${FILES[@]}")
	audit both-$s "${src[@]}" --lint c_serial_reused --where "$W and not is_precert" -j 2
	[ "$(serials both-$s)" = "0e01 0e01 0e03 0e03 " ] || fail "both-$s: affected serials '$(serials both-$s)'"
	n=$(grep -c '"lint":"c_serial_reused"' "$WORK/both-$s/findings.jsonl")
	[ "$n" = 4 ] || fail "both-$s: want 4 c_serial_reused findings, got $n"
	for k in sr_fin_a.der sr_fin_b.der sr_pair3.der sr_fin3.der; do
		grep -q "\"sha256\":\"$(sha $k)\".*\"lint\":\"c_serial_reused\"" "$WORK/both-$s/findings.jsonl" || fail "both-$s: no finding for $k"
	done
done
pass "a check in --lint and --where: its findings too (crt.sh, --files)"

# --resume: killed after every row, resumed (the pre-pass is redone), the
# outputs equal the uninterrupted run's
ARGS=("${CRTSH[@]}" --where "$W and not is_precert" --page-size 3 --checkpoint-rows 2 "${NOW[@]}")
"$CERTSWEEP" audit "${ARGS[@]}" --out-dir "$WORK/ref" 2>"$WORK/ref.err" || fail "ref: $(cat "$WORK/ref.err")"
[ "$(got ref)" = "$(want sr_fin_a.der sr_fin_b.der sr_pair3.der sr_fin3.der)" ] || fail "ref: $(got ref)"
rows=$(psql -qXAt -d "$GUEST" -c "SELECT count(*) FROM certificate")
resumed=0
for k in $(seq 1 "$rows"); do
	d=$WORK/kill$k
	CERTSWEEP_FAULT_AFTER_ROWS=$k "$CERTSWEEP" audit "${ARGS[@]}" --out-dir "$d" 2>/dev/null && fail "kill after $k rows: not killed"
	more=()
	if [ -e "$d/checkpoint.state" ]; then
		more=(--resume)
		resumed=$((resumed + 1))
	fi
	"$CERTSWEEP" audit "${ARGS[@]}" "${more[@]}" --out-dir "$d" 2>"$d.err" || fail "after a kill at row $k: $(cat "$d.err")"
	for f in affected.csv findings.jsonl; do
		cmp "$WORK/ref/$f" "$d/$f" || { diff "$WORK/ref/$f" "$d/$f" >&2; fail "kill after $k rows: $f differs"; }
	done
done
[ $resumed -ge $((rows / 2)) ] || fail "only $resumed of $rows kills left a checkpoint"
pass "--resume after a kill -9 at each of $rows rows ($resumed resumed): same outputs"

# --connections: decided once, in the exported snapshot, before the readers
# (every planted reuse spans their range boundary: ids 1..14 in 2 or 3 ranges)
for m in 2 3; do
	audit conn$m "${CRTSH[@]}" --where "$W" --connections $m -j 2
	audit connnot$m "${CRTSH[@]}" --where "subject.CN exists and not $W" --connections $m
	for f in affected.csv findings.jsonl; do
		cmp "$WORK/crtsh/$f" "$WORK/conn$m/$f" || { diff "$WORK/crtsh/$f" "$WORK/conn$m/$f" >&2; fail "--connections $m: $f differs"; }
	done
	[ "$(got connnot$m)" = "$(want $CONTROLS)" ] || fail "--connections $m, not: $(got connnot$m)"
done
audit connboth "${CRTSH[@]}" --lint c_serial_reused --where "$W and not is_precert" --connections 2
cmp "$WORK/both-crtsh/affected.csv" "$WORK/connboth/affected.csv" || fail "--connections 2 with --lint: affected.csv differs"
[ "$(grep -c '"lint":"c_serial_reused"' "$WORK/connboth/findings.jsonl")" = 4 ] || fail "--connections 2 with --lint: findings"
pass "--connections 2 and 3: the single run's selection"

# one snapshot: the guest's statements logged with their session and
# virtual transaction id ("[guest PID VXID]")
psql -qX -v ON_ERROR_STOP=1 -c "ALTER SYSTEM SET log_line_prefix = '[%u %p %v] '" \
	-c "ALTER SYSTEM SET log_statement = 'all'" -c "SELECT pg_reload_conf()" >/dev/null
sleep 1
logged() { # NAME ARGS...: run the audit, keep the guest's log lines of it in $WORK/NAME.log
	local name=$1 from
	shift
	from=$(($(stat -c %s "$PGTMP/server.log") + 1))
	audit "$name" "$@"
	tail -c +"$from" "$PGTMP/server.log" | grep -a '^\[guest ' >"$WORK/$name.log" || true
}
txn() { sed -E 's/^\[guest ([0-9]+ [0-9]+\/[0-9]+)\].*/\1/'; }
logged snap1 "${CRTSH[@]}" --where "$W" -j 2
pages=$(grep -c 'One keyset page' "$WORK/snap1.log" || true)
[ "$pages" -ge 3 ] || fail "snapshot: want the pre-pass's and the main pass's pages in the log, got $pages"
[ "$(grep -a 'One keyset page' "$WORK/snap1.log" | txn | sort -u | wc -l)" = 1 ] ||
	fail "snapshot: pages read in more than one transaction: $(grep -a 'One keyset page' "$WORK/snap1.log" | txn | sort -u | tr '\n' ' ')"
[ "$(grep -a 'One keyset page' "$WORK/snap1.log" | txn | sort -u)" = "$(grep -a 'BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY' "$WORK/snap1.log" | txn | sort -u)" ] ||
	fail "snapshot: the pages are not read in the audit's one READ ONLY transaction"
cmp "$WORK/crtsh/affected.csv" "$WORK/snap1/affected.csv" || fail "snapshot run: affected.csv differs"
logged snap2 "${CRTSH[@]}" --where "$W" --connections 2
readers=$(grep -a 'One keyset page' "$WORK/snap2.log" | txn | sort -u)
[ "$(wc -l <<<"$readers")" = 3 ] || fail "--connections 2: want 3 transactions reading (the pre-pass, 2 readers): $readers"
snaps=$(grep -a 'SET TRANSACTION SNAPSHOT' "$WORK/snap2.log" | grep -aoE "'[^']+'" | sort -u)
[ "$(wc -l <<<"$snaps")" = 1 ] || fail "--connections 2: more than one snapshot imported: $snaps"
while read -r t; do
	grep -a "^\[guest $t\] LOG:  statement: SET TRANSACTION SNAPSHOT $snaps" "$WORK/snap2.log" >/dev/null ||
		fail "--connections 2: transaction $t read pages outside the exported snapshot"
done <<<"$readers"
pass "the pre-pass reads in the audit's one READ ONLY transaction (--connections: in the exported snapshot)"

# --shard: each shard decides the where's check over the whole selection
# (not its range), so merge equals the single run; with the check also in
# --lint the shards gather it and merge -d decides it (its re-reads
# evaluate the --where with the list merge decides once more). Four shards
# of ids 1-14: shard 1 is ids 1-3, shard 2 ids 4-7, so sr_pre_a (id 3) and
# the precertificate it reuses a serial with, sr_pre_b (id 4), are apart.
[ "$(awk -F'\t' '$3=="sr_pre_a"{print $1}' "$C/certs.tsv")" = 3 ] && [ "$(awk -F'\t' '$3=="sr_pre_b"{print $1}' "$C/certs.tsv")" = 4 ] ||
	fail "the corpus's ids moved: sr_pre_a/sr_pre_b are no longer ids 3 and 4"
SH=() SHL=()
for k in 1 2 3 4; do
	audit shard$k "${CRTSH[@]}" --where "$W" --shard $k/4
	audit shardl$k "${CRTSH[@]}" --where "$W" --lint c_serial_reused --shard $k/4
	SH+=("$WORK/shard$k") SHL+=("$WORK/shardl$k")
done
got shard1 | grep -q "$(sha sr_pre_a.pre.der)" || fail "shard 1 did not select sr_pre_a, whose twin is in shard 2"
"$CERTSWEEP" merge -o "$WORK/shard-m" "${SH[@]}" 2>"$WORK/shard-m.err" || fail "merge: $(cat "$WORK/shard-m.err")"
audit crtsh-wl "${CRTSH[@]}" --where "$W" --lint c_serial_reused
"$CERTSWEEP" merge -d "$GUEST" -o "$WORK/shardl-m" "${SHL[@]}" 2>"$WORK/shardl-m.err" || fail "merge -d: $(cat "$WORK/shardl-m.err")"
for f in affected.csv findings.jsonl impact.md; do
	cmp "$WORK/crtsh/$f" "$WORK/shard-m/$f" || fail "--where in 4 shards, merged: $f differs from the single run"
	cmp "$WORK/crtsh-wl/$f" "$WORK/shardl-m/$f" || fail "--where and --lint in 4 shards, merge -d: $f differs from the single run"
done
pass "--shard 1..4/4 merged equal the single run (a reused serial split across shards; --where alone, and with --lint c_serial_reused under merge -d)"
