import { describe, expect, it } from 'vitest'
import MaskedId from '../../src/renderer/src/components/masked-id.vue'
import { fakeApi, mountWithApp } from './harness'

describe('masked national id', () => {
  it('is masked until an explicit click, and can be hidden again', async () => {
    const { wrapper } = await mountWithApp(MaskedId, {
      api: fakeApi({}),
      props: { value: 'A123456789' },
    })
    const value = () => wrapper.find('[data-testid=masked-id-value]').text()
    expect(value()).toBe('A123****89')
    expect(wrapper.text()).not.toContain('A123456789')
    await wrapper.find('[data-testid=masked-id-toggle]').trigger('click')
    expect(value()).toBe('A123456789')
    await wrapper.find('[data-testid=masked-id-toggle]').trigger('click')
    expect(value()).toBe('A123****89')
    wrapper.unmount()
  })
})
