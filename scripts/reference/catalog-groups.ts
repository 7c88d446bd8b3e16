import { z } from 'zod';
import { isRecord, readYaml, type Problems } from './catalog-files';

/** `AgentActions` → [Agent, Actions]; `RemoteOpsMMS` → [Remote, Ops, MMS]; `ExclusionsV21` → [Exclusions, V21]. */
function tagWords(tag: string): string[] {
  return tag.match(/[A-Z]+(?![a-z])\d*|[A-Z][a-z]*\d*|[a-z]+\d*|\d+/g) ?? [tag];
}

/** The vendor tag in kebab case: `Threats` → `threats`, `AgentActions` → `agent-actions`. */
export function groupIdForTag(tag: string): string {
  return tagWords(tag)
    .map((w) => w.toLowerCase())
    .join('-');
}

/** `AgentActions` → `Agent actions`, `RBAC` → `RBAC`, `unified-alerts` → `Unified alerts`. */
export function derivedTitle(tagOrId: string): string {
  const words = tagOrId.includes('-') ? tagOrId.split('-').filter(Boolean) : tagWords(tagOrId);
  return words
    .map((w, i) => {
      if (i === 0) return w.charAt(0).toUpperCase() + w.slice(1);
      // Acronyms (MMS, RBAC) and words with digits (V21) keep their case.
      return /^[A-Z]{2,}\d*$/.test(w) || /\d/.test(w) ? w : w.toLowerCase();
    })
    .join(' ');
}

const GroupText = z
  .object({ title: z.string().min(1), description: z.string().optional() })
  .strict();
const GroupEntry = GroupText.extend({
  /** SentinelOne: the vendor tag (`AgentActions`). */
  tag: z.string().min(1).optional(),
  /** The group id (`agent-actions`, `admin-auth`). */
  id: z.string().min(1).optional(),
}).strict();

export interface GroupText {
  title: string;
  description: string;
}

/**
 * Reads `_groups.yaml`. Accepted shapes: `groups:` as a list of `{ tag | id, title,
 * description }`, or as a mapping (tag or id → `{ title, description }`), or that mapping
 * at the top level. Tags are turned into group ids. Order is the file's order.
 */
export function readGroupsFile(file: string, problems: Problems): Map<string, GroupText> {
  const out = new Map<string, GroupText>();
  const raw = readYaml(file, problems);
  if (raw === undefined || raw === null) return out;
  const body = isRecord(raw) && 'groups' in raw ? raw.groups : raw;
  const put = (key: string, entry: z.infer<typeof GroupText>) => {
    const id = key.includes('-') || key === key.toLowerCase() ? key : groupIdForTag(key);
    if (out.has(id)) problems.add(file, key, `group "${id}" is listed twice`);
    out.set(id, { title: entry.title, description: entry.description?.trim() ?? '' });
  };
  if (Array.isArray(body)) {
    body.forEach((item, index) => {
      const parsed = GroupEntry.safeParse(item);
      if (!parsed.success) return problems.addZod(file, `groups[${index}]`, parsed.error);
      const key = parsed.data.id ?? parsed.data.tag;
      if (!key) return problems.add(file, `groups[${index}]`, 'needs `tag` or `id`');
      put(key, parsed.data);
    });
  } else if (isRecord(body)) {
    for (const [key, value] of Object.entries(body)) {
      const parsed = GroupText.safeParse(value);
      if (!parsed.success) problems.addZod(file, key, parsed.error);
      else put(key, parsed.data);
    }
  } else {
    problems.add(file, undefined, 'expected `groups:` as a list or a mapping');
  }
  return out;
}
