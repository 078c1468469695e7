/**
 * The largest AGENTS.md ois reads, in UTF-8 bytes. A 500-agent registry is about 150 KiB; past this,
 * parsing gets slow and memory-hungry (the Markdown parser's cost grows faster than the text: 1 MiB
 * takes ~12 s and ~700 MB), so a larger file is refused before it is parsed: by lint (`file-size`),
 * and at run time, where the last registry that passed lint stays in force.
 */
export const MAX_REGISTRY_BYTES = 256 * 1024;

const encoder = new TextEncoder();

/** Whether `text` is over the registry limit (cheap for texts far from it). @example registryTooLarge('## A') // false */
export function registryTooLarge(text: string): boolean {
  if (text.length > MAX_REGISTRY_BYTES) return true;
  if (text.length * 3 <= MAX_REGISTRY_BYTES) return false;
  return encoder.encode(text).length > MAX_REGISTRY_BYTES;
}
