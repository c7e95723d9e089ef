/**
 * Opening a dialog from a menu item: wait a frame, until the menu has closed and handed focus back
 * to its trigger, so that the dialog (reka-ui) returns focus to that trigger when it closes.
 */
export function afterMenuCloses(open: () => void): void {
  requestAnimationFrame(() => open())
}

/**
 * For what takes focus from a menu's action without trapping it, as a dialog does (an error in the
 * page): once no menu is open, and after the closed menu has handed focus back to its trigger (a
 * timer its focus scope starts when it goes), which would otherwise take focus back. A failure that
 * is immediate comes before the menu has even gone; one frame is not always enough under load.
 */
export function afterMenuHasClosed(run: () => void): void {
  requestAnimationFrame(() => {
    if (document.querySelector('[role="menu"], [data-focus-scope-unmounting]')) afterMenuHasClosed(run)
    else setTimeout(run, 0)
  })
}
