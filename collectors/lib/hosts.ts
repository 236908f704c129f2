// Which other services a configuration value points to, from the hostnames in it. Used on env
// values, which may hold secrets: only hostnames leave this function, never the value.

/**
 * Hostnames in a URL-like value: `http://ledger:8080/x`, `postgres://u:p@db:5432/x`, `ledger:8080`,
 * `ledger.payments.svc.cluster.local`. Only the first label of a cluster DNS name is kept.
 */
export function hostsInValue(value: string): string[] {
	const hosts = new Set<string>();
	for (const match of value.matchAll(/[a-z][a-z0-9+.-]*:\/\/(?:[^@/\s]*@)?([a-z0-9][a-z0-9.-]*)/gi)) hosts.add(firstLabel(match[1]!));
	const bare = /^([a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*):\d{2,5}$/i.exec(value.trim());
	if (bare !== null) hosts.add(firstLabel(bare[1]!));
	const cluster = /^([a-z0-9-]+)\.[a-z0-9-]+\.svc(?:\.cluster\.local)?$/i.exec(value.trim());
	if (cluster !== null) hosts.add(cluster[1]!.toLowerCase());
	hosts.delete('localhost');
	return [...hosts].filter((host) => !/^\d+$/.test(host));
}

function firstLabel(host: string): string {
	const lower = host.toLowerCase();
	return /\.svc(\.cluster\.local)?$/.test(lower) || !lower.includes('.') ? lower.split('.')[0]! : lower;
}

