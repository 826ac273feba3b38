/**
 * The window's layout choices: whether the side bar is collapsed (to a narrow rail, so the queue
 * fits 1024 px without scrolling sideways) and whether the shortcut list is open.
 * - From 1200 px the side bar is expanded until the agent collapses it; that choice is kept in this
 *   browser's storage.
 * - Below 1200 px it is a rail. Expanded by hand there, it opens over the screen for one pick (a
 *   view, a screen) and folds again: pushed beside the queue, it would cut the queue's toolbar
 *   and make the rows scroll sideways. That choice is never kept, so a wide window's choice does
 *   not follow the agent to a narrow one.
 */
import { defineStore } from 'pinia'
import { computed, onScopeDispose, ref } from 'vue'

const KEY = 'agent-console.sidebar-collapsed'
/** Below this window width the side bar collapses by itself. */
export const COLLAPSE_BELOW_PX = 1200

function storedChoice(): boolean | null {
  try {
    const stored = window.localStorage.getItem(KEY)
    if (stored === 'true' || stored === 'false') return stored === 'true'
  } catch {
    // Storage may be unavailable (private windows): the side bar starts expanded.
  }
  return null
}

const isNarrow = (): boolean =>
  typeof window !== 'undefined' && window.innerWidth < COLLAPSE_BELOW_PX

export const useLayoutStore = defineStore('layout', () => {
  /** The agent's choice for wide windows; null until they make one. */
  const wideChoice = ref(storedChoice())
  const narrow = ref(isNarrow())
  /** Below 1200 px: the side bar opened by hand over the screen. */
  const overlay = ref(false)
  const shortcutsOpen = ref(false)

  const sidebarCollapsed = computed(() =>
    narrow.value ? !overlay.value : (wideChoice.value ?? false),
  )

  const onResize = (): void => {
    narrow.value = isNarrow()
    if (!narrow.value) overlay.value = false
  }
  if (typeof window !== 'undefined') {
    window.addEventListener('resize', onResize)
    onScopeDispose(() => window.removeEventListener('resize', onResize))
  }

  function toggleSidebar(): void {
    if (narrow.value) {
      overlay.value = !overlay.value
      return
    }
    wideChoice.value = !sidebarCollapsed.value
    try {
      window.localStorage.setItem(KEY, String(wideChoice.value))
    } catch {
      // Not kept: the next start shows the side bar expanded.
    }
  }

  /** Folds the side bar opened over a narrow window (a pick made, Esc, a click elsewhere). */
  function closeOverlay(): void {
    overlay.value = false
  }

  return { sidebarCollapsed, overlay, shortcutsOpen, toggleSidebar, closeOverlay }
})
