// `{{placeholder}}` rendering for evaluator messages, as ESLint does.
export function renderMessage(template: string, data: Readonly<Record<string, string | number>> = {}): string {
	return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, key: string) =>
		Object.hasOwn(data, key) ? String(data[key]) : whole,
	);
}
