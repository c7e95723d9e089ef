/**
 * Copy-paste examples (curl and Node) for the platform API and /verify, written from each
 * operation as the document states it: method, path, required parameters, Basic auth when the
 * operation asks for it, the Api-Version header and the body's schema example. Shown in the docs
 * page (appended to the description) and as `x-codeSamples` for tools that read those.
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

const BASE = 'https://tokens.example.com'

function isExampleRoute(path: string): boolean {
  return path === '/verify' || path.startsWith('/platform/')
}

/** Placeholders a reader replaces, written as shell variables and their Node counterparts. */
function placeholder(name: string): string {
  return name.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase()
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
  const version = parameters.find(
    (parameter) => parameter.in === 'header' && parameter.name === 'Api-Version',
  )
  const body = bodyExample(document, operation)
  const json = body === undefined ? undefined : JSON.stringify(body, null, 2)
  const verb = method.toUpperCase()

  const curl = [`curl -X ${verb} "${url}"`]
  if (basic) curl.push('  -u "$ACCOUNT_SID:$AUTH_TOKEN"')
  if (version) curl.push(`  -H 'Api-Version: ${String(version.example ?? 'v14')}'`)
  if (json !== undefined)
    curl.push(`  -H 'Content-Type: application/json'`, `  --data '${json.replace(/'/g, "'\\''")}'`)

  const headers: string[] = []
  if (basic)
    headers.push(
      "    Authorization: `Basic ${Buffer.from(`${process.env.ACCOUNT_SID}:${process.env.AUTH_TOKEN}`).toString('base64')}`,",
    )
  if (version) headers.push(`    'Api-Version': '${String(version.example ?? 'v14')}',`)
  if (json !== undefined) headers.push("    'Content-Type': 'application/json',")
  const node = [
    `const response = await fetch(\`${url.replace(/\$\{([A-Z_]+)\}/g, '${process.env.$1}')}\`, {`,
    `  method: '${verb}',`,
    ...(headers.length > 0 ? ['  headers: {', ...headers, '  },'] : []),
    ...(json !== undefined ? [`  body: JSON.stringify(${json.replace(/\n/g, '\n  ')}),`] : []),
    '})',
    '// Errors are application/problem+json: { type, title, status, code, detail }',
    'console.log(response.status, await response.text())',
  ]
  return [
    { lang: 'Shell', label: 'curl', source: curl.join(' \\\n') },
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
      operation.description = `${operation.description ?? ''}\n\n**Examples** (replace the capitalised placeholders).\n\n${shown.join('\n\n')}`
    }
  }
}
