import type { ChatProblemCode } from './types.js';

const STRICT = /^##[ \t]+(\d{2}):(\d{2})[ \t]+[-–—][ \t]+(\S.*?)[ \t]*$/;
const LOOSE = /^##[ \t]+(\S+)(?:[ \t]+[-–—](?=[ \t]|$))?[ \t]*(.*?)[ \t]*$/;

export interface ParsedHeading {
  time: string;
  name: string;
  problem?: { code: ChatProblemCode; message: string };
}

/**
 * Reads an entry heading `## HH:MM - Name` (24-hour UTC time). A malformed one still gives what
 * was written, with the problem.
 *
 * @example parseHeading('## 14:32 - ARIA ⚔️') // { time: '14:32', name: 'ARIA ⚔️' }
 * @example parseHeading('## 25:00 - ARIA').problem?.code // 'bad-time'
 */
export function parseHeading(line: string): ParsedHeading {
  const strict = STRICT.exec(line);
  if (strict) {
    const [, hh = '', mm = '', name = ''] = strict;
    if (Number(hh) < 24 && Number(mm) < 60) return { time: `${hh}:${mm}`, name };
    return {
      time: `${hh}:${mm}`,
      name,
      problem: { code: 'bad-time', message: `bad time "${hh}:${mm}" in entry heading: expected HH:MM from 00:00 to 23:59` },
    };
  }
  const loose = LOOSE.exec(line);
  const time = loose?.[1] ?? '';
  const name = loose?.[2] ?? '';
  const hint = /^\d{1,2}[:.hH]\d{1,2}$/.test(time) && name !== '' ? `bad time "${time}"` : 'malformed heading';
  return {
    time,
    name,
    problem: { code: 'bad-heading', message: `${hint}: an entry heading is \`## HH:MM - Name\`, e.g. \`## 14:32 - ARIA\`` },
  };
}
