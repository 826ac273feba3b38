/**
 * The window's layout choices: whether the side bar is collapsed (to a narrow rail, so the queue
 * fits 1024 px without scrolling sideways) and whether the shortcut list is open. The agent's
 * choice is kept in this browser's storage; until they choose, narrow windows start collapsed.
 */
import { defineStore } from 'pinia'
import { ref, watch } from 'vue'

const KEY = 'agent-console.sidebar-collapsed'
/** Below this window width the side bar starts collapsed. */
export const COLLAPSE_BELOW_PX = 1200

function initialCollapsed(): boolean {
  try {
    const stored = window.localStorage.getItem(KEY)
    if (stored === 'true' || stored === 'false') return stored === 'true'
  } catch {
    // Storage may be unavailable (private windows): fall back to the window's width.
  }
  return typeof window !== 'undefined' && window.innerWidth < COLLAPSE_BELOW_PX
}

export const useLayoutStore = defineStore('layout', () => {
  const sidebarCollapsed = ref(initialCollapsed())
  const shortcutsOpen = ref(false)

  watch(sidebarCollapsed, (collapsed) => {
    try {
      window.localStorage.setItem(KEY, String(collapsed))
    } catch {
      // Not kept: the next start decides by width again.
    }
  })

  function toggleSidebar(): void {
    sidebarCollapsed.value = !sidebarCollapsed.value
  }

  return { sidebarCollapsed, shortcutsOpen, toggleSidebar }
})
