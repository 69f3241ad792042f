# SECOM-shaped incident (2025): OV certificates whose stateOrProvinceName held
# "Tokyo, C=JP" - an embedded RDN that zlint, pkilint and pkimetal all missed.
# Heuristic a third party can rerun: any OV certificate whose ST value contains
# a comma followed by an attribute assignment.
policy has 2.23.140.1.2.2
and subject.ST ~ /,\s*(C|ST|L|O|OU|CN)\s*=/
