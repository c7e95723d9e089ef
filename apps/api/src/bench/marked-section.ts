import { existsSync, readFileSync, writeFileSync } from 'node:fs'

/** Where a bench's figures stand in docs/PERFORMANCE.md: between two markers, under a heading of their own. */
export interface MarkedSection {
  begin: string
  end: string
  /** The section's heading, when the markers are not there yet and the section is appended. */
  heading: string
}

/**
 * Prints `block` (without Markdown's bold) and replaces what stands between the section's markers
 * in the document at `path` by it, keeping the hand-written text around them, or appends the section
 * when the markers are missing. Nothing is written with BENCH_WRITE_DOC=false or without the
 * document: the figures were printed anyway.
 */
export function writeMarkedSection(path: string, section: MarkedSection, block: string): void {
  console.log(`\n${block.replaceAll('**', '')}`)
  if (process.env['BENCH_WRITE_DOC'] === 'false' || !existsSync(path)) return
  const current = readFileSync(path, 'utf8')
  const begin = current.indexOf(section.begin)
  const end = current.indexOf(section.end)
  const replaced = `${section.begin}\n\n${block}\n\n${section.end}`
  writeFileSync(
    path,
    begin >= 0 && end > begin
      ? `${current.slice(0, begin)}${replaced}${current.slice(end + section.end.length)}`
      : `${current.trimEnd()}\n\n## ${section.heading}\n\n${replaced}\n`,
  )
  console.log(`\nwritten to ${path}`)
}
