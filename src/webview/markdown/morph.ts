/**
 * Morphs a live DOM subtree into a freshly rendered one, touching only what differs: nodes of the same kind keep
 * their identity (so the header buttons of a code block inside the tail, a text selection, or the focus survive the
 * tail being re-rendered), changed text is updated in place (appended when it only grew), and only what is new is
 * inserted. `source` is consumed.
 */
// An expando property rather than a WeakMap: a WeakMap keyed by DOM nodes adds an ephemeron per keyed node (thousands
// in a long answer) to every full garbage collection's weak-closure phase.
const MORPH_KEY = Symbol('morphKey');
type Keyed = Node & { [MORPH_KEY]?: string };

const keyOf = (node: Node): string | undefined => (node as Keyed)[MORPH_KEY];

/** Marks a rendered node as identified by `key`: a live node with the same key is left as it is, unexamined. */
export function setMorphKey(node: Node, key: string | undefined): void {
  (node as Keyed)[MORPH_KEY] = key;
}

const MAKE = Symbol('makeNode');
type Stub = Node & { [MAKE]?: () => Node };

/**
 * A stand-in for a keyed node that may well be live already: a shallow copy of its element (for the morph to line
 * it up) that is built for real only if the morph needs it — inserted, or put where a node with another key is. The
 * open tail is rendered every frame, and a deep copy of each of its unchanged pieces, made only for the morph to pass
 * over it, was garbage: without it a 20k-token answer at 100 tok/s needs half the minor garbage collections.
 */
export function stubNode(shallow: Node, key: string, make: () => Node): Node {
  setMorphKey(shallow, key);
  (shallow as Stub)[MAKE] = make;
  return shallow;
}

/** The node itself, with every stub in it built. A keyed node is a whole piece, with no stub inside: not walked. */
function built(node: Node): Node {
  const make = (node as Stub)[MAKE];
  if (make) return make();
  if (keyOf(node) !== undefined) return node;
  for (let c = node.firstChild; c; ) {
    const next = c.nextSibling;
    const real = built(c);
    if (real !== c) node.replaceChild(real, c);
    c = next;
  }
  return node;
}

const LEFT_ALONE = Symbol('morphLeavesAlone');

/**
 * Marks a live node the morph never matches, moves or removes (what it renders goes before it). The streaming cursor:
 * taken out and put back on every frame, its blinking pseudo-element and animation were made anew each time.
 */
export function leaveAlone(node: Node): void {
  (node as Node & { [LEFT_ALONE]?: true })[LEFT_ALONE] = true;
}

const leftAlone = (node: Node) => (node as Node & { [LEFT_ALONE]?: true })[LEFT_ALONE] === true;

export function morphChildren(target: Node, source: Node): void {
  let t = target.firstChild;
  let s = source.firstChild;
  while (s) {
    const next = s.nextSibling;
    if (t && !leftAlone(t) && t.nodeType === s.nodeType && t.nodeName === s.nodeName) {
      morphNode(t, s);
      t = t.nextSibling;
    } else {
      // An inserted node is live from now on: its key (if any) goes with it.
      target.insertBefore(built(s), t);
    }
    s = next;
  }
  while (t) {
    const next = t.nextSibling;
    if (!leftAlone(t)) target.removeChild(t);
    t = next;
  }
}

function morphNode(target: Node, stubOrSource: Node): void {
  const key = keyOf(stubOrSource);
  if (key !== undefined && keyOf(target) === key) return;
  const source = (stubOrSource as Stub)[MAKE]?.() ?? stubOrSource;
  if (target instanceof CharacterData) {
    const now = target.data;
    const want = (source as CharacterData).data;
    if (now === want) return;
    if (want.startsWith(now)) target.appendData(want.slice(now.length));
    else target.data = want;
    return;
  }
  if (target instanceof Element && source instanceof Element) {
    for (const name of target.getAttributeNames()) if (!source.hasAttribute(name)) target.removeAttribute(name);
    for (const name of source.getAttributeNames()) {
      const value = source.getAttribute(name)!;
      if (target.getAttribute(name) !== value) target.setAttribute(name, value);
    }
    morphChildren(target, source);
    setMorphKey(target, key);
  }
}
