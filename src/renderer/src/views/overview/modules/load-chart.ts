/**
 * The overview's chart component and Chart.js with it, a chunk of their own: asked for as the
 * agent opens the overview (the route's beforeEnter), so it downloads while the screen itself
 * is set up and painted, and never before. Imported by the router: this file holds no chart code.
 */
import type { Component } from 'vue'

let loading: Promise<Component> | null = null

/** The chart component (one download however often it is asked for; asked again after a failure). */
export function loadChart(): Promise<Component> {
  loading ??= import('./chart-canvas.vue').then(
    (m) => m.default,
    (error: unknown) => {
      loading = null
      throw error
    },
  )
  return loading
}
