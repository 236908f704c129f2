// The digest's events as an Atom 1.0 feed (RFC 4287), for the organisation or one team: each level
// move and each check that started failing, at the build that saw it. Ids are urn:uuid values
// derived from the event, so a feed reader shows an event once however many builds list it.
import { createHash } from 'node:crypto';
import { levelLabel } from '../format/level.ts';
import type { Report } from '../report/schema.ts';
import { eventLookups } from './build.ts';

interface Entry {
	id: string;
	title: string;
	updated: string;
	link: string;
	summary: string;
}

/** `href` turns a site path into the link the site uses (its base applied). */
export function atomFeed(report: Report, team: string | null, href: (path: string) => string): string {
	const { inScope: owned, nameOf, checkName } = eventLookups(report, team);
	const scope = team === null ? 'organisation' : `team:${team}`;
	const entries: Entry[] = [];
	for (const change of report.readiness.changes) {
		const updated = `${change.to}T00:00:00Z`;
		for (const move of change.moves.filter((candidate) => owned(candidate.service))) {
			entries.push({
				id: uuidOf(`${scope}|${change.to}|move|${move.service}|${move.from}|${move.to}`),
				title: `${nameOf(move.service)} moved ${move.direction}: ${levelLabel(move.from)} → ${levelLabel(move.to)}`,
				updated,
				link: href(`services/${move.service}/`),
				summary: `Between the snapshots of ${change.date} and ${change.to}, ${nameOf(move.service)} went from ${levelLabel(move.from)} to ${levelLabel(move.to)}.`,
			});
		}
		for (const failure of change.newFailures.filter((candidate) => owned(candidate.service))) {
			entries.push({
				id: uuidOf(`${scope}|${change.to}|fail|${failure.service}|${failure.check}`),
				title: `${nameOf(failure.service)} now fails ${checkName(failure.check)}`,
				updated,
				link: href(`services/${failure.service}/`),
				summary: `"${checkName(failure.check)}" passed for ${nameOf(failure.service)} on ${change.date} and fails since ${change.to}.`,
			});
		}
	}
	const teamName = team === null ? null : (report.teams.find((candidate) => candidate.id === team)?.name ?? team);
	const title = teamName === null ? `${report.title}: readiness changes` : `${report.title}: readiness changes of ${teamName}`;
	const self = href(team === null ? 'feeds/org.xml' : `feeds/teams/${team}.xml`);
	const updated = entries[0]?.updated ?? `${report.generatedAt.slice(0, 10)}T00:00:00Z`;
	const lines = [
		'<?xml version="1.0" encoding="utf-8"?>',
		'<feed xmlns="http://www.w3.org/2005/Atom">',
		`  <id>${uuidOf(`${report.title}|${scope}`)}</id>`,
		`  <title>${escapeXml(title)}</title>`,
		`  <updated>${updated}</updated>`,
		`  <link rel="self" type="application/atom+xml" href="${escapeXml(self)}"/>`,
		`  <link rel="alternate" type="text/html" href="${escapeXml(href(team === null ? 'digest/' : `digest/teams/${team}/`))}"/>`,
		'  <author><name>Shipshape</name></author>',
		'  <generator>Shipshape</generator>',
		...entries.flatMap((entry) => [
			'  <entry>',
			`    <id>${entry.id}</id>`,
			`    <title>${escapeXml(entry.title)}</title>`,
			`    <updated>${entry.updated}</updated>`,
			`    <link rel="alternate" type="text/html" href="${escapeXml(entry.link)}"/>`,
			`    <summary>${escapeXml(entry.summary)}</summary>`,
			'  </entry>',
		]),
		'</feed>',
	];
	return `${lines.join('\n')}\n`;
}

/** A name-based UUID (version 5 layout over SHA-1), as a URN. */
function uuidOf(name: string): string {
	const hex = createHash('sha1').update(name).digest('hex');
	const variant = ((parseInt(hex.slice(16, 18), 16) & 0x3f) | 0x80).toString(16);
	return `urn:uuid:${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(18, 20)}-${hex.slice(20, 32)}`;
}

function escapeXml(text: string): string {
	// Characters XML 1.0 cannot hold at all are dropped; the five special ones are escaped.
	return text.replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}
