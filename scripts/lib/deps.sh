# Install what is missing from Debian's packages (run as root on a fresh machine).
# The postgresql package must not start a cluster of its own: certsweep's tests
# and demo start throwaway clusters and stop them.

certsweep_deps() { # extra packages as arguments
	local want=(build-essential cmake pkg-config libpq-dev libssl-dev libcmocka-dev openssl
		libpcre2-dev postgresql-15 postgresql-client-15 "$@") missing=() p
	for p in "${want[@]}"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	if [ "$(id -u)" != 0 ]; then
		echo "certsweep: missing packages: ${missing[*]} (run as root, or install them)" >&2
		return 1
	fi
	mkdir -p /etc/postgresql-common
	[ -f /etc/postgresql-common/createcluster.conf ] || echo "create_main_cluster = false" >/etc/postgresql-common/createcluster.conf
	grep -q '^create_main_cluster' /etc/postgresql-common/createcluster.conf ||
		echo "create_main_cluster = false" >>/etc/postgresql-common/createcluster.conf
	echo "certsweep: installing ${missing[*]}" >&2
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	# policy-rc.d 101: no service is started by a package's install scripts
	local prc=/usr/sbin/policy-rc.d made=0
	if [ ! -e "$prc" ]; then printf '#!/bin/sh\nexit 101\n' >"$prc"; chmod +x "$prc"; made=1; fi
	apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
	[ $made = 1 ] && rm -f "$prc"
	return 0
}
