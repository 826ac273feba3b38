/** Notices the agent should be told once (e.g. a damaged cache set aside and rebuilt). */
import { defineStore } from 'pinia'
import type { Notice } from '../../../shared/contract/contract'
import { useClient } from '../composables/use-client'

export const useNoticesStore = defineStore('notices', () => {
  const api = useClient()

  /**
   * Calls `show` for each notice raised from now on, and for those raised before anyone listened;
   * returns the function that stops listening.
   */
  function listen(show: (notice: Notice) => void): () => void {
    const off = api.on('app:notice', show)
    void api
      .call('app:notices')
      .then((notices) => notices.forEach(show))
      .catch(() => undefined)
    return off
  }

  return { listen }
})
