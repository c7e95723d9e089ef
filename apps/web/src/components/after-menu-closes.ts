/**
 * Opening a dialog from a menu item: wait a frame, until the menu has closed and handed focus back
 * to its trigger, so that the dialog (reka-ui) returns focus to that trigger when it closes.
 */
export function afterMenuCloses(open: () => void): void {
  requestAnimationFrame(() => open())
}
