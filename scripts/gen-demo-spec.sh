#!/usr/bin/env bash
# A realistic demo corpus spec: three issuers, 2019-2026, DV/OV/EV, precert+final
# pairs, precert-only and final-only serials, revocations with and without a
# reasonCode, and two planted incidents:
#   - OV certificates whose stateOrProvinceName holds "Tokyo, C=JP" (SECOM-shaped)
#   - EV certificates with jurisdictionL under Swiss cantonal registration (SwissSign-shaped)
# Writes the spec on stdout (or to SPEC_FILE) and the planted serials to PLANTED_FILE.
#   scripts/gen-demo-spec.sh PLANTED_FILE [SERIALS [SPEC_FILE]]
set -euo pipefail
planted=$1
n=${2:-1100}
[ $# -ge 3 ] && exec >"$3"
awk -v n="$n" -v planted="$planted" 'BEGIN {
	srand(20251017)
	cities["JP"]="Tokyo"; cities["US"]="California"; cities["DE"]="Bayern"; cities["CH"]="Zug"
	split("JP US DE CH", cc, " ")
	split("alpha beta gamma delta epsilon zeta eta theta iota kappa lambda omicron sigma tau", words, " ")
	printf "" > planted
	for (i = 1; i <= n; i++) {
		y = 2019 + int(rand() * 8); m = 1 + int(rand() * 12); d = 1 + int(rand() * 28)
		h = int(rand() * 24); mi = int(rand() * 60)
		if (y == 2026 && m > 10) m = 10
		days = (y < 2020) ? 825 : (y < 2026 ? 397 : 199)
		tot = int((m - 1) * 30.5) + d + days
		ny = y + int(tot / 365); rem = tot - 365 * int(tot / 365)
		nm = 1 + int(rem / 30.5); if (nm > 12) nm = 12
		nd = 1 + rem - int((nm - 1) * 30.5); if (nd > 28) nd = 28; if (nd < 1) nd = 1
		nb = sprintf("%04d%02d%02d%02d%02d00Z", y, m, d, h, mi)
		na = sprintf("%04d%02d%02d%02d%02d59Z", ny, nm, nd, h, mi)
		w = words[1 + int(rand() * 14)] i
		serial = sprintf("%02X%06X%08X", 16 + int(rand() * 100), i, int(rand() * 2147483647))
		r = rand()
		kind = (r < 0.72) ? "pair" : (r < 0.82 ? "precert" : "final")
		if (y < 2020) kind = "final"        # before CT was required for everyone
		t = rand(); c = cc[1 + int(rand() * 4)]
		rev = "-"; reason = "-"
		if (rand() < 0.08) {
			rev = sprintf("%04d-%02d-%02d 09:30:00", y + (m > 10 ? 1 : 0), (m % 12) + 1, d)
			reason = (rand() < 0.5) ? "null" : (rand() < 0.5 ? 1 : 4)
		}
		tag = ""
		if (t < 0.5) {
			ca = "dv"; pol = "2.23.140.1.2.1"; subj = "/CN=www." w ".example"
		} else if (t < 0.85) {
			ca = "ov"; pol = "2.23.140.1.2.2"
			st = cities[c]
			if (c == "JP" && rand() < 0.35) { st = "Tokyo, C=JP"; tag = "secom" }
			subj = "/C=" c "/ST=" st "/O=" w " Corp/CN=www." w ".example"
		} else {
			ca = "ev"; pol = "2.23.140.1.1"
			jl = ""
			if (c == "CH") { jst = "/jurisdictionST=Zug"; if (rand() < 0.5) { jl = "/jurisdictionL=Zug"; tag = "joi" } }
			else if (c == "US") { jst = "/jurisdictionST=Delaware" }
			else { jst = "" }
			subj = "/jurisdictionC=" c jst jl "/businessCategory=Private Organization/serialNumber=" 100000 + i \
				"/C=" c "/ST=" cities[c] "/O=" w " AG/CN=www." w ".example"
		}
		key = sprintf("c%05d", i)
		print key "|" ca "|" serial "|" nb "|" na "|" kind "|" subj "|www." w ".example," w ".example|" pol "|" rev "|" reason
		if (tag != "") print ca, tolower(serial), tag > planted
	}
	# one row that is not a certificate at all (cut short)
	print "c99999|dv|0BADBAD0|20240101000000Z|20250101000000Z|garbage|/CN=cut.example|cut.example|2.23.140.1.2.1|-|-"
}'
