/** Starts the renderer: pinia, i18n, router, then mounts the app. */
import { createPinia } from 'pinia'
import { createApp } from 'vue'
import App from './App.vue'
import { CLIENT_KEY } from './composables/use-client'
import { createAppI18n, switchLanguage } from './i18n'
import { createAppRouter } from './router'
import { appClient } from './services/transport'
import { BUILTIN_VIEWS, type BuiltinView } from '../../shared/domain/builtin-views'
import { serverNow } from '../../shared/domain/server-time'
import { rememberedOffset } from './stores/server-now'
import { useQueueStore } from './stores/queue'
import { useHubStore } from './stores/hub'
import { useOutboxStore } from './stores/outbox'
import { useSettingsStore } from './stores/settings'
import { useSyncStore } from './stores/sync'
import { afterNextPaint } from './utils/later'
import '@fontsource-variable/noto-sans-tc'
import './styles.css'

const app = createApp(App)
app.provide(CLIENT_KEY, appClient())
app.use(createPinia())

// The queue's first page is what the agent waits for: ask for it now, while the router still
// loads the settings, rather than after the screen has mounted. (Unconfigured, it simply fails
// and the connect screen takes over.)
const opening =
  /^#\/queue\/(\w+)$/.exec(window.location.hash)?.[1] ??
  (/^#?\/?$/.test(window.location.hash) ? 'mine' : null)
if (opening && (BUILTIN_VIEWS as readonly string[]).includes(opening)) {
  void useQueueStore().askEarly(opening as BuiltinView)
}
// The settings decide the route; asked now, their answer is not held up by the first render
// (the router's guard would only ask once mounting is done). The guard awaits this same call.
void useSettingsStore()
  .load()
  .catch(() => undefined)
const i18n = createAppI18n()
app.use(i18n)
const router = createAppRouter()
app.use(router)
// While the answers are on their way the page has nothing to do: on a first start the first use
// of the server's clock (tens of milliseconds to load the zone's rules) is done now, not during
// the first render. Later starts draw the first frame from the offset kept then (the clock's store).
if (rememberedOffset() === undefined) serverNow()
// Mounted once the first route is known, so the shell and the first screen are laid out and
// painted together, once, rather than an empty shell first and everything again.
void router
  .isReady()
  .catch(() => undefined)
  .then(async () => {
    // An English or dark-theme agent's first frame is already in their language and theme: the
    // part that loads only for them is awaited here (a few ms from the app's own files).
    const settings = useSettingsStore()
    const dark =
      settings.theme === 'dark' ||
      (settings.theme === 'system' && window.matchMedia?.('(prefers-color-scheme: dark)').matches)
    await Promise.all([
      switchLanguage(i18n.global, settings.language),
      dark ? import('./dark-theme') : null,
    ]).catch(() => undefined)
    app.mount('#app')
    // The status bar's sources come after the first screen is painted: their answers would
    // otherwise be drawn into that first frame, holding it back.
    afterNextPaint(() => {
      void useSyncStore().start()
      void useOutboxStore().start()
      void useHubStore().start()
    })
  })
