import { alertFacts, alertLink, clamp, describeEvent, headline, shownEvents } from './format.js';
import type { AlertMessageInput } from './message.js';

/** The JSON body posted to a Slack incoming webhook. */
export interface SlackMessage {
  /** The notification text, also shown where blocks cannot be. */
  text: string;
  blocks: SlackBlock[];
}

export type SlackText = { type: 'plain_text' | 'mrkdwn'; text: string };

export type SlackBlock =
  | { type: 'header'; text: SlackText }
  | { type: 'section'; text?: SlackText; fields?: SlackText[] }
  | {
      type: 'actions';
      elements: { type: 'button'; text: SlackText; url: string }[];
    }
  | { type: 'context'; elements: SlackText[] };

// Slack's limits: a header holds 150 characters, a section 3000, a field 2000, a button
// URL 3000. Longer text is rejected, so every piece is cut to fit.
const maxHeader = 150;
const maxSection = 3000;
const maxField = 2000;
const maxUrl = 3000;

/** Renders the Slack message for an alert: a header, the facts, query, events and a link. */
export function renderSlack(input: AlertMessageInput): SlackMessage {
  const title = headline(input);
  const link = alertLink(input);
  const description = input.rule.description.trim();

  const blocks: SlackBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: clamp(title, maxHeader) } },
    {
      type: 'section',
      fields: alertFacts(input).map(([label, value]) =>
        mrkdwn(clamp(`*${label}*\n${escape(value)}`, maxField)),
      ),
    },
    { type: 'section', text: mrkdwn(codeSection('*Query*', input.rule.query)) },
  ];
  if (description) {
    blocks.push({
      type: 'section',
      text: mrkdwn(clamp(`*Description*\n${escape(description)}`, maxSection)),
    });
  }
  blocks.push({ type: 'section', text: mrkdwn(eventsSection(input)) });
  if (link && link.length <= maxUrl) {
    blocks.push({
      type: 'actions',
      elements: [{ type: 'button', text: { type: 'plain_text', text: 'Open alert' }, url: link }],
    });
  }
  blocks.push({
    type: 'context',
    elements: [mrkdwn(`Telltale alert ${input.alert.id} · rule ${input.rule.id}`)],
  });

  return { text: clamp(title, maxSection), blocks };
}

function eventsSection(input: AlertMessageInput): string {
  const shown = shownEvents(input);
  const total = shown.events.length + shown.omitted;
  const lines: string[] = [];
  // Room for the heading and the closing line, whatever their final counts.
  let room = maxSection - 80;
  for (const event of shown.events) {
    const line = escape(describeEvent(event)).replace(/```/g, "'''");
    if (line.length + 1 > room) break;
    lines.push(line);
    room -= line.length + 1;
  }

  const omitted = total - lines.length;
  const label = omitted > 0 ? `showing ${lines.length} of ${total}` : String(total);
  const more = omitted > 0 ? `\n… and ${omitted} more` : '';
  const body = lines.length > 0 ? `\n\`\`\`${lines.join('\n')}\`\`\`` : '';
  return `*Events* (${label})${body}${more}`;
}

function codeSection(heading: string, code: string): string {
  const escaped = escape(code).replace(/```/g, "'''");
  return `${heading}\n\`\`\`${clamp(escaped, maxSection - heading.length - 8)}\`\`\``;
}

function mrkdwn(text: string): SlackText {
  return { type: 'mrkdwn', text };
}

// Slack reads &, < and > as markup in mrkdwn text.
function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
