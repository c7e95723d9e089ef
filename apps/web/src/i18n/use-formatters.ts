import { useI18n } from 'vue-i18n'
import { durationParts } from '../components/token-lifecycle/token-rotation'

const MINUTE = 60
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR
const MONTH = 30 * DAY
const YEAR = 365 * DAY

/** How much of a moment each date formatter says; a record (the audit trail) needs the seconds. */
const DATE_STYLES = {
  date: { dateStyle: 'medium' },
  dateTime: { dateStyle: 'medium', timeStyle: 'short' },
  dateTimeSeconds: { dateStyle: 'medium', timeStyle: 'medium' },
} satisfies Record<string, Intl.DateTimeFormatOptions>

const dateFormats = new Map<string, Intl.DateTimeFormat>()
const relativeFormats = new Map<string, Intl.RelativeTimeFormat>()
const numberFormats = new Map<string, Intl.NumberFormat>()
const durationFormats = new Map<string, Intl.NumberFormat>()

function cached<T>(cache: Map<string, T>, locale: string, create: () => T): T {
  let format = cache.get(locale)
  if (!format) {
    format = create()
    cache.set(locale, format)
  }
  return format
}

/** The unit a person would use for a distance in time ("3 days ago", not "259200 seconds ago"). */
export function relativeParts(seconds: number): { value: number; unit: Intl.RelativeTimeFormatUnit } {
  const abs = Math.abs(seconds)
  if (abs < MINUTE) return { value: Math.round(seconds), unit: 'second' }
  if (abs < HOUR) return { value: Math.round(seconds / MINUTE), unit: 'minute' }
  if (abs < DAY) return { value: Math.round(seconds / HOUR), unit: 'hour' }
  if (abs < MONTH) return { value: Math.round(seconds / DAY), unit: 'day' }
  if (abs < YEAR) return { value: Math.round(seconds / MONTH), unit: 'month' }
  return { value: Math.round(seconds / YEAR), unit: 'year' }
}

/** Dates, relative times and numbers in the UI's current language, through Intl. */
export function useFormatters() {
  const { locale } = useI18n()

  function formatDate(iso: string, style: keyof typeof DATE_STYLES): string {
    const format = cached(
      dateFormats,
      `${locale.value} ${style}`,
      () => new Intl.DateTimeFormat(locale.value, DATE_STYLES[style]),
    )
    return format.format(new Date(iso))
  }

  return {
    date: (iso: string) => formatDate(iso, 'date'),
    dateTime: (iso: string) => formatDate(iso, 'dateTime'),
    /** A date and time to the second, for a record (the audit trail) where minutes are too coarse. */
    dateTimeSeconds: (iso: string) => formatDate(iso, 'dateTimeSeconds'),
    relative(iso: string, now: Date = new Date()): string {
      const format = cached(
        relativeFormats,
        locale.value,
        () => new Intl.RelativeTimeFormat(locale.value, { numeric: 'auto' }),
      )
      const { value, unit } = relativeParts((new Date(iso).getTime() - now.getTime()) / 1000)
      return format.format(value, unit)
    },
    /** A length of time ("6 hours", "30 minutes") in the largest whole unit. */
    duration(seconds: number): string {
      const { value, unit } = durationParts(seconds)
      return cached(
        durationFormats,
        `${locale.value} ${unit}`,
        () => new Intl.NumberFormat(locale.value, { style: 'unit', unit, unitDisplay: 'long' }),
      ).format(value)
    },
    number(value: number): string {
      return cached(numberFormats, locale.value, () => new Intl.NumberFormat(locale.value)).format(value)
    },
  }
}
