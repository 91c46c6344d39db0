import {
  alertFacts,
  alertLink,
  alertTitle,
  clamp,
  describeEvent,
  eventCountLabel,
  shownEvents,
} from './format.js';
import type { AlertMessageInput } from './message.js';

/** The content of an alert e-mail; the channel adds sender, recipients and Message-ID. */
export interface EmailMessage {
  subject: string;
  text: string;
  html: string;
}

const maxSubject = 200;

/** Renders the e-mail for an alert: a subject line, a plain-text and an HTML body. */
export function renderEmail(input: AlertMessageInput): EmailMessage {
  const subject = clamp(`[Telltale] ${input.alert.severity}: ${alertTitle(input)}`, maxSubject);
  const facts = alertFacts(input);
  const link = alertLink(input);
  const shown = shownEvents(input);
  const eventLines = shown.events.map(describeEvent);
  const description = input.rule.description.trim();

  const text = [
    `${input.alert.severity}: ${alertTitle(input)}`,
    '',
    ...facts.map(([label, value]) => `${label}: ${value}`),
    ...(link ? [`Alert: ${link}`] : []),
    '',
    'Query:',
    indent(input.rule.query),
    ...(description ? ['', 'Description:', indent(description)] : []),
    '',
    `Events (${eventCountLabel(shown)}):`,
    ...eventLines.map((line) => `  ${line}`),
    ...(shown.omitted > 0 ? [`  ... and ${shown.omitted} more`] : []),
    '',
  ].join('\n');

  const html = [
    '<!DOCTYPE html>',
    '<html><body style="font-family: sans-serif">',
    `<h2>${escapeHtml(`${input.alert.severity}: ${alertTitle(input)}`)}</h2>`,
    '<table>',
    ...facts.map(
      ([label, value]) =>
        `<tr><th align="left">${escapeHtml(label)}</th><td>${escapeHtml(value)}</td></tr>`,
    ),
    '</table>',
    ...(link ? [`<p><a href="${escapeHtml(link)}">Open the alert in Telltale</a></p>`] : []),
    '<h3>Query</h3>',
    `<pre>${escapeHtml(input.rule.query)}</pre>`,
    ...(description ? ['<h3>Description</h3>', `<p>${escapeHtml(description)}</p>`] : []),
    `<h3>Events (${eventCountLabel(shown)})</h3>`,
    '<ul>',
    ...eventLines.map((line) => `<li><code>${escapeHtml(line)}</code></li>`),
    '</ul>',
    ...(shown.omitted > 0 ? [`<p>... and ${shown.omitted} more</p>`] : []),
    '</body></html>',
    '',
  ].join('\n');

  return { subject, text, html };
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n');
}

function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}
