import { registryMembers } from '../../core/registry/members.js';
import type { Registry } from '../../core/registry/types.js';
import { parseStructured } from '../../core/tasks/parse.js';
import { toEntryView, type EntryView, type RoomMember } from '../../core/web/entry-view.js';
import { createRenderer, type RenderedBody } from '../../core/web/render.js';
import type { IndexedEntry } from './chat-index.js';

const CACHE_LIMIT = 5_000;

/**
 * Entry views for one registry and one reader: rendering (the costly part) is cached per entry key
 * and text, so a page, a search and the live updates render each entry once.
 */
export class EntryViews {
  readonly members: RoomMember[];
  readonly byName: Map<string, RoomMember>;
  readonly byId: Map<string, RoomMember>;
  private readonly render: (markdown: string) => RenderedBody;
  private readonly cache = new Map<string, { raw: string; view: EntryView }>();

  constructor(
    registry: Registry,
    private readonly me: string | undefined,
  ) {
    this.members = [
      ...registry.agents.map((a) => ({ id: a.id, name: a.name, kind: 'agent' as const })),
      ...registry.humans.map((h) => ({ id: h.id, name: h.name, kind: 'human' as const })),
    ];
    this.byName = new Map(this.members.map((m) => [m.name.trim().toLowerCase(), m]));
    this.byId = new Map(this.members.map((m) => [m.id, m]));
    this.render = createRenderer({ members: registryMembers(registry), me });
  }

  /** The view of one entry (without its stage and wakes: the room adds those). */
  view(item: IndexedEntry): EntryView {
    const hit = this.cache.get(item.key);
    if (hit?.raw === item.entry.raw) return { ...hit.view };
    const shape = parseStructured(item.entry.body)?.kind ?? null;
    const view = toEntryView(item, this.render(item.entry.body), { byName: this.byName, byId: this.byId, me: this.me, shape });
    this.cache.set(item.key, { raw: item.entry.raw, view });
    if (this.cache.size > CACHE_LIMIT) this.cache.delete(this.cache.keys().next().value as string);
    return { ...view };
  }
}
