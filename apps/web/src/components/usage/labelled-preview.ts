import type { UpgradePreview } from '@tokens/core'

/** One credential's upgrade preview, named when an upgrade moves more than one (the legacy pair). */
export interface LabelledPreview {
  label: string | null
  preview: UpgradePreview
}
