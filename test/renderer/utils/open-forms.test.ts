/**
 * The forms open in the app's other tabs: a tab says which drafts its forms are typing into when
 * another asks, only while they are open, and what it hears is checked. The other tab here is a
 * channel of the same name, as a second tab of the browser host has.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { formsOpenElsewhere, holdForm } from '../../../src/renderer/src/utils/open-forms'
import { until } from '../harness'

const others: BroadcastChannel[] = []
function otherTab(): BroadcastChannel {
  const tab = new BroadcastChannel('agent-console-open-forms')
  others.push(tab)
  return tab
}
afterEach(() => others.splice(0).forEach((tab) => tab.close()))

describe('forms open in other tabs', () => {
  it('hears the drafts the other tabs are typing into', async () => {
    const tab = otherTab()
    tab.onmessage = (e: MessageEvent) => {
      if ((e.data as { kind: string }).kind === 'ask')
        tab.postMessage({ kind: 'open', keys: ['ticket:6', 'new:12'] })
    }
    expect(await formsOpenElsewhere()).toEqual(new Set(['ticket:6', 'new:12']))
  })

  it('hears nothing when no other tab answers, and ignores what is not an answer', async () => {
    const tab = otherTab()
    tab.onmessage = () => {
      tab.postMessage({ kind: 'open', keys: 'ticket:6' })
      tab.postMessage({ kind: 'open', keys: [6, 'x'.repeat(40)] })
      tab.postMessage('ticket:7')
    }
    expect(await formsOpenElsewhere()).toEqual(new Set())
  })

  it("answers another tab's question with this tab's open forms, while they are open", async () => {
    const tab = otherTab()
    const answers: unknown[] = []
    tab.onmessage = (e: MessageEvent) => answers.push(e.data)
    const release = holdForm('ticket:9')
    tab.postMessage({ kind: 'ask' })
    await until(() => expect(answers).toEqual([{ kind: 'open', keys: ['ticket:9'] }]))
    release()
    release()
    // Closed (a second call changes nothing), it is not said again.
    const later = holdForm('new')
    tab.postMessage({ kind: 'ask' })
    await until(() => expect(answers).toHaveLength(2))
    expect(answers[1]).toEqual({ kind: 'open', keys: ['new'] })
    later()
  })
})
