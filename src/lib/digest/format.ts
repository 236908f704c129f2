// Pure: the digest as the places a review reads it: Markdown (a pull-request comment, a wiki page),
// a Slack incoming-webhook payload (Block Kit, mrkdwn), a Microsoft Teams payload (an Adaptive
// Card), or JSON. Every format says the same sections, from `sections()`. Names come from
// descriptors people write, so each format escapes them its own way; nothing is sent from here.
import { levelLabel } from '../format/level.ts';
import type { Digest, DigestChanges } from './build.ts';

export const DIGEST_FORMATS = ['markdown', 'slack', 'teams', 'json'] as const;
export type DigestFormat = (typeof DIGEST_FORMATS)[number];

/** A piece of a line: plain text, emphasised text, or a link to a page of the site. */
export type Part = string | { strong: string } | { text: string; page: string };
export interface Section {
	title: string;
	lines: Part[][];
}

export function formatDigest(digest: Digest, format: DigestFormat, siteUrl: string | null = null): string {
	if (format === 'json') return `${JSON.stringify(digest, null, 2)}\n`;
	const heading = `Readiness digest: ${digest.team?.name ?? digest.title}, ${digest.date}`;
	const summary: Part[] = [`${digest.services} services, mean score `, { strong: String(digest.score) }, `. ${Object.entries(digest.levelCounts).map(([level, count]) => `${levelLabel(level === 'none' ? null : level)} ${count}`).join(' · ')}.`];
	const body = digestSections(digest);
	const url = (page: string) => (siteUrl === null ? null : `${siteUrl.replace(/\/$/, '')}/${page}`);
	if (format === 'markdown') {
		const md = (parts: Part[]) => parts.map((part) => (typeof part === 'string' ? escapeMarkdown(part) : 'strong' in part ? `**${escapeMarkdown(part.strong)}**` : url(part.page) === null ? escapeMarkdown(part.text) : `[${escapeMarkdown(part.text)}](${url(part.page)})`)).join('');
		return `### ${escapeMarkdown(heading)}\n\n${md(summary)}\n${body.map((section) => `\n**${escapeMarkdown(section.title)}**\n\n${section.lines.map((line) => `- ${md(line)}\n`).join('')}`).join('')}`;
	}
	if (format === 'slack') {
		const mrkdwn = (parts: Part[]) => parts.map((part) => (typeof part === 'string' ? escapeSlack(part) : 'strong' in part ? `*${escapeSlack(part.strong)}*` : url(part.page) === null ? escapeSlack(part.text) : `<${url(part.page)}|${escapeSlack(part.text)}>`)).join('');
		const blocks = [
			{ type: 'header', text: { type: 'plain_text', text: heading.slice(0, 150) } },
			{ type: 'section', text: { type: 'mrkdwn', text: mrkdwn(summary) } },
			...body.map((section) => ({ type: 'section', text: { type: 'mrkdwn', text: `*${escapeSlack(section.title)}*\n${section.lines.map((line) => `• ${mrkdwn(line)}`).join('\n')}`.slice(0, 3000) } })),
		];
		return `${JSON.stringify({ text: heading, blocks }, null, 2)}\n`;
	}
	const textBlock = (parts: Part[]) => parts.map((part) => (typeof part === 'string' ? escapeTeams(part) : 'strong' in part ? `**${escapeTeams(part.strong)}**` : url(part.page) === null ? escapeTeams(part.text) : `[${escapeTeams(part.text)}](${url(part.page)})`)).join('');
	const card = {
		$schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
		type: 'AdaptiveCard',
		version: '1.4',
		body: [
			{ type: 'TextBlock', text: escapeTeams(heading), weight: 'Bolder', size: 'Medium', wrap: true },
			{ type: 'TextBlock', text: textBlock(summary), wrap: true },
			...body.flatMap((section) => [
				{ type: 'TextBlock', text: escapeTeams(section.title), weight: 'Bolder', wrap: true, spacing: 'Medium' },
				{ type: 'TextBlock', text: section.lines.map((line) => `- ${textBlock(line)}`).join('\r'), wrap: true },
			]),
		],
	};
	return `${JSON.stringify({ type: 'message', attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', contentUrl: null, content: card }] }, null, 2)}\n`;
}

/** The digest's sections, in the order every format says them (the /digest/ pages render these too). */
export function digestSections(digest: Digest): Section[] {
	const result: Section[] = [];
	const changes = (title: string, changed: DigestChanges) => {
		if (changed.since === null) return;
		const lines: Part[][] = [
			...changed.up.map((move) => ['▲ ', { text: move.name, page: `services/${move.service}/` }, `: ${levelLabel(move.from)} → ${levelLabel(move.to)}`]),
			...changed.down.map((move) => ['▼ ', { text: move.name, page: `services/${move.service}/` }, `: ${levelLabel(move.from)} → ${levelLabel(move.to)}`]),
			...changed.newFailures.map((failure) => ['✗ ', { text: failure.name, page: `services/${failure.service}/` }, ' now fails ', { text: failure.checkName, page: `checks/${failure.check}/` }]),
			...(changed.added.length > 0 ? [[`New services: ${changed.added.join(', ')}`]] : []),
			...(changed.removed.length > 0 ? [[`Services gone: ${changed.removed.join(', ')}`]] : []),
		];
		result.push({ title: `${title} (${changed.since})`, lines: lines.length > 0 ? lines : [['No level moved and no check started failing.']] });
	};
	changes('Since the previous build', digest.sincePrevious);
	if (digest.sinceWeek.since !== null && digest.sinceWeek.since !== digest.sincePrevious.since) changes('Since a week ago', digest.sinceWeek);
	if (digest.sincePrevious.since === null) result.push({ title: 'Changes', lines: [['No earlier snapshot yet: changes show from the next scheduled build on.']] });
	if (digest.expiredWaivers.length > 0) {
		result.push({ title: 'Waivers that expired', lines: digest.expiredWaivers.map((waiver) => [{ text: waiver.service, page: `services/${waiver.service}/` }, ': ', { text: waiver.checkName, page: `checks/${waiver.check}/` }, ` expired on ${waiver.expires} (approved by ${waiver.approver}); it counts as failing again`]) });
	}
	if (digest.goalsAtRisk.length > 0) {
		result.push({ title: 'Goals at risk', lines: digest.goalsAtRisk.map((goal) => [{ text: goal.title, page: `goals/#${goal.id}` }, `: ${Math.round(goal.share * 100)}% of ${Math.round(goal.target * 100)}% by ${goal.due}`]) });
	}
	if (digest.campaigns.length > 0) {
		result.push({ title: 'Campaigns', lines: digest.campaigns.map((campaign) => [{ text: campaign.title, page: `campaigns/#${campaign.id}` }, `: ${campaign.passing}/${campaign.inScope} services done, ${campaign.state}, due ${campaign.due}`]) });
	}
	return result;
}

/** Markdown's active characters, so a service named `[x](javascript:…)` stays text. */
function escapeMarkdown(text: string): string {
	return text.replace(/[\\`*_[\]|<>~]/g, (character) => `\\${character}`).replace(/\r?\n/g, ' ');
}

/** Slack mrkdwn: &, < and > are its control characters (mentions, links). */
function escapeSlack(text: string): string {
	return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r?\n/g, ' ');
}

/** Adaptive Card TextBlocks read a subset of Markdown. */
function escapeTeams(text: string): string {
	return text.replace(/[\\`*_[\]()#>]/g, (character) => `\\${character}`).replace(/\r?\n/g, ' ');
}
