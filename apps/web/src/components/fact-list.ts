/**
 * One row of a FactList: a label and its value, shown as text, a date, a date and time, or when a
 * credential was last used (null: never). A date and time may be said in other words (`text`, e.g.
 * "1 Dec, in 3 days"); its `<time>` still carries the machine-readable value.
 */
export type Fact = { label: string } & (
  { text: string } | { date: string } | { dateTime: string; text?: string } | { lastUsed: string | null }
)
