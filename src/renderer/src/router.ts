/**
 * Routes. Hash history: the app is loaded from app://agent-console/ in Electron and from / in the browser host.
 * Until the agent is connected and has said who they are, every route leads to the connect screen.
 */
import { createRouter, createWebHashHistory, type Router } from 'vue-router'
import { BUILTIN_VIEWS, type BuiltinView } from '../../shared/domain/builtin-views'
import { useOverviewStore } from './stores/overview'
import { useQueueStore } from './stores/queue'
import { useSettingsStore } from './stores/settings'
import { useTicketsStore } from './stores/tickets'
import { ANSWER_WAIT_MS, settledWithin } from './utils/early-answer'
import { loadChart } from './views/overview/modules/load-chart'
import QueueView from './views/queue/index.vue'
import { whenIdle } from './utils/later'

// The queue is in the first bundle (it is what opens); the other screens load on first use.
const ConnectView = () => import('./views/connect/index.vue')
const SettingsView = () => import('./views/settings/index.vue')
const TicketFormView = () => import('./views/ticket-form/index.vue')
const TicketView = () => import('./views/ticket/index.vue')
const OutboxView = () => import('./views/outbox/index.vue')
// Its charts (Chart.js, a chunk of their own) load with it, never with the first screen.
const OverviewView = () => import('./views/overview/index.vue')

declare module 'vue-router' {
  interface RouteMeta {
    /** Full-screen, without side bar and status bar (the connect screen). */
    bare?: boolean
  }
}

export function createAppRouter(): Router {
  const router = createRouter({
    history: createWebHashHistory(),
    routes: [
      { path: '/', redirect: { name: 'queue', params: { view: 'mine' } } },
      { path: '/connect', name: 'connect', component: ConnectView, meta: { bare: true } },
      {
        path: `/queue/:view(${BUILTIN_VIEWS.join('|')})`,
        name: 'queue',
        component: QueueView,
      },
      { path: '/queue/saved/:id', name: 'saved', component: QueueView },
      { path: '/tickets/new', name: 'ticket-new', component: TicketFormView },
      // A negative id: a ticket created here and not sent yet (see ticketRowSchema's outboxId).
      { path: '/tickets/:id(-?\\d+)', name: 'ticket', component: TicketView },
      { path: '/tickets/:id(\\d+)/edit', name: 'ticket-edit', component: TicketFormView },
      { path: '/settings', name: 'settings', component: SettingsView },
      { path: '/outbox', name: 'outbox', component: OutboxView },
      {
        path: '/overview',
        name: 'overview',
        component: OverviewView,
        // The numbers and the charts' code are asked for while the screen's code loads, not after.
        beforeEnter: () => {
          useOverviewStore().prefetch()
          loadChart().catch(() => undefined)
        },
      },
      { path: '/:rest(.*)*', redirect: '/' },
    ],
  })

  // The ticket's screens are what an agent opens next: fetched once the first screen is up and
  // the browser is idle, so the first ticket opened does not wait for its code.
  void router.isReady().then(() => {
    whenIdle(() => void Promise.all([TicketView(), TicketFormView()]).catch(() => undefined), 3000)
  })

  router.beforeEach(async (to, from) => {
    const settings = useSettingsStore()
    if (!settings.loaded) {
      try {
        await settings.load()
      } catch {
        // The host is not answering: the connect screen says so.
      }
    }
    if (!settings.isReady && to.name !== 'connect') return { name: 'connect' }
    // From one view of the queue to another built-in one: the question goes out now, before the
    // router's history work, and the queue screen finds it answered when the route changes. The
    // route waits for that answer (briefly), so the new title, side bar and rows are one patch
    // and one frame; until then the old view stays as it was, and the answer is not kept waiting
    // behind the route's own work.
    if (to.name === 'queue' && (from.name === 'queue' || from.name === 'saved'))
      await settledWithin(
        useQueueStore().startView(String(to.params.view) as BuiltinView),
        ANSWER_WAIT_MS,
      )
    // A ticket's screens: its read travels while their code and setup run.
    if (to.name === 'ticket' || to.name === 'ticket-edit')
      useTicketsStore().prefetch(Number(to.params.id))
    return true
  })
  return router
}
