/** Scripts the UI bench runs in the app's pages (as source text: the app's CSP forbids eval). */
import { WHEN_PAINTED } from '../painted'

/** In the page: a 3-second scroll of the whole queue, its frame times and blank frames. */
export const SCROLL_SCRIPT = `(async () => {
  const el = document.querySelector('[data-testid=ticket-grid]')
  if (!el) return { frames: [], blank: 0, rows: 0 }
  const frames = []
  let blank = 0
  const start = performance.now()
  let last = start
  const startTop = el.scrollTop
  await new Promise((done) => {
    function step(now) {
      frames.push(now - last)
      last = now
      el.scrollTop += 60 // about 3,600 px (100 rows) a second at 60 frames
      if (el.querySelector('.loading')) blank++
      if (now - start < 3000) requestAnimationFrame(step)
      else done()
    }
    requestAnimationFrame(step)
  })
  return { frames: frames.slice(1), blank, rows: Math.round((el.scrollTop - startTop) / 34) }
})()`

/** In the page: time from now until the grid has answered a new question and the frame painted. */
export const INIT_SCRIPT = `
// The host's tickets:query over the page's call socket (a build whose calls go over a WebSocket
// leaves no resource timing): send to the answer's arrival on the page's main thread, which a
// busy page delays, so it counts a little more than the resource timing of a fetch does.
window.__socketQueries = []
{
  const Native = window.WebSocket
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args)
      const sent = new Map()
      const send = this.send.bind(this)
      this.send = (data) => {
        try { const m = JSON.parse(data); if (m.channel === 'tickets:query') sent.set(m.id, performance.now()) } catch {}
        send(data)
      }
      this.addEventListener('message', (e) => {
        try {
          const m = JSON.parse(e.data)
          const at = sent.get(m.id)
          if (at !== undefined) { sent.delete(m.id); window.__socketQueries.push(performance.now() - at) }
        } catch {}
      })
    }
  }
}
// t0 is the moment the agent's input reached the page (click or typing), not when the driver
// started acting, so the driver's own overhead stays out of the numbers.
window.__lastInput = 0
for (const type of ['click', 'input']) {
  document.addEventListener(type, () => { window.__lastInput = performance.now() }, true)
}
const whenPainted = ${WHEN_PAINTED}
window.__bench = {
  nextAnswer(timeoutMs) {
    const grid = () => document.querySelector('[data-testid=ticket-grid]')
    const before = grid() ? grid().getAttribute('data-answered') : null
    return whenPainted(() => {
      const g = grid()
      const shown = g && (g.querySelector('[role=row][data-id]') || g.getAttribute('data-total') === '0')
      return Boolean(shown) && g.getAttribute('data-answered') !== before
    }, performance.now(), timeoutMs)
  },
}
// From the navigation (time 0, before any input) to the first rows painted.
whenPainted(() => document.querySelector('[data-testid=ticket-grid] [role=row][data-id]') !== null, 0, 120000)
  .then((ms) => { if (ms >= 0) window.__firstPage = ms })
`
