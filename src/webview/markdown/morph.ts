/**
 * Morphs a live DOM subtree into a freshly rendered one, touching only what differs: nodes of the same kind keep
 * their identity (so the header buttons of a code block inside the tail, a text selection, or the focus survive the
 * tail being re-rendered), changed text is updated in place (appended when it only grew), and only what is new is
 * inserted. `source` is consumed.
 */
const morphKeys = new WeakMap<Node, string>();

/** Marks a rendered node as identified by `key`: a live node with the same key is left as it is, unexamined. */
export function setMorphKey(node: Node, key: string): void {
  morphKeys.set(node, key);
}

export function morphChildren(target: Node, source: Node): void {
  let t = target.firstChild;
  let s = source.firstChild;
  while (s) {
    const next = s.nextSibling;
    if (t && t.nodeType === s.nodeType && t.nodeName === s.nodeName) {
      morphNode(t, s);
      t = t.nextSibling;
    } else {
      // An inserted node is live from now on: its key (if any) goes with it.
      target.insertBefore(s, t);
    }
    s = next;
  }
  while (t) {
    const next = t.nextSibling;
    target.removeChild(t);
    t = next;
  }
}

function morphNode(target: Node, source: Node): void {
  const key = morphKeys.get(source);
  if (key !== undefined && morphKeys.get(target) === key) return;
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
    if (key !== undefined) morphKeys.set(target, key);
    else morphKeys.delete(target);
  }
}
