/**
 * A sorted set with ranks: insert, delete, rank, first and in-order walks in O(log n) (a treap
 * whose nodes count their subtree). Waiting contacts live in these, in queue order, so that
 * neither routing nor queue positions sort the whole queue.
 */
interface Node<K> {
  key: K;
  weight: number;
  size: number;
  left: Node<K> | null;
  right: Node<K> | null;
}

const sizeOf = (n: Node<unknown> | null) => (n ? n.size : 0);

export class OrderedSet<K> {
  private root: Node<K> | null = null;

  constructor(private readonly compare: (a: K, b: K) => number) {}

  get size(): number {
    return sizeOf(this.root);
  }

  /** Adds `key` (the caller keeps keys unique); returns its rank. */
  insert(key: K): number {
    const [left, right] = this.split(this.root, (k) => this.compare(k, key) < 0);
    const rank = sizeOf(left);
    const node: Node<K> = { key, weight: Math.random(), size: 1, left: null, right: null };
    this.root = this.merge(this.merge(left, node), right);
    return rank;
  }

  /** Removes `key`; returns the rank it had, or -1 when it was not there. */
  delete(key: K): number {
    const [left, rest] = this.split(this.root, (k) => this.compare(k, key) < 0);
    const [found, right] = this.split(rest, (k) => this.compare(k, key) <= 0);
    const rank = found ? sizeOf(left) : -1;
    this.root = this.merge(left, right);
    return rank;
  }

  /** How many keys sort before `key`: its 0-based position when it is in the set. */
  rank(key: K): number {
    let node = this.root;
    let before = 0;
    while (node) {
      if (this.compare(key, node.key) <= 0) node = node.left;
      else {
        before += sizeOf(node.left) + 1;
        node = node.right;
      }
    }
    return before;
  }

  first(): K | undefined {
    let node = this.root;
    while (node?.left) node = node.left;
    return node?.key;
  }

  /** Keys in order from position `start`. Do not change the set while walking it. */
  *from(start = 0): Generator<K> {
    const stack: Node<K>[] = [];
    let node = this.root;
    let skip = start;
    while (node) {
      const leftSize = sizeOf(node.left);
      if (skip < leftSize) {
        stack.push(node);
        node = node.left;
      } else if (skip === leftSize) {
        stack.push(node);
        break;
      } else {
        skip -= leftSize + 1;
        node = node.right;
      }
    }
    while (stack.length) {
      const next = stack.pop()!;
      yield next.key;
      for (let child = next.right; child; child = child.left) stack.push(child);
    }
  }

  /** Splits into the keys for which `goesLeft` holds (a prefix in order) and the rest. */
  private split(node: Node<K> | null, goesLeft: (key: K) => boolean): [Node<K> | null, Node<K> | null] {
    if (!node) return [null, null];
    if (goesLeft(node.key)) {
      const [left, right] = this.split(node.right, goesLeft);
      node.right = left;
      node.size = sizeOf(node.left) + sizeOf(left) + 1;
      return [node, right];
    }
    const [left, right] = this.split(node.left, goesLeft);
    node.left = right;
    node.size = sizeOf(right) + sizeOf(node.right) + 1;
    return [left, node];
  }

  private merge(a: Node<K> | null, b: Node<K> | null): Node<K> | null {
    if (!a) return b;
    if (!b) return a;
    if (a.weight > b.weight) {
      a.right = this.merge(a.right, b);
      a.size = sizeOf(a.left) + sizeOf(a.right) + 1;
      return a;
    }
    b.left = this.merge(a, b.left);
    b.size = sizeOf(b.left) + sizeOf(b.right) + 1;
    return b;
  }
}
