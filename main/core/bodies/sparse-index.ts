/**
 * The compact pieces the line indexes are made of. An index keeps one entry for every
 * `INDEX_STRIDE`-th line only and finds the lines in between by scanning forward from
 * there, so a 200 MB body with millions of lines needs a few hundred kilobytes.
 */

export const INDEX_STRIDE = 256;

/** A growing list of numbers in a typed array (doubling), for byte offsets. */
export class OffsetList {
  private data = new Float64Array(1024);
  length = 0;

  push(value: number): void {
    if (this.length === this.data.length) {
      const next = new Float64Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = value;
  }

  at(index: number): number {
    return this.data[index]!;
  }

  /** Bytes held, for the memory budget. */
  get bytes(): number {
    return this.data.byteLength;
  }
}

export class IntList {
  private data = new Int32Array(1024);
  length = 0;

  push(value: number): void {
    if (this.length === this.data.length) {
      const next = new Int32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = value;
  }

  at(index: number): number {
    return this.data[index]!;
  }

  get bytes(): number {
    return this.data.byteLength;
  }
}

/** Past this many distinct container paths the pretty index gives up (pathological input). */
export const MAX_STACK_NODES = 2_000_000;

/**
 * Stacks of open containers (`OBJECT`/`ARRAY` per level) shared as a trie: a saved line
 * start stores one node id, and the thousands of line starts inside `data[…]` of a list
 * envelope all share the same few nodes.
 */
export class StackTrie {
  private readonly parents = new IntList();
  private readonly kinds = new IntList();
  private readonly children = new Map<number, number>();
  /** The last stack stored and its node per level, so consecutive stacks share the work. */
  private readonly lastKinds = new Uint8Array(1024);
  private readonly lastNodes = new Int32Array(1025);
  private lastDepth = 0;

  constructor() {
    this.parents.push(-1);
    this.kinds.push(-1);
  }

  get size(): number {
    return this.parents.length;
  }

  /** The node of `stack[0, depth)`. */
  nodeOf(stack: Uint8Array, depth: number): number {
    let same = 0;
    const upTo = Math.min(depth, this.lastDepth);
    while (same < upTo && this.lastKinds[same] === stack[same]) same++;
    let node = this.lastNodes[same]!;
    for (let level = same; level < depth; level++) {
      const kind = stack[level]!;
      const key = node * 2 + kind;
      let child = this.children.get(key);
      if (child === undefined) {
        if (this.parents.length >= MAX_STACK_NODES) {
          throw new RangeError('The document has too many distinct nesting paths to index.');
        }
        child = this.parents.length;
        this.parents.push(node);
        this.kinds.push(kind);
        this.children.set(key, child);
      }
      node = child;
      this.lastKinds[level] = kind;
      this.lastNodes[level + 1] = node;
    }
    this.lastDepth = depth;
    return node;
  }

  /** The stack a node stands for, outermost first. */
  stackOf(node: number): number[] {
    const out: number[] = [];
    for (let n = node; n > 0; n = this.parents.at(n)) out.push(this.kinds.at(n));
    return out.reverse();
  }

  get bytes(): number {
    // Two Int32 lists plus roughly 40 bytes per Map entry.
    return this.parents.bytes + this.kinds.bytes + this.children.size * 40;
  }
}
