/**
 * Copy-paste examples (curl and Node) for the platform API and /verify, written from each
 * operation as the document states it: method, path, required parameters, Basic auth when the
 * operation asks for it and the body's schema example. Shown in the docs page (appended to the
 * description) and as `x-codeSamples` for tools that read those. Everything a reader supplies is
 * an environment variable (the server's address too), so an example runs as it is once they are
 * exported; no Api-Version header, which only a token of that very version accepts (without it,
 * the token's own version answers).
 */

interface Parameter {
  name: string
  in: string
  required?: boolean
  example?: unknown
}
interface Operation {
  description?: string
  parameters?: Parameter[]
  security?: Record<string, string[]>[]
  requestBody?: { content?: Record<string, { schema?: { $ref?: string; example?: unknown } }> }
  'x-codeSamples'?: { lang: string; label: string; source: string }[]
}
interface Document {
  paths?: Record<string, Record<string, unknown> | undefined>
  components?: { schemas?: Record<string, unknown> }
}

/** The server's address, e.g. http://localhost:3000: the document's own server is `/`. */
const BASE = '${TOKENS_URL}'

function isExampleRoute(path: string): boolean {
  return path === '/verify' || path.startsWith('/platform/')
}

/** Placeholders a reader replaces, written as shell variables and their Node counterparts. */
function placeholder(name: string): string {
  return name.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase()
}

/**
 * A body value the reader supplies: a string example that is its own field's placeholder, as
 * /verify's `"accountSid": "ACCOUNT_SID"` (not `"method": "GET"`).
 */
function isPlaceholderField(field: string, value: unknown): boolean {
  return typeof value === 'string' && value === placeholder(field)
}

/** The body as JSON, each placeholder field's value written as its shell variable ("$ACCOUNT_SID"). */
function bodyJson(body: object): string {
  return JSON.stringify(
    body,
    (field, value: unknown) => (isPlaceholderField(field, value) ? `$${value as string}` : value),
    2,
  )
}

function bodyExample(document: Document, operation: Operation): unknown {
  const schema = operation.requestBody?.content?.['application/json']?.schema
  if (!schema) return undefined
  if (schema.example !== undefined) return schema.example
  const name = schema.$ref?.split('/').at(-1)
  const referenced = name
    ? (document.components?.schemas?.[name] as { example?: unknown } | undefined)
    : undefined
  return referenced?.example
}

function samplesOf(document: Document, method: string, path: string, operation: Operation) {
  const parameters = operation.parameters ?? []
  const urlPath = path.replace(/\{([^}]+)\}/g, (_, name: string) => `\${${placeholder(name)}}`)
  const query = parameters
    .filter((parameter) => parameter.in === 'query' && parameter.required)
    .map((parameter) => `${parameter.name}=\${${placeholder(parameter.name)}}`)
    .join('&')
  const url = `${BASE}${urlPath}${query ? `?${query}` : ''}`
  const basic = (operation.security ?? []).some((requirement) => 'basicAuth' in requirement)
  const body = bodyExample(document, operation)
  const verb = method.toUpperCase()

  const curl = [`curl -X ${verb} "${url}"`]
  if (basic) curl.push('  -u "$ACCOUNT_SID:$AUTH_TOKEN"')
  const json = typeof body === 'object' && body !== null ? bodyJson(body) : undefined
  const readerValue = /"\$([A-Z][A-Z_]*)"/g
  let heredoc: string[] = []
  if (json !== undefined) {
    curl.push(`  -H 'Content-Type: application/json'`)
    // A body with the reader's values is a here-document, where the shell expands them.
    if (json.includes('"$')) {
      curl.push('  --data @- <<JSON')
      heredoc = [json.replace(/[\\`]/g, '\\$&'), 'JSON']
    } else curl.push(`  --data '${json.replace(/'/g, "'\\''")}'`)
  }

  const headers: string[] = []
  if (basic)
    headers.push(
      "    Authorization: `Basic ${Buffer.from(`${process.env.ACCOUNT_SID}:${process.env.AUTH_TOKEN}`).toString('base64')}`,",
    )
  if (json !== undefined) headers.push("    'Content-Type': 'application/json',")
  const node = [
    `const response = await fetch(\`${url.replace(/\$\{([A-Z_]+)\}/g, '${process.env.$1}')}\`, {`,
    `  method: '${verb}',`,
    ...(headers.length > 0 ? ['  headers: {', ...headers, '  },'] : []),
    ...(json !== undefined
      ? [`  body: JSON.stringify(${json.replace(readerValue, 'process.env.$1').replace(/\n/g, '\n  ')}),`]
      : []),
    '})',
    '// Errors are application/problem+json: { type, title, status, code, detail }',
    'console.log(response.status, await response.text())',
  ]
  return [
    { lang: 'Shell', label: 'curl', source: [curl.join(' \\\n'), ...heredoc].join('\n') },
    { lang: 'JavaScript', label: 'Node', source: node.join('\n') },
  ]
}

export function addReferenceExamples(document: Document): void {
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    if (!isExampleRoute(path) || !item) continue
    for (const [method, value] of Object.entries(item)) {
      if (typeof value !== 'object' || value === null || !('responses' in value)) continue
      const operation = value as Operation
      const samples = samplesOf(document, method, path, operation)
      operation['x-codeSamples'] = samples
      const shown = samples.map(
        (sample) =>
          `${sample.label}:\n\n\`\`\`${sample.label === 'curl' ? 'sh' : 'js'}\n${sample.source}\n\`\`\``,
      )
      operation.description = `${operation.description ?? ''}\n\n**Examples**: export \`TOKENS_URL\` (the server, such as \`http://localhost:3000\`), \`ACCOUNT_SID\`, \`AUTH_TOKEN\` and any other capitalised name first.\n\n${shown.join('\n\n')}`
    }
  }
}
