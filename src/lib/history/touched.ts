// Pure: which services a change touches, from the changed files (paths relative to the monorepo
// root, POSIX) and each service's directory. The most specific service wins, so a file in
// services/payments/api/ belongs to payments-api, not to a parent directory's service.
export function servicesTouched(changedFiles: readonly string[], services: readonly { id: string; path: string | null }[]): string[] {
	// A service with no directory of its own (a proxy declared in an orchestrator) is touched by no file.
	const byDepth = services.flatMap((service) => (service.path === null ? [] : [{ id: service.id, path: service.path }])).sort((a, b) => b.path.length - a.path.length);
	const touched = new Set<string>();
	for (const file of changedFiles) {
		const owner = byDepth.find((service) => service.path === '' || service.path === '.' || file === service.path || file.startsWith(`${service.path}/`));
		if (owner !== undefined) touched.add(owner.id);
	}
	return [...touched].sort();
}
