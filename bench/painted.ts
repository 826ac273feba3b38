/**
 * In the page, what every bench means by "painted": `(shown, t0, timeoutMs)` resolves with the ms
 * from the agent's last input (or `t0`, if later) until the first frame in which `shown()` holds
 * is painted; -1 after `timeoutMs`. `shown` is checked after each change to the DOM and in each
 * frame (an input's value is a property, which no DOM change reports). A task queued from a
 * frame's callback runs once that frame is painted: seen in a frame's callback, that frame shows
 * it; seen after a change to the DOM, the next frame does. Not one frame later: that frame starts
 * only after the tasks the painted one queued (the screen's next part), which are not this one.
 */
export const WHEN_PAINTED = `((shown, t0, timeoutMs) => new Promise((resolve) => {
  let state = 'waiting'
  const end = (ms) => {
    if (state === 'done') return
    state = 'done'
    mo.disconnect()
    clearTimeout(timer)
    resolve(ms)
  }
  const painted = () => {
    const input = window.__lastInput ?? 0
    end(performance.now() - (input > t0 ? input : t0))
  }
  const seen = (inFrame) => {
    if (state !== 'waiting' || !shown()) return
    state = 'seen'
    if (inFrame) setTimeout(painted, 0)
    else requestAnimationFrame(() => setTimeout(painted, 0))
  }
  const mo = new MutationObserver(() => seen(false))
  const frame = () => {
    seen(true)
    if (state === 'waiting') requestAnimationFrame(frame)
  }
  // Armed first: a page that paints no frame (hidden, frozen) still answers, with -1.
  const timer = setTimeout(() => end(-1), timeoutMs)
  mo.observe(document, { subtree: true, childList: true, attributes: true, characterData: true })
  seen(false)
  requestAnimationFrame(frame)
}))`
