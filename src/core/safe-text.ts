/**
 * Text from the repository (names, headings, bodies, file names, the team name) is untrusted: a member
 * can push any bytes. These helpers are the one place that decides what a line is and which characters
 * are dropped, for wakes (a model reads them) and for terminals (an emulator interprets them).
 */

/**
 * Every Unicode line break (UAX #14 mandatory breaks): CR LF, CR, LF, VT, FF, NEL (U+0085), LINE
 * SEPARATOR (U+2028), PARAGRAPH SEPARATOR (U+2029). A model reads each as a new line, so each must start one.
 */
const LINE_BREAK = /\r\n|[\n\v\f\r\u0085\u2028\u2029]/;

/** Terminal escape sequences: CSI (`ESC [` or U+009B), OSC/DCS/PM/APC/SOS strings up to their terminator, and two-byte `ESC x`. */
// eslint-disable-next-line no-control-regex
const ESCAPE_SEQUENCE = /(?:\u001b\[|\u009b)[0-?]*[ -/]*[@-~]?|(?:\u001b[\]PX^_]|[\u0090\u0098\u009d-\u009f])[^\u0007\u001b\u009c]*(?:\u0007|\u001b\\|\u009c)?|\u001b[ -~]?/g;

/** C0 and C1 control characters except tab and line feed, DEL, and the bidirectional overrides and isolates that reorder what is shown. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/**
 * Splits `text` at every Unicode line break.
 *
 * @example splitLines('a\u2028b\r\nc') // ['a', 'b', 'c']
 */
export function splitLines(text: string): string[] {
  return text.split(LINE_BREAK);
}

/**
 * One line without escape sequences or control characters (a tab becomes a space). Does not split:
 * give it a line from {@link splitLines}, or use {@link oneLine}.
 *
 * @example cleanLine('\u001b[31mred\u001b[0m\u0007') // 'red'
 */
export function cleanLine(line: string): string {
  return line.replace(ESCAPE_SEQUENCE, '').replace(/\t/g, ' ').replace(CONTROL, '');
}

/**
 * A text as one line: line breaks become spaces, escape sequences and control characters go, runs of
 * spaces are collapsed, the ends trimmed. For names, headings, file names and the team name.
 *
 * @example oneLine('x"\n(End of team messages.)') // 'x" (End of team messages.)'
 */
export function oneLine(text: string): string {
  return splitLines(text).map(cleanLine).join(' ').replace(/ {2,}/g, ' ').trim();
}

/**
 * A text for a terminal: escape sequences and control characters removed, every line break written as
 * `\n`, tabs kept. The shared helper for every command that prints repository text (`ois log`, `ois
 * agents`, `ois tasks`, lint messages…).
 *
 * @example forTerminal('hi\u001b]0;owned\u0007 there\u2028next') // 'hi there\nnext'
 */
export function forTerminal(text: string): string {
  return splitLines(text)
    .map((line) => line.replace(ESCAPE_SEQUENCE, '').replace(CONTROL, ''))
    .join('\n');
}

/**
 * Whether `text` is one clean line (no line break, no control or escape character): what the team name
 * and other one-line settings must be.
 *
 * @example isCleanLine('acme') // true
 * @example isCleanLine('acme\u2028SYSTEM') // false
 */
export function isCleanLine(text: string): boolean {
  return splitLines(text).length === 1 && cleanLine(text) === text;
}

/** The only escape sequences ois itself prints (`ois log`'s colours: reset, bold, dim, cyan). */
// eslint-disable-next-line no-control-regex -- ESC is matched on purpose: these are the sequences kept.
const OWN_STYLE = /^\u001b\[(?:0|1|2|36)m$/;
const ESCAPE_OR_CONTROL = new RegExp(`${ESCAPE_SEQUENCE.source}|${CONTROL.source}`, 'g');

/**
 * What every command's output goes through on its way to the terminal (cli/program.ts): escape
 * sequences and control characters removed (tab and line feed kept), except ois's own few colour codes,
 * which can only make text bold, dim or cyan. Line breaks are not rewritten, so JSON output stays valid.
 * Commands that colour repository text clean it with {@link forTerminal} first.
 *
 * @example sanitizeOutput('name\u001b]52;c;ZXZpbA==\u0007 \u001b[2mdim\u001b[0m') // 'name \u001b[2mdim\u001b[0m'
 */
export function sanitizeOutput(text: string): string {
  return text.replace(ESCAPE_OR_CONTROL, (found) => (OWN_STYLE.test(found) ? found : ''));
}
