/* eslint-disable vue/one-component-per-file -- test wrappers: a route page and the provider host */
/**
 * Mounts renderer components the way the app does (pinia, i18n, naive-ui providers, a router) over
 * an in-process fake transport: each contract method answered by a handler the test supplies.
 */
import { mount, type VueWrapper } from '@vue/test-utils'
import { vi } from 'vitest'
import {
  NDialogProvider,
  NMessageProvider,
  NNotificationProvider,
  useMessage,
  useNotification,
} from 'naive-ui'
import { createPinia, setActivePinia, type Pinia } from 'pinia'
import { defineComponent, h, onBeforeUnmount, type Component } from 'vue'
import { createMemoryHistory, createRouter, RouterView, type Router } from 'vue-router'
import type {
  Channel,
  EventName,
  OutputOf,
  ParsedInputOf,
} from '../../src/shared/contract/contract'
import { AppError } from '../../src/shared/domain/errors'
import { CLIENT_KEY } from '../../src/renderer/src/composables/use-client'
import { createAppI18n, switchLanguage } from '../../src/renderer/src/i18n'
import {
  createClient,
  type ApiClient,
  type Transport,
} from '../../src/renderer/src/services/client'

export type FakeHandlers = {
  [C in Channel]?: (input: ParsedInputOf<C>) => OutputOf<C> | Promise<OutputOf<C>>
}

export interface FakeApi {
  client: ApiClient
  calls: Array<{ channel: Channel; input: unknown }>
  emit(event: EventName, payload: unknown): void
}

export function fakeApi(handlers: FakeHandlers): FakeApi {
  const calls: FakeApi['calls'] = []
  const listeners = new Map<EventName, Set<(p: unknown) => void>>()
  const transport: Transport = {
    async invoke(channel, input) {
      calls.push({ channel, input })
      const handler = handlers[channel] as ((i: unknown) => unknown) | undefined
      if (!handler)
        return { ok: false, error: { code: 'internal', message: `no fake for ${channel}` } }
      try {
        return { ok: true, value: await handler(input) }
      } catch (e) {
        if (e instanceof AppError) return { ok: false, error: e.toData() }
        return { ok: false, error: { code: 'internal', message: String(e) } }
      }
    },
    subscribe(event, listener) {
      let set = listeners.get(event)
      if (!set) listeners.set(event, (set = new Set()))
      set.add(listener)
      return () => set.delete(listener)
    },
  }
  return {
    client: createClient(transport),
    calls,
    emit: (event, payload) => listeners.get(event)?.forEach((l) => l(payload)),
  }
}

export interface Mounted {
  wrapper: VueWrapper
  router: Router
  /** This app's pinia: `useXStore(pinia)` reaches the screens' stores even when a component of an
   * earlier test (still settling) has made its own pinia the active one. */
  pinia: Pinia
  /** The app's i18n: a test switches the language as the settings screen does. */
  i18n: ReturnType<typeof createAppI18n>
}

/**
 * naive's messages and notifications keep their hide timer when their provider unmounts; fired
 * after the test file's window is gone, it fails the run. Hiding them on unmount clears it.
 */
const HideOnUnmount = defineComponent({
  setup(_, { slots }) {
    const message = useMessage()
    const notification = useNotification()
    onBeforeUnmount(() => {
      message.destroyAll()
      notification.destroyAll()
    })
    return () => slots.default?.()
  },
})

/** Mounts `component` with `props` inside the app's providers. */
export async function mountWithApp(
  component: Component,
  options: {
    api: FakeApi
    props?: Record<string, unknown>
    language?: 'zh-TW' | 'en'
    /** Real screens for some routes (by name), e.g. `{ ticket: TicketView }`; the rest are blank. */
    pages?: Record<string, Component>
    /** Where to start (default '/'). */
    at?: string
  },
): Promise<Mounted> {
  const pinia = createPinia()
  setActivePinia(pinia)
  // The component under test is the home route's content, so route guards work as in the app.
  const Page = defineComponent({ setup: () => () => h(component, options.props ?? {}) })
  const blank = { render: () => null }
  const page = (name: string): Component => options.pages?.[name] ?? blank
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/', name: 'home', component: Page },
      { path: '/queue/:view', name: 'queue', component: page('queue') },
      { path: '/queue/saved/:id', name: 'saved', component: page('saved') },
      { path: '/tickets/new', name: 'ticket-new', component: page('ticket-new') },
      { path: '/tickets/:id', name: 'ticket', component: page('ticket') },
      { path: '/tickets/:id/edit', name: 'ticket-edit', component: page('ticket-edit') },
      { path: '/settings', name: 'settings', component: page('settings') },
      { path: '/connect', name: 'connect', component: page('connect') },
      { path: '/outbox', name: 'outbox', component: page('outbox') },
      { path: '/overview', name: 'overview', component: page('overview') },
    ],
  })
  await router.push(options.at ?? '/')
  await router.isReady()
  const Host = defineComponent({
    setup: () => () =>
      h(NNotificationProvider, null, () =>
        h(NMessageProvider, null, () =>
          h(HideOnUnmount, null, () => h(NDialogProvider, null, () => h(RouterView))),
        ),
      ),
  })
  const i18n = createAppI18n()
  await switchLanguage(i18n.global, options.language ?? 'zh-TW')
  const wrapper = mount(Host, {
    attachTo: document.body,
    global: {
      plugins: [pinia, i18n, router],
      provide: { [CLIENT_KEY as symbol]: options.api.client },
    },
  })
  return { wrapper, router, pinia, i18n }
}

/** Waits for an assertion to hold (a loaded machine makes a first render slower): the tests wait
 * on the condition they then rely on, never on a fixed time. */
export async function until(check: () => void, timeoutMs = 5_000): Promise<void> {
  await vi.waitFor(check, { timeout: timeoutMs, interval: 10 })
}

/** Lets promises and Vue's scheduler settle: a flush, not a wait. A test that needs something to
 * happen waits on it with `until`, or moves a timer on with fake timers, never on a fixed time. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 0))
}
