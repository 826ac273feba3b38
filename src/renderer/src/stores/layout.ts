/**
 * The window's layout choices: whether the side bar is collapsed (to a narrow rail, so the queue
 * fits 1024 px without scrolling sideways) and whether the shortcut list is open. Until the agent
 * collapses or expands it themselves, the side bar follows the window's width; their own choice
 * is kept in this browser's storage and wins from then on.
 */
import { defineStore } from 'pinia'
import { onScopeDispose, ref } from 'vue'

const KEY = 'agent-console.sidebar-collapsed'
/** Below this window width the side bar collapses by itself. */
export const COLLAPSE_BELOW_PX = 1200

function storedChoice(): boolean | null {
  try {
    const stored = window.localStorage.getItem(KEY)
    if (stored === 'true' || stored === 'false') return stored === 'true'
  } catch {
    // Storage may be unavailable (private windows): follow the window's width.
  }
  return null
}

const narrow = (): boolean => typeof window !== 'undefined' && window.innerWidth < COLLAPSE_BELOW_PX

export const useLayoutStore = defineStore('layout', () => {
  let chosen = storedChoice()
  const sidebarCollapsed = ref(chosen ?? narrow())
  const shortcutsOpen = ref(false)

  const onResize = (): void => {
    if (chosen === null) sidebarCollapsed.value = narrow()
  }
  if (typeof window !== 'undefined') {
    window.addEventListener('resize', onResize)
    onScopeDispose(() => window.removeEventListener('resize', onResize))
  }

  function toggleSidebar(): void {
    sidebarCollapsed.value = !sidebarCollapsed.value
    chosen = sidebarCollapsed.value
    try {
      window.localStorage.setItem(KEY, String(chosen))
    } catch {
      // Not kept: the next start follows the width again.
    }
  }

  return { sidebarCollapsed, shortcutsOpen, toggleSidebar }
})
