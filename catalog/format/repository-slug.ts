// Names derived from a repository (`owner/name`, a GitLab group path or a clone URL).

/** A file-system-safe name for a repository, for fragment directories and artifact names. */
export function repositorySlug(repository: string): string {
	return repository
		.replace(/^[a-z]+:\/\/[^/]+\//i, '')
		.replace(/\.git$/, '')
		.replace(/[^A-Za-z0-9._-]+/g, '-')
		.replace(/^-+|-+$/g, '')
		.toLowerCase();
}

/**
 * The id a service gets when another repository claims the same id: qualified with its repository,
 * still kebab-case because ids are file names and URLs (`acme/billing` + `orders` → `acme-billing-orders`).
 */
export function repositoryQualifiedId(repository: string, id: string): string {
	const prefix = repositorySlug(repository).replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
	return prefix === '' ? id : `${prefix}-${id}`;
}
