/** `NodeTypes.Named` of @intlify/message-compiler: a `{name}` placeholder. */
const NAMED_NODE = 4

/**
 * The `{name}` placeholders of a catalog message as `tm()` returns it. The catalogs are
 * precompiled at build time (vite.config.ts), so that is the message compiler's AST, in its
 * minified (`t`, `k`) or full (`type`, `key`) form; a message still in source form is read as text.
 */
export function namedPlaceholders(message: unknown): string[] {
  if (typeof message === 'string') return [...message.matchAll(/\{(\w+)\}/g)].map((match) => match[1] ?? '')
  const names: string[] = []
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      node.forEach(visit)
      return
    }
    if (!node || typeof node !== 'object') return
    const fields = node as Record<string, unknown>
    const name = fields['k'] ?? fields['key']
    if ((fields['t'] ?? fields['type']) === NAMED_NODE && typeof name === 'string') names.push(name)
    Object.values(fields).forEach(visit)
  }
  visit(message)
  return names
}
